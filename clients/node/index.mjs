// jupyter-sessions-mock: start the mock server from a test runner and
// drive its admin API (/__mock/).  Plain ESM, no build step, no
// dependency: Node's child_process and fetch only.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The mock to start when none is named: $MOCK_BINARY, else this
 * repository's build/mock when it has been built, else `mock` on PATH
 * (an installed package).  Null when none of them is there.
 */
const BUILT_BINARY = fileURLToPath(new URL('../../build/mock', import.meta.url));

export function findMockBinary(env = process.env, built = BUILT_BINARY) {
  if (env.MOCK_BINARY) return env.MOCK_BINARY;
  const candidates = [built];
  for (const dir of (env.PATH ?? '').split(delimiter))
    if (dir) candidates.push(join(dir, 'mock'));
  for (const file of candidates) {
    try { accessSync(file, constants.X_OK); return file; } catch { /* next */ }
  }
  return null;
}
const LISTENING = /^mock: listening on (http:\/\/\S+:(\d+))\s*$/;

/** An error of the admin API: its HTTP status and JSON body. */
export class MockError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = 'MockError';
    this.status = status;
    this.body = body;
  }
}

/**
 * Starts the mock on 127.0.0.1 and a free port.
 *   scenario: a file or a shipped scenario's name; seed: ids' seed;
 *   args: more command-line options; binary: the mock's path
 *   (default findMockBinary(): $MOCK_BINARY, else build/mock of this
 *   repository, else `mock` on PATH);
 *   timeoutMs: how long to wait for it to listen.
 * Resolves to a Mock once it listens; rejects with its stderr if it
 * exits or says nothing in time.
 */
export async function startMock({ scenario, seed, args = [], binary = findMockBinary(),
                                  timeoutMs = 10000, env } = {}) {
  const argv = ['--host', '127.0.0.1', '--port', '0', '--quiet'];
  if (scenario !== undefined) argv.push('--scenario', String(scenario));
  if (seed !== undefined) argv.push('--seed', String(seed));
  argv.push(...args);
  if (!binary)
    throw new Error('no mock binary: build it (make), install the package, or set MOCK_BINARY');
  const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    let line = '';
    const fail = (why) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\n--- mock stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`the mock did not listen within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (e) => fail(`cannot start ${binary}: ${e.message}`));
    child.once('exit', (code) => fail(`the mock exited (${code}) before listening`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', function onData(chunk) {
      line += chunk;
      const nl = line.indexOf('\n');
      if (nl < 0) return;
      child.stdout.off('data', onData);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      clearTimeout(timer);
      const m = LISTENING.exec(line.slice(0, nl));
      if (m) resolve(m[1]); else fail(`unexpected first line ${JSON.stringify(line.slice(0, nl))}`);
    });
  });
  child.stdout.resume(); // nothing more is read; do not let the pipe fill
  return new Mock(child, url, () => stderr);
}

/** A running mock: its url and the admin API as methods. */
export class Mock {
  constructor(child, url, stderr) {
    this.process = child;
    this.url = url;
    this.port = Number(new URL(url).port);
    this.stderr = stderr;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** fetch() against the mock: path is "/api/sessions" or the like. */
  fetch(path, init) {
    return fetch(this.url + path, init);
  }

  async admin(method, path, body, query) {
    const qs = query ? '?' + new URLSearchParams(
      Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])) : '';
    const init = { method };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const r = await fetch(`${this.url}/__mock${path}${qs}`, init);
    const text = await r.text();
    const type = r.headers.get('content-type') || '';
    const data = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: r.status, data };
  }

  async ok(method, path, body, query) {
    const { status, data } = await this.admin(method, path, body, query);
    if (status >= 400) throw new MockError(data?.message ?? `HTTP ${status}`, status, data);
    return data;
  }

  /** Store, clock, ids, scenario run and journal back to their start
   * (everything, or one instance: reset({instance: 'w1'})). */
  reset({ instance } = {}) {
    return this.ok('POST', '/reset', undefined, { instance });
  }

  /** GET /__mock/journal: {count, capacity, entries}; filters: since,
   * operation, method, path, status, unmatched, instance, limit. */
  journal(filters = {}) {
    return this.ok('GET', '/journal', undefined, filters);
  }

  /** POST /__mock/verify: resolves {count, expected, matched} when the
   * count holds; rejects with a MockError (status 409, body with
   * near_misses) when not, or 400 for a pattern that is not one. */
  verify(pattern) {
    return this.ok('POST', '/verify', pattern);
  }

  /** Loads a scenario: YAML or JSON text, an object (sent as JSON), or
   * {name} to load --scenario-dir's NAME.yaml.  Rejects with a
   * MockError whose body.errors are --check's FILE:LINE:COL lines. */
  loadScenario(source) {
    if (source && typeof source === 'object' && Object.keys(source).length === 1 && source.name)
      return this.ok('POST', '/scenarios', undefined, { name: source.name });
    return this.ok('POST', '/scenarios', source);
  }

  /** The shared instance replays scenario name (null: none) from its start. */
  selectScenario(name) {
    return this.ok('POST', '/scenarios/select', { scenario: name });
  }

  /** GET /__mock/transcript: the canonical text of the journal. */
  transcript(filters = {}) {
    return this.ok('GET', '/transcript', undefined, filters);
  }

  /** Headers that give a client its own instance of a scenario. */
  instanceHeaders(scenario, instance) {
    return { 'X-Mock-Scenario': instance ? `${scenario}; instance=${instance}` : scenario };
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves to the exit code. */
  async stop({ graceMs = 5000 } = {}) {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGTERM');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    const { code } = await this.exited;
    return code;
  }
}
