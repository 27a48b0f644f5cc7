// A screenshot of a replay page at a moment, in Debian's Chromium:
//   node tests/browser/screenshot.mjs PAGE OUT.png [--at SECONDS] [--node N]
//        [--size 1600x900] [--tamper]
// docs/images/replay.png is made with it (README.md gives the command).
import { parseArgs } from 'node:util';
import { launch, openPage } from './browser.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { at: { type: 'string', default: '0' }, node: { type: 'string' },
             size: { type: 'string', default: '1600x900' }, tamper: { type: 'boolean', default: false } },
});
if (positionals.length !== 2) {
  console.error('usage: node screenshot.mjs PAGE OUT.png [--at SECONDS] [--node N] [--size WxH] [--tamper]');
  process.exit(2);
}
const [width, height] = values.size.split('x').map(Number);
const browser = await launch();
try {
  const { page, errors } = await openPage(browser.context, positionals[0], { width, height });
  await page.evaluate((t) => window.replay.seek(t), Number(values.at) * 1e9);
  if (values.node !== undefined) await page.evaluate((n) => window.replay.selectNode(n), Number(values.node));
  if (values.tamper) await page.evaluate(() => window.replay.openTamper());
  await page.screenshot({ path: positionals[1] });
  if (errors.length) {
    console.error(errors.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
