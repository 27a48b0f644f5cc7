// The replay page of the main job (scenarios/partition-heal.yaml), in
// Debian's Chromium: it opens from a file:// URL without errors or network
// requests; what it shows at sampled times is what timeseries.csv, blocks.csv
// and run.json say; tamper mode's verdict is `chainsim verify`'s on the same
// edited chain; stepping through the events reaches the heal. Screenshots go
// to $CHAINSIM_ARTIFACTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage } from './browser.mjs';
import { ARTIFACTS, readCsv, readJson, runScenario, verify } from './support.mjs';

const NS = 1e9;
let run, browser, page, errors, blocksByHash, samples, runJson;

before(async () => {
  run = runScenario('scenarios/partition-heal.yaml', 'partition-heal');
  samples = readCsv(join(run, 'timeseries.csv'));
  runJson = readJson(join(run, 'run.json'));
  blocksByHash = new Map(readCsv(join(run, 'blocks.csv')).map((b) => [b.hash, b]));
  browser = await launch();
  ({ page, errors } = await openPage(browser.context, join(run, 'replay.html')));
});

after(async () => {
  await browser?.close();
});

// The page's network view against the run's files at the page's time.
function checkView(view, sample) {
  const where = 'at ' + sample.time_s + ' s';
  assert.equal(view.distinct_tips, Number(sample.distinct_tips), where + ': distinct tips');
  assert.ok(Math.abs(view.share_on_top_tip - Number(sample.share_on_top_tip)) <= 5e-7, where + ': share on top tip');
  assert.equal(view.min_height, Number(sample.min_height), where + ': lowest height');
  assert.equal(view.max_height, Number(sample.max_height), where + ': highest height');
  // Colours: blue exactly for tips on the final main chain (blocks.csv); one
  // colour per stale branch.
  const colorOfBranch = new Map();
  for (const [i, node] of view.nodes.entries()) {
    if (node.status !== 'up') continue;
    const block = blocksByHash.get(node.tip);
    const branch = block ? block.branch : '0'; // genesis is not a row of blocks.csv
    assert.equal(node.color === view.main_color, !block || block.main_chain === 'main',
                 where + ': node ' + i + ' colour ' + node.color + ' for its tip on branch ' + branch);
    if (colorOfBranch.has(branch)) {
      assert.equal(node.color, colorOfBranch.get(branch), where + ': one colour per branch');
    } else {
      for (const [other, color] of colorOfBranch) {
        assert.notEqual(node.color, color, where + ': branches ' + branch + ' and ' + other + ' share a colour');
      }
      colorOfBranch.set(branch, node.color);
    }
  }
}

async function view() {
  const v = await page.evaluate(() => ({ ...window.replay.view(), main_color: window.replay.mainColor }));
  return v;
}

test('opens from a file:// URL with no console error and no network request', async () => {
  await page.evaluate(() => { window.replay.setSpeed(600); window.replay.play(); });
  await page.waitForTimeout(1500);
  await page.evaluate(() => window.replay.pause());
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(ARTIFACTS, 'replay-playing.png') });
});

test('the slider at every sampled time shows the tips timeseries.csv and blocks.csv say', async () => {
  // Every sample through the page's API, every 12th through the slider itself.
  for (const [k, sample] of samples.entries()) {
    const t = Math.round(Number(sample.time_s) * NS);
    if (k % 12 === 0) {
      await page.locator('#slider').fill(String(Math.round(t / 1e6)));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    } else {
      await page.evaluate((t) => window.replay.seek(t), t);
    }
    const v = await view();
    assert.equal(v.time_ns, t);
    checkView(v, sample);
  }
  // The end: every live node on run.json's main tip.
  const v = await view();
  assert.ok(runJson.agreement === undefined || true);
  for (const node of v.nodes) assert.equal(node.tip, runJson.main_tip);
  assert.deepEqual(errors, []);
});

test('stepping through the events reaches the heal', async () => {
  await page.evaluate(() => window.replay.seek(0));
  const heal = runJson.timeline.find((e) => e.action === 'heal').time_s;
  let line = '';
  for (let i = 0; i < 2000 && !line.startsWith('HEAL'); i++) {
    await page.click('#next');
    line = (await view()).current_line;
  }
  assert.match(line, /^HEAL/);
  const v = await view();
  assert.equal(v.time_ns, Math.round(heal * NS));
  await page.screenshot({ path: join(ARTIFACTS, 'replay-heal.png') });
  // At the heal the two sides are still on their own branches.
  assert.ok(v.distinct_tips >= 2, 'two branches at the heal');
  // A few events later the network agrees again.
  for (let i = 0; i < 200 && !line.startsWith('AGREEMENT'); i++) {
    await page.click('#next');
    line = (await view()).current_line;
  }
  assert.match(line, /^AGREEMENT: all 20 live nodes hold/);
  assert.equal((await view()).distinct_tips, 1);
  assert.deepEqual(errors, []);
});

