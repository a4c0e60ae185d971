// [SECTION] Share links
//
// A link that reproduces what the learner saw: the editor's script and, when one is open, the
// lesson step or race scenario (an embed's "open full size" adds its setup or file). All of it
// travels in one URL parameter, ?s=<version><data>: version '1' is the payload as JSON,
// compressed with raw DEFLATE (the browser's CompressionStream), in base64url. Nothing is sent
// to a server; a link is as private as the place it is pasted.
//
// A link that is too long, damaged, or from a newer pgplay gets a clear message and changes
// nothing. No DOM here: tests run it in Node (which has CompressionStream too).

export const SHARE_VERSION = '1';
// The longest ?s= value pgplay makes or opens (characters). Browsers take far longer URLs,
// but chat apps, mail and address bars cut them; past this a file is the better way to share.
export const MAX_SHARE_CHARS = 16000;

const FIELDS = { sql: 'string', lesson: 'string', step: 'number', race: 'string', setup: 'string', file: 'string' };

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
  return new Uint8Array(out);
}

// Only the known fields, of the right types; empty ones left out.
function cleanPayload(payload) {
  const out = {};
  for (const [name, type] of Object.entries(FIELDS)) {
    const value = payload && payload[name];
    if (typeof value === type && value !== '' && !(type === 'number' && !(Number.isInteger(value) && value >= 1))) {
      out[name] = value;
    }
  }
  return out;
}

// -> {value} (the ?s= value) or {problem} when the link would be too long.
export async function encodeShare(payload) {
  if (typeof CompressionStream !== 'function') return { problem: 'This browser cannot make share links (it lacks CompressionStream). Update it.' };
  const json = JSON.stringify(cleanPayload(payload));
  const value = SHARE_VERSION + toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')));
  if (value.length > MAX_SHARE_CHARS) {
    return {
      problem: `The script is too long to share as a link (${Math.ceil(value.length / 1000)} kB compressed, at most ` +
        `${MAX_SHARE_CHARS / 1000} kB). Shorten it, or share the database file from the Database menu.`,
    };
  }
  return { value };
}

// -> {payload} or {problem}: a sentence for the learner.
export async function decodeShare(value) {
  if (typeof value !== 'string' || value === '') return { payload: {} };
  if (value.length > MAX_SHARE_CHARS) return { problem: 'This shared link is too long to open. Ask for the script as a file.' };
  const version = value[0];
  if (!/^[0-9]$/.test(version)) return { problem: 'This shared link is damaged: it does not start the way pgplay links do.' };
  if (version !== SHARE_VERSION) {
    return { problem: 'This link was made by a newer version of pgplay. Reload the page to update, then open the link again.' };
  }
  if (typeof DecompressionStream !== 'function') {
    return { problem: 'This browser cannot open share links (it lacks DecompressionStream). Update it.' };
  }
  try {
    const bytes = await pipe(fromBase64Url(value.slice(1)), new DecompressionStream('deflate-raw'));
    if (bytes.length > 4 * 1024 * 1024) throw new Error('too large');
    const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('not an object');
    return { payload: cleanPayload(payload) };
  } catch {
    return { problem: 'This shared link is damaged (part of it may have been cut off when it was copied). Ask for the link again.' };
  }
}

// The page's address with only ?s=<value> (and &embed=1 for an embed's own link, never here).
export function shareUrl(pageUrl, value) {
  const url = new URL(pageUrl);
  url.search = '?s=' + value;
  url.hash = '';
  return url.href;
}
