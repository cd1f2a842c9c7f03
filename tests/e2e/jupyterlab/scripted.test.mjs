// scenarios/kernel-scripted.yaml driven by the real @jupyterlab/services:
// scripted outputs arrive in order, an error, an input() prompt answered
// through stdin, a slow cell's delay, an aborted cell, a cell busy until
// interrupted, a kernel that dies, scripted completions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import services from '@jupyterlab/services';
import { startMock, until } from './mock.mjs';

const { ServerConnection, KernelManager } = services;
let mock, manager, kernel;

before(async () => {
  mock = await startMock('--scenario', 'scenarios/kernel-scripted.yaml');
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: mock.base + '/', wsUrl: `ws://127.0.0.1:${mock.port}/`, WebSocket, token: '', appendToken: false,
  });
  manager = new KernelManager({ serverSettings });
  await manager.ready;
  kernel = await manager.startNew({ name: 'python3' });
  await until(() => kernel.connectionStatus === 'connected' && kernel.status === 'idle', 'kernel idle');
});

after(async () => {
  kernel?.dispose();
  manager?.dispose();
  await mock?.stop();
});

function describe(msg) {
  const c = msg.content;
  switch (msg.header.msg_type) {
    case 'status': return 'status:' + c.execution_state;
    case 'stream': return `stream:${c.name}:${c.text}`;
    case 'execute_result': return `execute_result:${c.execution_count}:${c.data['text/plain']}`;
    case 'display_data': return 'display_data:' + c.data['text/plain'];
    case 'clear_output': return 'clear_output:' + c.wait;
    case 'error': return 'error:' + c.ename;
    default: return msg.header.msg_type;
  }
}

async function run(code, onStdin) {
  const iopub = [];
  const future = kernel.requestExecute({ code, allow_stdin: Boolean(onStdin) });
  future.onIOPub = (msg) => iopub.push(describe(msg));
  if (onStdin) future.onStdin = onStdin;
  const reply = await future.done;
  return { reply: reply.content, iopub };
}

test('a scripted execute sends its outputs in order between execute_input and idle', async () => {
  const r = await run('print("hi")');
  assert.deepEqual(r.iopub, ['status:busy', 'execute_input', 'stream:stdout:hello\n', 'status:idle']);
  assert.equal(r.reply.status, 'ok');
  const two = await run('1+1');
  assert.deepEqual(two.iopub, ['status:busy', 'execute_input', 'execute_result:2:2', 'status:idle']);
  const plot = await run('plt.show()');
  assert.deepEqual(plot.iopub.slice(2, 5), ['display_data:<Figure>', 'clear_output:true', 'display_data:<Figure, redrawn>']);
});

test('an error output makes the reply an error with its ename', async () => {
  const r = await run('1/0');
  assert.equal(r.reply.status, 'error');
  assert.equal(r.reply.ename, 'ZeroDivisionError');
  assert.deepEqual(r.iopub, ['status:busy', 'execute_input', 'error:ZeroDivisionError', 'status:idle']);
});

test('an input_request waits for the input_reply on stdin, then the cell goes on', async () => {
  let prompt;
  const r = await run('input("name? ")', (msg) => {
    prompt = msg.content.prompt;
    kernel.sendInputReply({ status: 'ok', value: 'Ada' }, msg.header);
  });
  assert.equal(prompt, 'Your name: ');
  assert.equal(r.reply.status, 'ok');
  assert.deepEqual(r.iopub.slice(2), ['stream:stdout:thanks\n', 'status:idle']);
});

test('a delay between outputs is kept', async () => {
  const t0 = Date.now();
  const r = await run('sleep');
  assert.ok(Date.now() - t0 >= 450, 'the 500 ms delay is there');
  assert.deepEqual(r.iopub.slice(2, 4), ['stream:stdout:tick\n', 'stream:stdout:tock\n']);
});

test('an aborted execute says so', async () => {
  const r = await run('abort');
  assert.equal(r.reply.status, 'aborted');
});

test('scripted completions are the reply', async () => {
  const reply = await kernel.requestComplete({ code: 'pro', cursor_pos: 3 });
  assert.deepEqual(reply.content.matches, ['print', 'property']);
});

test('a cell busy for good keeps the kernel busy until a REST interrupt ends it', async () => {
  const future = kernel.requestExecute({ code: 'while True: pass' });
  const iopub = [];
  future.onIOPub = (msg) => iopub.push(describe(msg));
  await until(() => kernel.status === 'busy' && iopub.includes('execute_input'), 'busy');
  const model = await (await fetch(`${mock.base}/api/kernels/${kernel.id}`)).json();
  assert.equal(model.execution_state, 'busy');
  await kernel.interrupt();
  const reply = await future.done.catch((e) => e);
  assert.equal(reply.content.status, 'error');
  assert.equal(reply.content.ename, 'KeyboardInterrupt');
  await until(() => kernel.status === 'idle', 'idle after the interrupt');
});

test('a kernel that dies closes its socket and its model says dead', async () => {
  const future = kernel.requestExecute({ code: 'import os; os._exit(1)' });
  await future.done.catch(() => {});
  await until(() => kernel.status === 'dead' || kernel.connectionStatus !== 'connected', 'the kernel dead or disconnected');
  const model = await (await fetch(`${mock.base}/api/kernels/${kernel.id}`)).json();
  assert.equal(model.execution_state, 'dead');
  assert.equal(model.connections, 0, 'its socket is closed');
});
