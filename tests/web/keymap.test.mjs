// Key decisions (web/keymap.js): which keys the page keeps from the browser, which Ctrl/Cmd
// letter is copy, cut or paste on any layout, and what AltGr means.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyKeyDown, clipboardLetter, modifiers, releasesCommand, tabLeavesEditor } from '../../web/keymap.js';

// A KeyboardEvent's fields; altGraph makes getModifierState('AltGraph') true.
function key(code, keyValue, { ctrl = false, alt = false, shift = false, meta = false, altGraph = false, ...rest } = {}) {
  return {
    code, key: keyValue, ctrlKey: ctrl, altKey: alt, shiftKey: shift, metaKey: meta,
    getModifierState: (m) => m === 'AltGraph' && altGraph,
    ...rest,
  };
}

describe('modifiers', () => {
  it('reports plain modifiers', () => {
    assert.deepEqual(modifiers(key('KeyA', 'A', { ctrl: true, shift: true })),
      { altGraph: false, ctrl: true, alt: false, shift: true, meta: false });
    assert.deepEqual(modifiers(key('KeyA', 'a', { meta: true, alt: true })),
      { altGraph: false, ctrl: false, alt: true, shift: false, meta: true });
  });

  it('AltGr (Ctrl+Alt on Windows) is neither Ctrl nor Alt', () => {
    const m = modifiers(key('KeyQ', '@', { ctrl: true, alt: true, altGraph: true }));
    assert.deepEqual(m, { altGraph: true, ctrl: false, alt: false, shift: false, meta: false });
  });

  it('works on events without getModifierState', () => {
    assert.equal(modifiers({ code: 'KeyA', key: 'a', ctrlKey: true }).ctrl, true);
  });
});

describe('clipboardLetter', () => {
  it('follows the layout letter', () => {
    assert.equal(clipboardLetter(key('KeyC', 'c')), 'c');
    assert.equal(clipboardLetter(key('KeyX', 'X')), 'x');
    assert.equal(clipboardLetter(key('KeyV', 'v')), 'v');
    // Dvorak: the physical KeyI types 'c'; the physical KeyC types 'j' (not a clipboard key).
    assert.equal(clipboardLetter(key('KeyI', 'c')), 'c');
    assert.equal(clipboardLetter(key('KeyC', 'j')), null);
  });

  it('falls back to the physical key on non-Latin layouts', () => {
    assert.equal(clipboardLetter(key('KeyC', 'с')), 'c');   // Cyrillic es
    assert.equal(clipboardLetter(key('KeyV', 'м')), 'v');
    assert.equal(clipboardLetter(key('KeyX', 'ч')), 'x');
    assert.equal(clipboardLetter(key('KeyA', 'ф')), null);
  });

  it('other keys are not clipboard keys', () => {
    assert.equal(clipboardLetter(key('Enter', 'Enter')), null);
    assert.equal(clipboardLetter(key('KeyA', 'a')), null);
  });
});

