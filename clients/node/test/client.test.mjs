// The helper against the real binary ($MOCK_BINARY, set by make test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMock, findMockBinary, MockError } from '../index.mjs';

const CREATE = (path) => ({ method: 'POST', body: JSON.stringify({ path, type: 'notebook' }) });

test('startMock listens on a free port and stop() ends it with 0', async () => {
  const mock = await startMock({ scenario: 'create-501' });
  try {
    assert.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await mock.fetch('/api/sessions');
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '[]');
  } finally {
    assert.equal(await mock.stop(), 0);
  }
});

test('the seed decides the ids', async () => {
  const ids = [];
  for (const seed of [7, 7, 8]) {
    const mock = await startMock({ seed });
    try {
      ids.push((await (await mock.fetch('/api/sessions', CREATE('a.ipynb'))).json()).id);
    } finally {
      await mock.stop();
    }
  }
  assert.equal(ids[0], ids[1]);
  assert.notEqual(ids[0], ids[2]);
});

test('reset, journal and verify', async () => {
  const mock = await startMock({ scenario: 'create-501' });
  try {
    await mock.fetch('/api/sessions', CREATE('a.ipynb'));
    const second = await mock.fetch('/api/sessions', CREATE('b.ipynb'));
    assert.equal(second.status, 501);
    const j = await mock.journal({ operation: 'sessionsCreate' });
    assert.equal(j.count, 2);
    assert.deepEqual(j.entries.map((e) => e.status), [201, 501]);
    const v = await mock.verify({ method: 'POST', path: '/api/sessions', count: 2 });
    assert.equal(v.count, 2);
    await assert.rejects(mock.verify({ method: 'DELETE', count: 1 }), (e) =>
      e instanceof MockError && e.status === 409 && Array.isArray(e.body.near_misses));
    await assert.rejects(mock.verify({ nope: 1 }), (e) => e.status === 400);
    await mock.reset();
    assert.equal((await mock.journal()).count, 0);
    assert.equal((await mock.fetch('/api/sessions', CREATE('c.ipynb'))).status, 201);
  } finally {
    await mock.stop();
  }
});

test('loadScenario checks what it loads and selectScenario serves it', async () => {
  const mock = await startMock();
  try {
    const bad = 'scenario: bad\nsteps:\n  - match: {operation: nope}\n';
    await assert.rejects(mock.loadScenario(bad), (e) =>
      e.status === 400 && e.body.errors[0] === "body:3:24: error: unknown operation 'nope'");
    const loaded = await mock.loadScenario({
      scenario: 'json-one', off_script: 'state',
      steps: [{ match: { operation: 'sessionsCreate' }, respond: { status: 500 } }],
    });
    assert.equal(loaded.name, 'json-one');
    await mock.selectScenario('json-one');
    assert.equal((await mock.fetch('/api/sessions', CREATE('a.ipynb'))).status, 500);
    assert.equal((await mock.loadScenario({ name: 'delete-410' })).name, 'delete-410');
  } finally {
    await mock.stop();
  }
});

test('instanceHeaders give each test worker its own instance', async () => {
  const mock = await startMock();
  try {
    const answers = await Promise.all(['w1', 'w2'].map(async (key) => {
      const headers = mock.instanceHeaders('create-501', key);
      const a = await mock.fetch('/api/sessions', { ...CREATE('a.ipynb'), headers });
      const b = await mock.fetch('/api/sessions', { ...CREATE('b.ipynb'), headers });
      return [a.status, await a.text(), b.status];
    }));
    assert.deepEqual(answers[0], answers[1]);
    assert.equal(answers[0][2], 501);
    await mock.reset({ instance: 'w1' });
    await assert.rejects(mock.reset({ instance: 'nope' }), (e) => e.status === 404);
  } finally {
    await mock.stop();
  }
});

test('startMock rejects with the stderr of a mock that cannot start', async () => {
  await assert.rejects(startMock({ scenario: 'no-such-scenario' }), /exited .* before listening[\s\S]*no-such-scenario/);
  await assert.rejects(startMock({ binary: '/nonexistent/mock' }), /cannot start/);
});

test('findMockBinary: $MOCK_BINARY, else the build, else mock on PATH, else null', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-path-'));
  try {
    const onPath = join(dir, 'mock');
    const absent = join(dir, 'no-build', 'mock');
    assert.equal(findMockBinary({ PATH: dir }, absent), null, 'not executable yet');
    writeFileSync(onPath, '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(findMockBinary({ PATH: `/nonexistent:${dir}` }, absent), onPath);
    assert.equal(findMockBinary({ PATH: dir }, process.env.MOCK_BINARY), process.env.MOCK_BINARY);
    assert.equal(findMockBinary({ PATH: dir, MOCK_BINARY: '/x/mock' }, absent), '/x/mock');
    assert.equal(findMockBinary({ PATH: '' }, absent), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('startMock without any binary says how to get one', async () => {
  await assert.rejects(startMock({ binary: null }), /no mock binary: build it/);
});
