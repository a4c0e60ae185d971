// [SECTION] The reader's appearance preferences
//
// prefers-color-scheme picks pgplay's light or dark palette, prefers-reduced-motion stops its
// one animation (the spinner while a query runs; the loading bar is CSS and stops by itself).
// Both are read at start and followed while the page is open.

const LIGHT = '(prefers-color-scheme: light)';
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function matches(query) {
  try {
    return typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
  } catch {
    return false;
  }
}

// -> {light, reducedMotion}
export function readAppearance() {
  return { light: matches(LIGHT), reducedMotion: matches(REDUCED_MOTION) };
}

// onChange({light, reducedMotion}) whenever either preference changes.
export function watchAppearance(onChange) {
  if (typeof window.matchMedia !== 'function') return;
  for (const query of [LIGHT, REDUCED_MOTION]) {
    try {
      window.matchMedia(query).addEventListener('change', () => onChange(readAppearance()));
    } catch {
      /* an old browser without MediaQueryList events: the start-up choice stays */
    }
  }
}
