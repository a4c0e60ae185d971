// The page's database workers share one compiled engine: the first downloads it, the others
// wait for it instead of downloading the same 15 MB again, and a failed download passes the
// job to the next in line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEngineShare } from '../../web/db-bridge.js';

describe('createEngineShare', () => {
  it('the first taker downloads; later takers get the engine it keeps', async () => {
    const share = createEngineShare();
    assert.equal(await share.take(), null, 'the first one downloads');
    const second = share.take();
    const third = share.take();
    const engine = { compiled: true };
    share.keep(engine);
    assert.equal(await second, engine);
    assert.equal(await third, engine);
    assert.equal(await share.take(), engine, 'and every later one, at once');
  });

  it('when the download fails, exactly one waiting taker downloads next', async () => {
    const share = createEngineShare();
    assert.equal(await share.take(), null);
    const second = share.take();
    const third = share.take();
    share.giveUp();
    assert.equal(await second, null, 'the next in line downloads');
    let thirdSettled = false;
    third.then(() => { thirdSettled = true; });
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(thirdSettled, false, 'the one after it keeps waiting');
    const engine = { compiled: true };
    share.keep(engine);
    assert.equal(await third, engine);
  });

  it('giving up with nobody waiting lets the next taker download', async () => {
    const share = createEngineShare();
    assert.equal(await share.take(), null);
    share.giveUp();
    assert.equal(await share.take(), null);
  });
});
