// [SECTION] Key decisions
//
// Which keys the page keeps from the browser, which Ctrl/Cmd letter is a clipboard command,
// and what the modifiers mean to ImGui. Pure functions of a KeyboardEvent's fields, so tests
// run them in Node; keyboard.js acts on what they decide.

// Keys whose browser default (move focus, scroll, navigate back, type a newline) would fight
// the editor.
export const EDITING_KEYS = new Set([
  'Tab', 'Enter', 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown',
  'Home', 'End', 'PageUp', 'PageDown', 'Escape',
]);

// Ctrl/Cmd combinations left to the browser: zoom (readability), reload, new/close tab or
// window, the address bar, and tab switching.
export const BROWSER_COMBO_CODES = new Set([
  'Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0',
  'KeyR', 'KeyL', 'KeyT', 'KeyN', 'KeyW', 'KeyQ', 'Tab', 'PageUp', 'PageDown',
]);
export const BROWSER_COMBO_KEYS = new Set(['+', '=', '-', '0']);

export const NO_MODIFIERS = Object.freeze({ altGraph: false, ctrl: false, alt: false, shift: false, meta: false });

// 'c', 'x' or 'v' when this Ctrl/Cmd combination is the browser's copy, cut or paste. The
// browser picks the command by the layout's letter, falling back to the physical key on
// non-Latin layouts; this does the same.
export function clipboardLetter(e) {
  const key = typeof e.key === 'string' && e.key.length === 1 ? e.key.toLowerCase() : '';
  if (key === 'c' || key === 'x' || key === 'v') return key;
  if (/^[a-z]$/.test(key)) return null;
  if (e.code === 'KeyC') return 'c';
  if (e.code === 'KeyX') return 'x';
  if (e.code === 'KeyV') return 'v';
  return null;
}

export function modifiers(e) {
  // AltGr (Ctrl+Alt on Windows) types characters such as @ { € on many layouts; it must not
  // look like a Ctrl shortcut to ImGui, and its text arrives through the input event.
  const altGraph = typeof e.getModifierState === 'function' && !!e.getModifierState('AltGraph');
  return {
    altGraph,
    ctrl: !!e.ctrlKey && !altGraph,
    alt: !!e.altKey && !altGraph,
    shift: !!e.shiftKey,
    meta: !!e.metaKey,
  };
}

// What to do with a keydown:
//   {kind: 'ime'}                          the IME owns the key: leave it alone
//   {kind: 'paste', mods}                  the browser's 'paste' event brings the text
//   {kind: 'copy', letter, code, mods}     Ctrl/Cmd+C or +X: ImGui copies, the browser's
//                                          'copy'/'cut' event delivers (never prevented)
//   {kind: 'key', code, mods, prevent}     forward the key; prevent the browser's default?
export function classifyKeyDown(e) {
  if (e.isComposing || e.keyCode === 229) return { kind: 'ime' };
  const mods = modifiers(e);
  const command = mods.ctrl || mods.meta;
  const letter = command && !mods.alt ? clipboardLetter(e) : null;
  if (letter === 'v') return { kind: 'paste', mods };
  if (letter) return { kind: 'copy', letter, code: 'Key' + letter.toUpperCase(), mods };
  let prevent;
  if (mods.altGraph) prevent = false;
  else if (command) prevent = !(BROWSER_COMBO_CODES.has(e.code) || BROWSER_COMBO_KEYS.has(e.key));
  else prevent = EDITING_KEYS.has(e.key);
  return { kind: 'key', code: e.code || '', mods, prevent };
}

// Tab right after Escape leaves the editor (the browser moves focus on, to the page's action
// buttons, see a11y.js); any other Tab indents. The way out of a code editor keyboard users
// know from other web editors.
export function tabLeavesEditor(e, afterEscape) {
  return afterEscape && e.key === 'Tab' && !e.ctrlKey && !e.metaKey && !e.altKey;
}

// macOS sends no keyup for keys released while Cmd is held: they are released with Cmd.
export function releasesCommand(e) {
  return e.code === 'MetaLeft' || e.code === 'MetaRight' || e.key === 'Meta';
}
