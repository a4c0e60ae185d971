// [SECTION] Clipboard
//
// ImGui copies by calling set(). The system clipboard is written two ways: the async Clipboard
// API (may be refused without a user gesture or outside a secure context) and the browser's own
// copy/cut event, which Ctrl/Cmd+C and +X reach because their keydown is not cancelled. Chrome
// fires that event only when something is selected, so the copied text is also put, selected,
// into the hidden textarea for the moment of the copy. freshCopy is text ImGui copied that no
// copy event has delivered yet: a copy with nothing selected in the app never puts stale text
// on the clipboard. Pasting is keyboard.js's part (the 'paste' event).

export function createClipboard(hiddenInput) {
  let freshCopy = null;
  let inClipboardKey = false;   // inside the keydown of Ctrl/Cmd+C or +X

  function set(text) {
    const copied = String(text ?? '');
    freshCopy = copied;
    // Copies not made by a Ctrl/Cmd+C keystroke (a "Copy" button) when the Clipboard API is
    // refused: the old execCommand way, which needs the text selected in a focused field.
    const fallback = () => {
      if (inClipboardKey || freshCopy !== copied) return;   // the keystroke's copy event carries it
      try {
        hiddenInput.focus();
        hiddenInput.selectText(copied);
        document.execCommand('copy');   // fires 'copy', handled by onCopyOrCut
      } catch {
        /* nothing more to try */
      } finally {
        hiddenInput.clear();
      }
    };
    try {
      if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
        navigator.clipboard.writeText(copied).then(() => {
          if (!inClipboardKey && freshCopy === copied) freshCopy = null;   // delivered
        }, fallback);
      } else {
        fallback();
      }
    } catch {
      fallback();
    }
  }

  // The keydown of Ctrl/Cmd+C or +X: ImGui must copy (calling set) before the browser's copy
  // event, which comes right after the key handler returns. drawNow() draws a frame at once; a
  // second covers a typed character queued just before, which ImGui's input trickling handles
  // first. The copied text is left selected for the browser's copy command.
  function copyFromKeystroke(drawNow) {
    inClipboardKey = true;
    freshCopy = null;
    try {
      drawNow();
      if (freshCopy === null) drawNow();
    } finally {
      inClipboardKey = false;
    }
    if (freshCopy !== null) {
      hiddenInput.selectText(freshCopy);
      setTimeout(() => hiddenInput.clear(), 0);   // the copy runs right after the handler, before any timer
    }
  }

  function onCopyOrCut(e) {
    // Nothing fresh from ImGui: keep the browser's default (for the empty textarea, nothing).
    if (freshCopy === null || !e.clipboardData) return;
    e.clipboardData.setData('text/plain', freshCopy);
    e.preventDefault();
    freshCopy = null;
    hiddenInput.clear();
  }

  // On the document: execCommand('copy') fires at whatever has focus; onCopyOrCut only acts on
  // text ImGui has just copied.
  function attach(guard) {
    document.addEventListener('copy', guard(onCopyOrCut));
    document.addEventListener('cut', guard(onCopyOrCut));
  }

  // Text the page copies by itself (a share link): true when the Clipboard API took it. No
  // fallback: the share dialog shows the link with its own Copy button.
  async function copyText(text) {
    try {
      if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') return false;
      await navigator.clipboard.writeText(String(text));
      return true;
    } catch {
      return false;
    }
  }

  return { copyText, set, copyFromKeystroke, attach };
}
