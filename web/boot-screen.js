// [SECTION] Boot indicator and fatal errors
//
// #pgplay-boot covers the page until the WebAssembly module has started: a progress bar and
// what PostgreSQL is doing, or, when pgplay cannot run, what went wrong in words.

export function createBootScreen(boot) {
  const part = (selector) => (boot ? boot.querySelector(selector) : null);
  return {
    showError(title, detail) {
      if (!boot) return;
      boot.hidden = false;
      boot.classList.add('error');
      const titleEl = part('.title');
      const detailEl = part('.detail');
      if (titleEl) titleEl.textContent = title;
      if (detailEl) detailEl.textContent = detail || '';
    },

    // Progress text under the bar while loading (ignored once hidden or showing an error).
    setDetail(text) {
      if (!boot || boot.hidden || boot.classList.contains('error')) return;
      const detailEl = part('.detail');
      if (detailEl) detailEl.textContent = text || '';
    },

    hide() {
      if (boot) boot.hidden = true;
    },
  };
}
