// [SECTION] Fonts
//
// The UI and code fonts load beside the UI module and are handed over before it starts. CJK,
// symbols and emoji live in two large fallback fonts (several MB) fetched only when the app
// meets text that needs them; the C++ then rebuilds its atlas with just those characters.

import { assetUrl } from './assets.js';
import { withBytes } from './heap.js';

const UI_FONTS = ['fonts/ui.ttf', 'fonts/mono.ttf'].map(assetUrl);                                  // slots 0, 1
const FALLBACK_FONTS = ['fonts/fallback-cjk.ttf', 'fonts/fallback-symbols.ttf'].map(assetUrl);   // slots 2, 3

// The file's bytes, or null: without a font file ImGui's built-in font keeps the UI usable.
export async function fetchFont(url) {
  try {
    const response = await fetch(url);
    if (!response.ok) return null;
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    return null;
  }
}

export function fetchUiFonts() {
  return Promise.all(UI_FONTS.map(fetchFont));
}

// Fonts (byte arrays or null) into C++ slots firstSlot, firstSlot + 1, ...
export function handOverFonts(runtime, fonts, firstSlot) {
  fonts.forEach((bytes, i) => {
    if (!bytes || !bytes.length) return;
    runtime.call((m) => withBytes(m, bytes, (ptr, len) => m._pgplay_set_font(firstSlot + i, ptr, len)));
  });
}

// From C++ (pgplay_js_request_fallback_fonts), at most once.
export async function loadFallbackFonts(runtime, frames) {
  handOverFonts(runtime, await Promise.all(FALLBACK_FONTS.map(fetchFont)), 2);
  runtime.call((m) => m._pgplay_fallback_fonts_arrived());
  frames.request();
}