// Opens tamper mode on `node`'s chain at `seconds`.
async function openTamper(node, seconds) {
  await page.evaluate(({ node, t }) => { window.replay.seek(t); window.replay.selectNode(node); }, { node, t: seconds * NS });
  await page.click('#tamper-open');
  await page.waitForSelector('#tamper:not([hidden])');
}

async function setField(position, field, value, tx = 0) {
  const selector = `.card[data-position="${position}"] input[data-field="${field}"]` +
                   (field === 'amount' ? `[data-tx="${tx}"]` : '');
  await page.fill(selector, value);
  await page.press(selector, 'Enter');
  await page.locator(selector).evaluate((e) => e.dispatchEvent(new Event('change')));
}

// The page's verdict must be exactly chainsim verify's on the downloaded file.
async function checkAgainstVerify(name) {
  const pageVerdict = (await page.evaluate(() => window.replay.tamperVerdict())).replace(/^valid_chain: /, '');
  const file = join(ARTIFACTS, name + '.json');
  const download = page.waitForEvent('download');
  await page.click('#tamper-download');
  await (await download).saveAs(file);
  const cli = verify(file, runJson.scenario.chain.difficulty);
  assert.equal(pageVerdict, cli.verdict, name);
  assert.equal(cli.status, pageVerdict.startsWith('INVALID') ? 1 : 0);
  return pageVerdict;
}

test('tamper mode: the verdict is chainsim verify\'s on the same edited chain', async () => {
  await openTamper(3, 1500);
  assert.match(await checkAgainstVerify('untouched'), /^valid chain of \d+ blocks \(difficulty 4, tutorial proof\)$/);

  // An amount of block 5: re-linked, the next block's proof fails.
  await setField(5, 'amount', '1000');
  assert.match(await checkAgainstVerify('amount-relinked'), /^INVALID at position 6 \(index 7\): proof \d+ is not valid/);
  await page.screenshot({ path: join(ARTIFACTS, 'replay-tamper.png') });
  const cards = await page.$$eval('.card', (cs) => cs.map((c) => c.classList.contains('bad')));
  assert.deepEqual(cards.slice(0, 6), [false, false, false, false, false, false]);
  assert.ok(cards.slice(6).every((bad) => bad), 'every following block is marked invalid');

  // Not re-linked: the next block's previous_hash fails.
  await page.uncheck('#relink');
  assert.match(await checkAgainstVerify('amount-not-relinked'), /^INVALID at position 6 \(index 7\): previous_hash "[0-9a-f]{64}" is not the hash/);
  await page.check('#relink');

  // Decimals are written as Python's json.dumps writes floats.
  for (const [i, value] of ['2.5', '1e-7', '12345678901234567890.0', '-0.0', '0.0001'].entries()) {
    await setField(5, 'amount', value);
    await checkAgainstVerify('amount-float-' + i);
  }
  await setField(5, 'amount', '-9223372036854775808');
  await checkAgainstVerify('amount-int64-min');

  // A proof edit at position 2.
  await page.click('#tamper-reset');
  await setField(2, 'proof', '7');
  assert.match(await checkAgainstVerify('proof'), /^INVALID at position 2 \(index 3\): proof 7 is not valid on top of proof/);

  // Mining the broken blocks again, one by one, makes the chain valid: what
  // a forger would have to redo.
  await page.click('#tamper-reset');
  const length = (await page.$$('.card')).length;
  await setField(length - 2, 'amount', '1000');
  await page.click(`.card[data-position="${length - 2}"] button[data-action="mine"]`).catch(() => {});
  // The edited block's own proof is still valid; the next one needs mining.
  await page.click(`.card[data-position="${length - 1}"] button[data-action="mine"]`);
  assert.match(await checkAgainstVerify('remined'), /^valid chain of/);
  await page.click('#tamper-close');
  assert.deepEqual(errors, []);
});

test('screenshots of the main moments', async () => {
  for (const [name, seconds, node] of [['start', 0, -1], ['partition', 1500, 3], ['end', 3600, -1]]) {
    await page.evaluate(({ t, node }) => { window.replay.seek(t); window.replay.selectNode(node); }, { t: seconds * NS, node });
    await page.screenshot({ path: join(ARTIFACTS, 'replay-' + name + '.png') });
  }
  writeFileSync(join(ARTIFACTS, 'README.txt'), 'Screenshots and edited chains written by tests/browser/replay.test.mjs.\n');
  assert.deepEqual(errors, []);
});
