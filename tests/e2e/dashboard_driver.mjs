// Drives the dashboard example in headless Chromium (test_dashboard.py starts it).
//
//   node dashboard_driver.mjs NODE_MODULES PAGE_URL WS_URL SCREENSHOT
//
// The page is already served and the example server runs (with proj-a started). Another
// dashboard (a plain WebSocket here) starts proj-b; the page starts proj-c through its form,
// sends a start with an empty call flow id (the server answers an `error`), and stops proj-b.
// Prints one JSON line of what the page showed at each step; every wait is bounded.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, pageUrl, wsUrl, screenshot] = process.argv.slice(2);
const require = createRequire(pathToFileURL(join(nodeModules, '..', 'package.json')));
const { chromium } = require('playwright-core');
const WebSocket = require('ws');

const TIMEOUT_MS = 20_000;
setTimeout(() => {
  process.stderr.write('dashboard_driver: timed out\n');
  process.exit(1);
}, 120_000).unref();

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
  timeout: TIMEOUT_MS,
});
const seen = {};
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 560 } });
  page.setDefaultTimeout(TIMEOUT_MS);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const rows = () => page.$$eval('#projects tr', (found) => found.map((row) => row.dataset.projectId));
  const text = (selector) => page.textContent(selector);

  await page.goto(`${pageUrl}?ws=${encodeURIComponent(wsUrl)}`);
  await page.waitForSelector('#connection[data-state="open"]');
  await page.waitForSelector('tr[data-project-id="proj-a"]');
  seen.snapshot = { rows: await rows(), total: await text('#total'), updated: await text('#updated') };

  // Another dashboard starts a project: this page shows it.
  const other = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    other.once('open', resolve);
    other.once('error', reject);
  });
  other.send(
    JSON.stringify({
      event: 'startOutbound',
      payload: {
        project: {
          callFlowId: 'cf-b', projectId: 'proj-b', client_id: 'client-b',
          client_secret: 'TOPSECRET-other', action: 'init', error: null,
        },
      },
    }),
  );
  await page.waitForSelector('tr[data-project-id="proj-b"]');
  seen.afterOther = { rows: await rows(), total: await text('#total'), updated: await text('#updated') };

  // This page starts one, active.
  const fill = async (values) => {
    for (const [name, value] of Object.entries(values)) {
      await page.fill(`#start [name="${name}"]`, value);
    }
  };
  await fill({ projectId: 'proj-c', callFlowId: 'cf-c', clientId: 'client-c', clientSecret: 'TOPSECRET-page' });
  await page.selectOption('#start [name="action"]', 'active');
  await page.click('#start button[type="submit"]');
  await page.waitForSelector('tr[data-project-id="proj-c"]');
  seen.afterStart = {
    rows: await rows(),
    active: await text('#active'),
    connected: await text('#connected'),
    secretField: await page.inputValue('#start [name="clientSecret"]'),
  };

  // A bad request: the server's error is shown.
  await fill({ projectId: 'proj-d', callFlowId: '', clientId: 'client-d', clientSecret: 'TOPSECRET-bad' });
  await page.click('#start button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('error')?.textContent !== '');
  seen.error = await text('#error');
  await page.screenshot({ path: screenshot });

  // Stop proj-b from this page.
  await page.click('tr[data-project-id="proj-b"] button');
  await page.waitForSelector('tr[data-project-id="proj-b"]', { state: 'detached' });
  seen.afterStop = { rows: await rows(), total: await text('#total') };

  seen.html = await page.content();
  seen.pageErrors = pageErrors;
  other.close();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen) + '\n');
process.exit(0);
