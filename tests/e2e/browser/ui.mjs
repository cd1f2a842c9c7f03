// ui.mjs - drives Debian's chromium (playwright-core) through the mock's
// demo page at /__mock/ui, the way a presenter does, by keyboard where a
// presenter would use it.
//
//   node ui.mjs MOCK_URL SCREENSHOT.png
//
// Steps: load the page and see it live; create a session (Enter in the
// form) and see it listed and journaled; rename it; delete it; switch the
// shared instance to the server-error-500 scenario from the page's list
// (by keyboard); create again and see the scenario's 500 shown; see the
// next step and the coverage; screenshot; drop a client's instance.  Then it prints "restart" and
// waits for a line on
// stdin: meanwhile the caller restarts the mock on the same port, and the
// page must come back live on its own.  The result is one JSON line on
// stdout.  Console errors fail the run, except the browser's own
// "Failed to load resource" lines for the statuses the steps expect
// (the 500, and connection refused while the mock is down).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 90000;
const STEP_TIMEOUT_MS = 15000;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const [mockUrl, shot] = process.argv.slice(2);
if (!mockUrl || !shot) {
  console.error('usage: node ui.mjs MOCK_URL SCREENSHOT.png');
  process.exit(2);
}

const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'mock-ui-'));
  const out = { steps: {}, console: [], pageErrors: [] };
  let context = null;
  const watchdog = setTimeout(() => {
    console.error('ui.mjs: timed out after ' + RUN_TIMEOUT_MS + ' ms');
    process.exit(3);
  }, RUN_TIMEOUT_MS);
  let phase = 'start';
  const step = async (name, fn) => {
    try { out.steps[name] = await fn() ?? true; } catch (e) { out.steps[name] = 'FAILED: ' + e.message.split('\n')[0]; }
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30000,
      viewport: { width: 1600, height: 1000 },
    });
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('console', (m) => { if (m.type() === 'error') out.console.push(phase + ': ' + m.text()); });
    page.on('pageerror', (e) => out.pageErrors.push(String(e)));
    const row = (tbody, text) => page.locator('#' + tbody + ' tr', { hasText: text });

    await step('live', async () => {
      await page.goto(mockUrl + '/__mock/ui');
      await page.locator('#conn', { hasText: 'live' }).waitFor();
      return await page.title();
    });
    await step('created', async () => {
      phase = 'create';
      await page.keyboard.press('n');  // the page's key for "new notebook"
      await page.keyboard.type('tour.ipynb');
      await page.keyboard.press('Enter');
      await row('sessions', 'tour.ipynb').waitFor();
      await row('journal', 'POST /api/sessions').filter({ hasText: '201' }).waitFor();
      return await page.locator('#banner').textContent();
    });
    await step('renamed', async () => {
      phase = 'rename';
      await page.getByRole('button', { name: 'rename tour.ipynb' }).click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('renamed.ipynb');
      await page.keyboard.press('Enter');
      await row('sessions', 'renamed.ipynb').waitFor();
      await row('journal', 'PATCH /api/sessions/').filter({ hasText: '200' }).waitFor();
      return true;
    });
    await step('deleted', async () => {
      phase = 'delete';
      await page.getByRole('button', { name: 'delete renamed.ipynb' }).click();
      await row('sessions', 'no sessions').waitFor();
      await row('journal', 'DELETE /api/sessions/').filter({ hasText: '204' }).waitFor();
      return true;
    });
    await step('switched', async () => {
      phase = 'switch';
      await page.keyboard.press('s');  // the page's key for the scenario list
      await page.selectOption('#scenario-pick', 'server-error-500');
      await page.keyboard.press('Enter');
      await page.locator('#banner.info', { hasText: 'server-error-500' }).waitFor();
      await page.locator('#next-step', { hasText: 'server-error-500' }).waitFor();
      await page.locator('#instances tr', { hasText: 'server-error-500' }).waitFor();
      return await page.locator('#banner').textContent();
    });
    await step('error', async () => {
      phase = 'error';
      await page.fill('#new-path', 'second.ipynb');
      await page.click('#create-btn');
      await page.locator('#banner.error').waitFor();
      await row('journal', 'POST /api/sessions').filter({ hasText: '500' }).waitFor();
      // The count beside the heading is the rows shown (read in one go:
      // both change together at the next poll).
      const [rows, label] = await page.evaluate(() =>
        [document.querySelectorAll('#journal tr').length, document.getElementById('journal-count').textContent]);
      if (label !== '(' + rows + (rows === 1 ? ' request)' : ' requests)'))
        throw new Error(`journal heading says '${label}' beside ${rows} rows`);
      return await page.locator('#banner').textContent();
    });
    await step('scenario', async () => page.locator('#next-step').textContent());
    await step('coverage', async () => {
      await page.locator('#coverage-box tr', { hasText: 'sessionsUpdate' }).locator('.used').first().waitFor();
      return await page.locator('#coverage-box .covsum').textContent();
    });
    await step('screenshot', async () => {
      await page.screenshot({ path: shot });
      return shot;
    });
    await step('instances', async () => {
      // The caller made a client's instance "w1" (X-Mock-Scenario) before.
      await page.locator('#instances tr', { hasText: 'w1' }).waitFor();
      await page.getByRole('button', { name: 'drop instance w1' }).click();
      await page.locator('#instances tr', { hasText: 'w1' }).waitFor({ state: 'detached' });
      return true;
    });
    await step('reconnected', async () => {
      phase = 'restart';
      process.stdout.write('restart\n');
      await nextLine();  // the mock has been stopped and started again
      await page.locator('#banner', { hasText: 'restarted' }).waitFor();
      await page.locator('#conn', { hasText: 'live' }).waitFor();
      await row('journal', 'no requests yet').waitFor();
      return await page.locator('#banner').textContent();
    });
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    clearTimeout(watchdog);
    lines.close();
  }
}

main().catch((e) => {
  console.error('ui.mjs: ' + (e && e.stack || e));
  process.exit(1);
});
