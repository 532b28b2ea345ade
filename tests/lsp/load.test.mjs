// The load script (load.mjs) run small on every test run: two daemons on one index, 2,000 mixed
// requests in bursts with a fifth cancelled. Nothing fails, every request is answered or
// cancelled, the daemons stay responsive and exit cleanly. Its timings are not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatedRepo } from './harness.mjs';
import { load } from './load.mjs';

test('two daemons under a burst of mixed requests with cancellations lose nothing', async () => {
  const repo = generatedRepo(400);
  const r = await load({ root: repo.root, clients: 2, requests: 2000, burst: 50, cancel: 0.2 });
  assert.equal(r.errors, 0, r.errorSamples.join('\n'));
  assert.equal(r.answered + r.cancelled + r.cancelledButAnswered, r.requests, 'every request got its answer');
  assert.ok(r.cancelled > 0, 'some cancellations reached the daemon in time');
  assert.ok(r.latency.hover.n > 500);
  assert.ok(r.statusAfterMs < 2000, `responsive after the burst: ${r.statusAfterMs} ms`);
  assert.deepEqual(r.exits.map((e) => e.code), [0, 0]);
});