describe('classifyKeyDown', () => {
  it('leaves IME keys alone', () => {
    assert.equal(classifyKeyDown(key('KeyA', 'a', { isComposing: true })).kind, 'ime');
    assert.equal(classifyKeyDown(key('KeyA', 'Process', { keyCode: 229 })).kind, 'ime');
  });

  it('prevents editing keys that would move focus, scroll or navigate', () => {
    for (const [code, k] of [['Tab', 'Tab'], ['Enter', 'Enter'], ['Backspace', 'Backspace'], ['ArrowUp', 'ArrowUp'],
      ['PageDown', 'PageDown'], ['Escape', 'Escape'], ['Home', 'Home']]) {
      const a = classifyKeyDown(key(code, k));
      assert.deepEqual([a.kind, a.code, a.prevent], ['key', code, true], code);
    }
  });

  it('lets plain typing through to the input event', () => {
    for (const [code, k] of [['KeyA', 'a'], ['Space', ' '], ['Digit1', '!'], ['Quote', "'"]]) {
      const a = classifyKeyDown(key(code, k, { shift: k === '!' }));
      assert.equal(a.kind, 'key');
      assert.equal(a.prevent, false, code);
    }
  });

  it('keeps Ctrl/Cmd shortcuts for the app, except the browser\'s own', () => {
    assert.equal(classifyKeyDown(key('KeyA', 'a', { ctrl: true })).prevent, true, 'Ctrl+A selects all in the editor');
    assert.equal(classifyKeyDown(key('Enter', 'Enter', { ctrl: true })).prevent, true, 'Ctrl+Enter runs');
    assert.equal(classifyKeyDown(key('KeyZ', 'z', { meta: true })).prevent, true, 'Cmd+Z undoes');
    // Ctrl+E is the browser's "search from the address bar"; in pgplay it explains.
    assert.equal(classifyKeyDown(key('KeyE', 'e', { ctrl: true })).prevent, true, 'Ctrl+E explains');
    for (const [code, k] of [['KeyR', 'r'], ['KeyT', 't'], ['KeyW', 'w'], ['KeyL', 'l'], ['Equal', '='], ['Minus', '-'],
      ['Digit0', '0'], ['Tab', 'Tab'], ['NumpadAdd', '+']]) {
      assert.equal(classifyKeyDown(key(code, k, { ctrl: true })).prevent, false, `Ctrl+${k} stays the browser's`);
    }
    // A layout where + is on another physical key: zoom still goes to the browser.
    assert.equal(classifyKeyDown(key('BracketRight', '+', { ctrl: true })).prevent, false);
  });

  it('copy and cut: forwarded as the letter\'s key, never prevented', () => {
    assert.deepEqual(classifyKeyDown(key('KeyC', 'c', { ctrl: true })),
      { kind: 'copy', letter: 'c', code: 'KeyC', mods: modifiers(key('KeyC', 'c', { ctrl: true })) });
    const dvorakCut = classifyKeyDown(key('KeyB', 'x', { meta: true }));
    assert.equal(dvorakCut.kind, 'copy');
    assert.equal(dvorakCut.code, 'KeyX', 'ImGui gets the key the browser treats as cut');
  });

  it('paste comes from the paste event, not the key', () => {
    assert.equal(classifyKeyDown(key('KeyV', 'v', { ctrl: true })).kind, 'paste');
    assert.equal(classifyKeyDown(key('KeyV', 'м', { meta: true })).kind, 'paste');
  });

  it('Ctrl+Alt+C is not copy', () => {
    const a = classifyKeyDown(key('KeyC', 'c', { ctrl: true, alt: true }));
    assert.equal(a.kind, 'key');
  });

  it('AltGr typing is never prevented and never a shortcut', () => {
    for (const [code, k] of [['KeyQ', '@'], ['Digit7', '{'], ['KeyE', '€'], ['KeyC', 'c'], ['KeyV', 'v']]) {
      const a = classifyKeyDown(key(code, k, { ctrl: true, alt: true, altGraph: true }));
      assert.equal(a.kind, 'key', k);
      assert.equal(a.prevent, false, k);
      assert.equal(a.mods.ctrl, false, k);
    }
  });

  it('a key without a code is forwarded with an empty code', () => {
    assert.equal(classifyKeyDown({ key: 'Unidentified' }).code, '');
  });
});

describe('releasesCommand', () => {
  it('is true for either Meta key', () => {
    assert.equal(releasesCommand(key('MetaLeft', 'Meta')), true);
    assert.equal(releasesCommand(key('MetaRight', 'Meta')), true);
    assert.equal(releasesCommand(key('', 'Meta')), true);
    assert.equal(releasesCommand(key('ControlLeft', 'Control')), false);
  });
});

describe('tabLeavesEditor', () => {
  it('only a plain Tab (or Shift+Tab) right after Escape leaves the editor', () => {
    assert.equal(tabLeavesEditor(key('Tab', 'Tab'), true), true);
    assert.equal(tabLeavesEditor(key('Tab', 'Tab', { shiftKey: true }), true), true);
    assert.equal(tabLeavesEditor(key('Tab', 'Tab'), false), false, 'Tab alone indents');
    assert.equal(tabLeavesEditor(key('Tab', 'Tab', { ctrlKey: true }), true), false);
    assert.equal(tabLeavesEditor(key('KeyA', 'a'), true), false);
  });
});
