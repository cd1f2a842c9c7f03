// Raw websocket frames the scripted kernel cannot read: each is logged,
// the socket stays up (or closes with a proper code: 1009 for a message
// over 10 MiB, as tornado's limit), and the server serves on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startMock } from './mock.mjs';

let mock, kernelId;

before(async () => {
  mock = await startMock();
  const r = await fetch(`${mock.base}/api/kernels`, { method: 'POST', body: '{}' });
  kernelId = (await r.json()).id;
});

after(async () => { await mock?.stop(); });

function message(msgType, channel = 'shell') {
  return JSON.stringify({
    header: { msg_id: `m-${msgType}`, username: 'u', session: 's', msg_type: msgType, version: '5.3', date: '' },
    parent_header: {}, metadata: {}, content: {}, buffers: [], channel,
  });
}

// Opens a socket and collects its frames (JSON) and its close.
async function open() {
  const ws = new WebSocket(`ws://127.0.0.1:${mock.port}/api/kernels/${kernelId}/channels?session_id=s`);
  const frames = [];
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (d) => frames.push(JSON.parse(d)));
  ws.on('error', () => {});
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('unexpected-response', (q, r) => reject(new Error(`HTTP ${r.statusCode}`))); });
  return { ws, frames, closed };
}

async function replyTo(conn, msgType) {
  const deadline = Date.now() + 10000;
  conn.ws.send(message(msgType));
  while (!conn.frames.some((f) => f.parent_header.msg_id === `m-${msgType}` && f.channel === 'shell')) {
    if (Date.now() > deadline) throw new Error(`no reply to ${msgType}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('frames that are not JSON, not an object, or on an unknown channel are logged and the socket stays up', async () => {
  const conn = await open();
  conn.ws.send('this is not JSON');
  conn.ws.send('[1, 2, 3]');
  conn.ws.send('"a string"');
  conn.ws.send(message('kernel_info_request', 'nosuchchannel'));
  conn.ws.send(message('kernel_info_request', 'iopub'));
  conn.ws.send(Buffer.from([0, 1, 2, 3]), { binary: true });
  await replyTo(conn, 'kernel_info_request');
  assert.equal(conn.ws.readyState, WebSocket.OPEN, 'the socket is still open');
  assert.ok(!conn.frames.some((f) => f.parent_header.msg_id === 'm-kernel_info_request' && f.channel !== 'iopub' && f.channel !== 'shell'),
            'nothing answered the bad frames');
  const log = mock.stderr();
  for (const why of ['the frame is not JSON', 'the message is not a JSON object', 'no such channel', 'binary frames are not read'])
    assert.ok(log.includes(why), `the log says "${why}"`);
  conn.ws.close(1000);
  assert.equal(await conn.closed, 1000, 'a client close is answered with its code');
});

test('a message over 10 MiB closes the socket with 1009 and the server serves on', async () => {
  const conn = await open();
  conn.ws.send('x'.repeat((10 << 20) + 1));
  assert.equal(await conn.closed, 1009);
  assert.ok(mock.stderr().includes('message too big'), 'the log says so');
  const r = await fetch(`${mock.base}/api/status`);
  assert.equal(r.status, 200, 'the server serves on');
  const again = await open();
  await replyTo(again, 'kernel_info_request');
  again.ws.close();
  await again.closed;
});

test('an unknown message type gets busy and idle but no reply, and a log line', async () => {
  const conn = await open();
  conn.ws.send(message('no_such_request'));
  await replyTo(conn, 'kernel_info_request');
  const mine = conn.frames.filter((f) => f.parent_header.msg_id === 'm-no_such_request');
  assert.deepEqual(mine.map((f) => f.msg_type + ':' + f.content.execution_state), ['status:busy', 'status:idle']);
  assert.ok(mock.stderr().includes('shell no_such_request unknown: no reply'), 'the log names it');
  conn.ws.close();
  await conn.closed;
});

test('a websocket to an unknown kernel is refused with 404', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${mock.port}/api/kernels/00000000-0000-4000-8000-000000000000/channels`);
  const status = await new Promise((resolve) => {
    ws.on('unexpected-response', (req, res) => resolve(res.statusCode));
    ws.on('error', () => resolve('error'));
  });
  assert.equal(status, 404);
  const model = await (await fetch(`${mock.base}/api/kernels/${kernelId}`)).json();
  assert.equal(model.connections, 0, 'closed sockets are not counted');
});

test('a REST shutdown shows on the socket as on the real server: busy, shutdown_reply, idle', async () => {
  const r = await fetch(`${mock.base}/api/kernels`, { method: 'POST', body: '{}' });
  const id = (await r.json()).id;
  const ws = new WebSocket(`ws://127.0.0.1:${mock.port}/api/kernels/${id}/channels`);
  const frames = [];
  ws.on('message', (d) => frames.push(JSON.parse(d)));
  await new Promise((resolve) => ws.on('open', resolve));
  const deadline = Date.now() + 10000;
  while (frames.length < 3 && Date.now() < deadline) await new Promise((r2) => setTimeout(r2, 10));
  const before = frames.length;
  assert.equal((await fetch(`${mock.base}/api/kernels/${id}`, { method: 'DELETE' })).status, 204);
  while (frames.length < before + 3 && Date.now() < deadline) await new Promise((r2) => setTimeout(r2, 10));
  const seen = frames.slice(before).map((f) => f.msg_type + ':' + (f.content.execution_state ?? f.content.restart));
  assert.deepEqual(seen, ['status:busy', 'shutdown_reply:false', 'status:idle']);
  assert.equal(frames[before].parent_header.msg_type, 'shutdown_request');
  ws.close();
});

test('two runs with the same seed send the same bytes, msg_ids and dates included', async () => {
  async function frames() {
    const m = await startMock('--seed', '7');
    try {
      const k = await (await fetch(`${m.base}/api/kernels`, { method: 'POST', body: '{}' })).json();
      const ws = new WebSocket(`ws://127.0.0.1:${m.port}/api/kernels/${k.id}/channels`);
      const got = [];
      ws.on('message', (d) => got.push(String(d)));
      await new Promise((resolve) => ws.on('open', resolve));
      ws.send(message('kernel_info_request'));
      ws.send(message('execute_request'));
      const deadline = Date.now() + 10000;
      while (got.length < 3 + 3 + 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      ws.close();
      return got;
    } finally {
      await m.stop();
    }
  }
  const a = await frames();
  const b = await frames();
  assert.equal(a.length, 10);
  assert.deepEqual(a, b);
});
