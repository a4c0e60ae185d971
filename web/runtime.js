// [SECTION] The WebAssembly module and its guard
//
// One small object says what state the C++ side is in, and every call into it goes through
// call(): a C++ abort (an assertion, out of memory) becomes one crash report, never an uncaught
// exception in an event handler, and nothing more is sent to a module that has aborted.

// Readable text for anything thrown (one definition, shared with the worker's runner).
export { describeError } from './pglite-runner.js';

// onCrash(err): called once, the first time the module aborts.
export function createRuntime({ onCrash }) {
  const runtime = {
    module: null,      // the Emscripten module once it has been instantiated
    started: false,    // pgplay_start succeeded: the C++ app exists and frames may be drawn
    crashed: false,    // the WebAssembly side aborted: nothing more is sent to it

    // fn(module) when the module is there and has not crashed; its value, or undefined.
    call(fn) {
      if (!runtime.module || runtime.crashed) return undefined;
      try {
        return fn(runtime.module);
      } catch (err) {
        runtime.crash(err);
        return undefined;
      }
    },

    // Like call(), only once the C++ app has started.
    callApp(fn) {
      return runtime.started ? runtime.call(fn) : undefined;
    },

    crash(err) {
      if (runtime.crashed) return;
      runtime.crashed = true;
      onCrash(err);
    },
  };
  return runtime;
}
