// [SECTION] Near the viewport
//
// Resolves once `element` is within `marginPx` of what the reader sees. In an iframe this is the
// top-level page's viewport (IntersectionObserver's implicit root), so an embed far down a blog
// post knows when the reader scrolls towards it. Without IntersectionObserver it resolves at once.

export function whenNearViewport(element, marginPx = 600) {
  return new Promise((resolve) => {
    if (typeof IntersectionObserver !== 'function') {
      resolve();
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      resolve();
    }, { rootMargin: `${marginPx}px` });
    observer.observe(element);
  });
}
