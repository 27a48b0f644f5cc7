// A 1,000-node run (scenarios/bitcoin-regions-1000.yaml run long enough for
// about a hundred blocks) opens and plays in Chromium: load time, the time
// of a frame while playing, and the page's size go to
// $CHAINSIM_ARTIFACTS/large-timings.json (docs/outputs.md quotes them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage } from './browser.mjs';
import { ARTIFACTS, runScenario } from './support.mjs';

let browser;
after(async () => { await browser?.close(); });

test('a 1,000-node, 100-block run opens in a few seconds and plays smoothly', async () => {
  const run = runScenario('scenarios/bitcoin-regions-1000.yaml', 'regions-1000', ['--until', '15h']);
  const file = join(run, 'replay.html');
  const bytes = statSync(file).size;
  browser = await launch();
  const started = Date.now();
  const { page, errors } = await openPage(browser.context, file);
  const loadMs = Date.now() - started;
  const info = await page.evaluate(() => ({
    nodes: window.replay.data.meta.total_nodes,
    blocks: window.replay.data.blocks.hash.length - 1,
  }));
  assert.equal(info.nodes, 1000);
  assert.ok(info.blocks >= 90, info.blocks + ' blocks');
  // Play the whole run in about five seconds, then look at the frame times.
  await page.evaluate(() => { window.replay.seek(0); window.replay.setSpeed(12000); window.replay.play(); });
  await page.waitForTimeout(5000);
  await page.evaluate(() => window.replay.pause());
  const frames = (await page.evaluate(() => window.replay.frameTimes())).slice(1).sort((a, b) => a - b);
  const median = frames[Math.floor(frames.length / 2)];
  const p95 = frames[Math.floor(frames.length * 0.95)];
  await page.evaluate(() => window.replay.seek(window.replay.data.meta.duration_ns / 2));
  await page.screenshot({ path: join(ARTIFACTS, 'replay-regions-1000.png') });
  const timings = { page_bytes: bytes, nodes: info.nodes, blocks: info.blocks, load_ms: loadMs,
                    frames: frames.length, frame_median_ms: median, frame_p95_ms: p95 };
  writeFileSync(join(ARTIFACTS, 'large-timings.json'), JSON.stringify(timings, null, 2) + '\n');
  console.log(JSON.stringify(timings));
  assert.deepEqual(errors, []);
  // Usable on a projector laptop: opens within ten seconds, frames well under
  // a tenth of a second (a loaded CI machine included).
  assert.ok(loadMs < 10000, 'load ' + loadMs + ' ms');
  assert.ok(median < 100, 'median frame ' + median + ' ms');
});
