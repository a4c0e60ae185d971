// Frames on demand (web/frames.js), driven by fake timers: nothing runs unless asked, requests
// coalesce into one animation frame, and the earliest timed wish wins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFrameScheduler } from '../../web/frames.js';

// A fake clock with animation frames and timers that run only when the test says so.
function fakeBrowser() {
  let time = 0;
  let nextId = 1;
  const rafs = [];
  const timers = new Map();   // id -> {due, cb}
  return {
    rafs, timers,
    now: () => time,
    requestAnimationFrame: (cb) => { rafs.push(cb); },
    setTimeout: (cb, ms) => { const id = nextId++; timers.set(id, { due: time + ms, cb }); return id; },
    clearTimeout: (id) => { timers.delete(id); },
    runFrames() {
      const due = rafs.splice(0);
      for (const cb of due) cb();
      return due.length;
    },
    advance(ms) {
      time += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].due - b[1].due)) {
        if (t.due <= time) {
          timers.delete(id);
          t.cb();
        }
      }
    },
  };
}

function scheduler(browser, draw = () => true) {
  return createFrameScheduler({
    draw,
    requestAnimationFrame: browser.requestAnimationFrame,
    setTimeout: browser.setTimeout,
    clearTimeout: browser.clearTimeout,
    now: browser.now,
  });
}

describe('frame scheduler', () => {
  it('does nothing until asked', () => {
    const b = fakeBrowser();
    const f = scheduler(b);
    assert.equal(b.rafs.length, 0);
    assert.equal(b.timers.size, 0);
    assert.equal(f.stats.framesDrawn, 0);
  });

  it('many requests before the next animation frame draw one frame', () => {
    const b = fakeBrowser();
    let draws = 0;
    const f = scheduler(b, () => { draws++; return true; });
    for (let i = 0; i < 5; i++) f.request();
    assert.equal(b.rafs.length, 1);
    b.runFrames();
    assert.equal(draws, 1);
    assert.deepEqual(f.stats, { framesDrawn: 1, frameRequests: 5 });
    assert.equal(b.runFrames(), 0, 'and then nothing');
    f.request();
    b.runFrames();
    assert.equal(draws, 2, 'a request after the frame gets a new one');
  });

  it('counts only frames that were drawn', () => {
    const b = fakeBrowser();
    const f = scheduler(b, () => false);   // the app has not started
    f.request();
    b.runFrames();
    assert.equal(f.stats.framesDrawn, 0);
    assert.equal(f.drawNow(), false);
  });

  it('a timed request becomes a frame when due; the earliest wish wins', () => {
    const b = fakeBrowser();
    const f = scheduler(b);
    f.requestAfter(500);
    f.requestAfter(1000);   // later than the pending one: ignored
    assert.equal(b.timers.size, 1);
    f.requestAfter(100);    // earlier: replaces it
    assert.equal(b.timers.size, 1);
    b.advance(99);
    assert.equal(b.rafs.length, 0);
    b.advance(1);
    assert.equal(b.rafs.length, 1, 'due at 100 ms');
    b.runFrames();
    assert.equal(f.stats.framesDrawn, 1);
    b.advance(1000);
    assert.equal(b.rafs.length, 0, 'the replaced timer never fires');
  });

  it('treats a bad or negative delay as now', () => {
    const b = fakeBrowser();
    const f = scheduler(b);
    f.requestAfter(-5);
    f.requestAfter('soon');
    assert.equal(b.timers.size, 1);
    b.advance(0);
    assert.equal(b.rafs.length, 1);
  });

  it('drawNow draws at once, outside the animation frame', () => {
    const b = fakeBrowser();
    const f = scheduler(b);
    assert.equal(f.drawNow(), true);
    assert.equal(f.stats.framesDrawn, 1);
    assert.equal(b.rafs.length, 0);
  });

  it('after stop (a crash) nothing is drawn or scheduled', () => {
    const b = fakeBrowser();
    let draws = 0;
    const f = scheduler(b, () => { draws++; return true; });
    f.requestAfter(50);
    f.request();
    f.stop();
    assert.equal(b.timers.size, 0, 'the pending timer is cleared');
    b.runFrames();   // the frame already asked for finds the scheduler stopped
    f.request();
    f.requestAfter(10);
    b.advance(100);
    assert.equal(b.runFrames(), 0);
    assert.equal(f.drawNow(), false);
    assert.equal(draws, 0);
  });
});
