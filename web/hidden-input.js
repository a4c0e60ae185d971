// [SECTION] The hidden text area
//
// A focused, invisible <textarea> (#pgplay-input) receives keys, text, IME composition and
// clipboard events for the canvas, which cannot hold keyboard focus itself. It sits at the
// editor's caret, so an IME's candidate window opens next to what is being typed.

// zoom: the text size (text-zoom.js): the app's coordinates are CSS pixels divided by it.
export function createHiddenInput(textarea, canvas, zoom = { value: 1 }) {
  return {
    element: textarea,

    focus() {
      // Focused, but the page's selection elsewhere (find-in-page leaves its match selected in
      // the accessible layer): typed text would go to that selection, not here. Bring it back.
      if (document.activeElement === textarea) {
        const selection = document.getSelection();
        if (selection && selection.rangeCount && !textarea.contains(selection.anchorNode) && selection.anchorNode !== textarea) {
          textarea.setSelectionRange(textarea.value.length, textarea.value.length);
        }
        return;
      }
      try {
        textarea.focus({ preventScroll: true });
      } catch {
        textarea.focus();
      }
    },

    // A tap outside any text field on a phone: the on-screen keyboard closes.
    blur() {
      if (document.activeElement === textarea) textarea.blur();
    },

    clear() {
      if (textarea.value !== '') textarea.value = '';
    },

    // Puts text in the area, selected: the browser's copy command copies a selection.
    selectText(text) {
      textarea.value = text;
      textarea.select();
    },

    // x, y: the caret's top-left in CSS pixels relative to the canvas; lineHeight likewise.
    placeAt(x, y, lineHeight) {
      const rect = canvas.getBoundingClientRect();
      const z = zoom.value;
      textarea.style.left = `${Math.round(rect.left + (Number(x) || 0) * z)}px`;
      textarea.style.top = `${Math.round(rect.top + (Number(y) || 0) * z)}px`;
      if (Number(lineHeight) > 0) textarea.style.height = `${Math.round(lineHeight * z)}px`;
    },
  };
}
