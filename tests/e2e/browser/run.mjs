// run.mjs - drives Debian's chromium (playwright-core, no downloaded
// browser) to call the mock with fetch() from a page of another origin.
//
//   node run.mjs MOCK_URL cors-on|cors-off
//
// The page is served by this script on 127.0.0.1:0 (so its origin differs
// from the mock's by the port).  The checks run inside the page; what the
// page saw (statuses, readable headers, bodies, errors) comes back as one
// JSON line on stdout.  Everything is time-bound: each fetch by an
// AbortController, the whole run by a watchdog that exits with status 3.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RUN_TIMEOUT_MS = 60000;
const FETCH_TIMEOUT_MS = 10000;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const [mockUrl, mode] = process.argv.slice(2);
if (!mockUrl || !['cors-on', 'cors-off'].includes(mode)) {
  console.error('usage: node run.mjs MOCK_URL cors-on|cors-off');
  process.exit(2);
}

// ---- what runs in the page ----

// One fetch, summarised: what a page can read of the answer, or the error.
async function call(method, url, { body, json } = {}, timeoutMs) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const init = { method, signal: ctl.signal };
  if (body !== undefined) init.body = body;
  if (json) init.headers = { 'Content-Type': 'application/json' };
  try {
    const r = await fetch(url + '?' + Date.now(), init);
    const text = await r.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
    return {
      status: r.status,
      location: r.headers.get('Location'),
      etag: r.headers.get('Etag'),
      contentType: r.headers.get('Content-Type'),
      text, json: parsed,
    };
  } catch (e) {
    return { error: e.name, message: String(e.message) };
  } finally {
    clearTimeout(timer);
  }
}

// The scenario, evaluated in the page (it must be self-contained: the
// function's source is sent to the browser).
async function pageChecks({ mock, mode, timeoutMs, callSrc }) {
  const call = eval('(' + callSrc + ')');
  const run = (m, u, o) => call(m, u, o, timeoutMs);
  const session = (path) => JSON.stringify({
    path, name: path, type: 'notebook', kernel: { name: 'python3' } });
  const out = { origin: location.origin, mode, steps: {} };
  const s = out.steps;
  const api = mock + '/api/sessions';
  if (mode === 'cors-off') {
    s.plain = await run('POST', api, { body: session('off-plain.ipynb') });
    s.json = await run('POST', api, { body: session('off-json.ipynb'), json: true });
    s.list = await run('GET', api);
    return out;
  }
  // (1) JupyterLab without a token: no Content-Type, so text/plain.
  s.plain = await run('POST', api, { body: session('plain.ipynb') });
  // (2) application/json: the browser preflights it.
  s.json = await run('POST', api, { body: session('json.ipynb'), json: true });
  const id1 = s.plain.json && s.plain.json.id;
  const id2 = s.json.json && s.json.json.id;
  // (3) list, get, patch, delete.
  s.list = await run('GET', api);
  s.get = await run('GET', api + '/' + id1);
  s.patch = await run('PATCH', api + '/' + id1,
    { body: JSON.stringify({ id: id1, name: 'renamed.ipynb' }), json: true });
  s.del = await run('DELETE', api + '/' + id2);
  s.gone = await run('GET', api + '/' + id2);
  s.listAfter = await run('GET', api);
  // The page's own verdicts, so a reader of the JSON sees them at once.
  out.verdicts = {
    plainCreated: s.plain.status === 201 && s.plain.json?.path === 'plain.ipynb'
      && s.plain.location === '/api/sessions/' + id1,
    jsonCreated: s.json.status === 201 && s.json.json?.path === 'json.ipynb'
      && s.json.location === '/api/sessions/' + id2,
    listed: s.list.status === 200 && Array.isArray(s.list.json) && s.list.json.length === 2,
    patched: s.patch.status === 200 && s.patch.json?.name === 'renamed.ipynb',
    deleted: s.del.status === 204 && s.gone.status === 404
      && typeof s.gone.json?.message === 'string',
  };
  return out;
}

// ---- the page's origin: a tiny static server ----

function servePage() {
  const html = '<!doctype html><meta charset="utf-8"><title>cors</title><p>cors test page</p>';
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {  // keeps the page's console clean
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.url === '/' ? html : 'not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'mock-chromium-'));
  let context = null;
  let server = null;
  const watchdog = setTimeout(() => {
    console.error('run.mjs: timed out after ' + RUN_TIMEOUT_MS + ' ms');
    // Playwright kills the browser it launched when the process exits.
    process.exit(3);
  }, RUN_TIMEOUT_MS);
  try {
    server = await servePage();
    const pageUrl = 'http://127.0.0.1:' + server.address().port + '/';
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30000,
    });
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(30000);
    const console_ = [];
    page.on('console', (m) => console_.push(m.type() + ': ' + m.text()));
    await page.goto(pageUrl, { timeout: 30000 });
    const result = await page.evaluate(pageChecks, {
      mock: mockUrl, mode, timeoutMs: FETCH_TIMEOUT_MS, callSrc: call.toString(),
    });
    result.console = console_;
    result.browser = context.browser()?.version() ?? null;
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) server.close();
    rmSync(profile, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
}

main().catch((e) => {
  console.error('run.mjs: ' + (e && e.stack || e));
  process.exit(1);
});
