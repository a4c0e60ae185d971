// Emscripten's getenv() reads its own environment, not the Node process's: hand the
// PGPLAY_* variables the wrapper scripts set (where PGlite, the runner and the lessons are)
// to the C++ side before main() runs.
Module.preRun = (Module.preRun || []).concat([function () {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('PGPLAY_')) ENV[key] = process.env[key];
  }
}]);
