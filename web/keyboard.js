// [SECTION] Keyboard, text and IME
//
// Listening on the hidden textarea, not on window, means keys meant for the rest of an
// embedding page are never taken. Keys go to C++ by KeyboardEvent.code (the physical key);
// text comes separately from 'input' and 'compositionend' events, so IME, dead keys, emoji
// pickers and phone keyboards all type correctly. keymap.js decides what each key means.

import { withCString } from './heap.js';
import { NO_MODIFIERS, classifyKeyDown, modifiers, releasesCommand, tabLeavesEditor } from './keymap.js';

export function attachKeyboard({ hiddenInput, runtime, frames, clipboard, guard }) {
  const input = hiddenInput.element;
  // Keys forwarded as down and not yet released, by e.code -> the code sent to C++.
  const heldKeys = new Map();
  let afterEscape = false;   // the last key pressed was Escape: Tab now leaves the editor

  function sendKey(code, down, mods) {
    runtime.callApp((m) => withCString(m, code, (ptr) =>
      m._pgplay_input_key(ptr, down ? 1 : 0, mods.ctrl ? 1 : 0, mods.shift ? 1 : 0, mods.alt ? 1 : 0, mods.meta ? 1 : 0)));
  }

  function pressKey(code) {
    sendKey(code, true, NO_MODIFIERS);
    sendKey(code, false, NO_MODIFIERS);
    frames.request();
  }

  function releaseHeldKeys(mods = NO_MODIFIERS) {
    for (const code of heldKeys.values()) sendKey(code, false, mods);
    heldKeys.clear();
  }

  function onKeyDown(e) {
    if (!runtime.started) return;
    if (tabLeavesEditor(e, afterEscape)) {
      afterEscape = false;
      return;   // not forwarded, not prevented: the browser moves focus
    }
    // An Escape that only closes the editor's completion list does not arm Tab-leaves.
    afterEscape = e.key === 'Escape' && runtime.callApp((m) => m._pgplay_completion_open()) !== 1;
    const action = classifyKeyDown(e);
    // Paste: the browser fires 'paste' with the clipboard text, which presses Ctrl+V for ImGui
    // (pgplay_input_paste); forwarding the key as well would paste stale text first.
    if (action.kind === 'ime' || action.kind === 'paste') return;

    heldKeys.set(e.code || action.code, action.code);
    sendKey(action.code, true, action.mods);

    if (action.kind === 'copy') {
      clipboard.copyFromKeystroke(frames.drawNow);
      frames.request();
      return;   // not cancelled: the browser fires 'copy' / 'cut'
    }
    if (action.prevent) e.preventDefault();
    frames.request();
  }

  function onKeyUp(e) {
    if (!runtime.started) return;
    const mods = modifiers(e);
    const id = e.code || '';
    const code = heldKeys.has(id) ? heldKeys.get(id) : id;
    heldKeys.delete(id);
    sendKey(code, false, mods);
    if (releasesCommand(e)) releaseHeldKeys(mods);
    frames.request();
  }

  function sendText(text) {
    if (!text || !runtime.started) return;
    runtime.call((m) => withCString(m, text, (ptr) => m._pgplay_input_text(ptr)));
    frames.request();
  }

  function onInput(e) {
    const type = e.inputType || '';
    // During composition the textarea holds the IME's draft; touching it would cancel it.
    if (e.isComposing || type === 'insertCompositionText') return;
    if (type === 'insertLineBreak' || type === 'insertParagraph') {
      pressKey('Enter');   // a phone keyboard's Enter (a physical one is handled as a key)
    } else if (type === 'deleteContentBackward') {
      pressKey('Backspace');   // a phone keyboard's backspace arrives only as an input event
    } else if (type === 'deleteContentForward') {
      pressKey('Delete');
    } else if (e.data) {
      sendText(e.data);
    } else if (type === 'insertReplacementText' && e.dataTransfer) {
      sendText(e.dataTransfer.getData('text/plain'));
    }
    input.value = '';
  }

  function onCompositionEnd(e) {
    if (e.data) sendText(e.data);
    input.value = '';
  }

  function onPaste(e) {
    e.preventDefault();
    if (!runtime.started) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    if (!text) return;
    const normalized = text.replace(/\r\n?/g, '\n');   // Windows line ends
    runtime.call((m) => withCString(m, normalized, (ptr) => m._pgplay_input_paste(ptr)));
    frames.request();
  }

  function onFocus() {
    if (!runtime.started) return;
    runtime.call((m) => m._pgplay_input_focus(1));
    frames.request();
  }

  function onBlur() {
    if (!runtime.started) return;
    releaseHeldKeys();   // keys released while focus was elsewhere would otherwise stick
    runtime.call((m) => m._pgplay_input_focus(0));
    frames.request();
  }

  input.addEventListener('keydown', guard(onKeyDown));
  input.addEventListener('keyup', guard(onKeyUp));
  input.addEventListener('input', guard(onInput));
  input.addEventListener('compositionend', guard(onCompositionEnd));
  input.addEventListener('paste', guard(onPaste));
  input.addEventListener('focus', guard(onFocus));
  input.addEventListener('blur', guard(onBlur));
  clipboard.attach(guard);
}
