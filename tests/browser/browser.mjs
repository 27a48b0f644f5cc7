// Starts Debian's Chromium headless through playwright-core, as these
// machines allow it (no download of a browser of Playwright's own): the
// system binary, no sandbox (CI runs as root), no network traffic of its own
// (background networking, component updates, sync and QUIC off), a fresh
// profile folder each time.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHAINSIM_CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'chainsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 900 },
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Opens `file` from disk (file:// URL) and collects console errors and page
// errors into the returned list.
export async function openPage(context, file, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  // Any request that leaves the file (a CDN, a font) is a failure: the page
  // must work offline.
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:')) {
      errors.push('network request: ' + url);
    }
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => window.replay !== undefined);
  return { page, errors };
}
