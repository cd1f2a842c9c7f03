// The real @jupyterlab/services 7 client (Node's `ws` as its WebSocket)
// drives the mock as JupyterLab does: kernelspecs, a session whose kernel
// connects and goes idle, kernel_info, executes, interrupt, restart,
// changeKernel, setPath and shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import services from '@jupyterlab/services';
import { startMock, until } from './mock.mjs';

const { ServerConnection, KernelManager, SessionManager, KernelSpecManager } = services;

let mock, settings, kernelManager, sessionManager, session;

before(async () => {
  mock = await startMock('--kernels', 'python3,ir');
  settings = ServerConnection.makeSettings({
    baseUrl: mock.base + '/', wsUrl: `ws://127.0.0.1:${mock.port}/`,
    WebSocket, token: '', appendToken: false,
  });
  kernelManager = new KernelManager({ serverSettings: settings });
  sessionManager = new SessionManager({ kernelManager, serverSettings: settings });
  await sessionManager.ready;
});

after(async () => {
  session?.dispose();
  sessionManager?.dispose();
  kernelManager?.dispose();
  await mock?.stop();
});

async function connectedAndIdle(kernel) {
  await until(() => kernel.connectionStatus === 'connected' && kernel.status === 'idle',
              `kernel ${kernel.id} connected and idle (is ${kernel.connectionStatus}/${kernel.status})`);
}

async function execute(kernel, code) {
  const iopub = [];
  const future = kernel.requestExecute({ code });
  future.onIOPub = (msg) => iopub.push(msg.header.msg_type +
    (msg.header.msg_type === 'status' ? ':' + msg.content.execution_state : ''));
  const reply = await future.done;
  return { reply, iopub };
}

test('the kernelspecs are listed and pass the client validation', async () => {
  const specs = new KernelSpecManager({ serverSettings: settings });
  await specs.ready;
  await specs.refreshSpecs();
  assert.equal(specs.specs.default, 'python3');
  assert.equal(specs.specs.kernelspecs.python3.display_name, 'Python 3 (ipykernel)');
  assert.equal(specs.specs.kernelspecs.python3.language, 'python');
  assert.ok(specs.specs.kernelspecs.ir, 'ir is listed');
  specs.dispose();
});

test('SessionManager.startNew gives a session whose kernel connects and goes idle', async () => {
  session = await sessionManager.startNew({ path: 'a.ipynb', name: 'a.ipynb', type: 'notebook',
                                            kernel: { name: 'python3' } });
  assert.equal(session.path, 'a.ipynb');
  await connectedAndIdle(session.kernel);
  const model = await (await fetch(`${mock.base}/api/kernels/${session.kernel.id}`)).json();
  assert.equal(model.connections, 1, 'the kernel model counts the websocket');
  assert.equal(model.execution_state, 'idle');
});

test('requestKernelInfo answers with the language_info of the kernelspec', async () => {
  const reply = await session.kernel.requestKernelInfo();
  assert.equal(reply.content.status, 'ok');
  assert.equal(reply.content.protocol_version, '5.3');
  assert.equal(reply.content.language_info.name, 'python');
  const info = await session.kernel.info;
  assert.equal(info.language_info.name, 'python');
});

test('requestExecute gets its reply and busy, execute_input, idle on iopub; the count rises', async () => {
  const first = await execute(session.kernel, '1+1');
  assert.equal(first.reply.content.status, 'ok');
  assert.equal(first.reply.content.execution_count, 1);
  assert.deepEqual(first.iopub, ['status:busy', 'execute_input', 'status:idle']);
  const second = await execute(session.kernel, 'x = 2');
  assert.equal(second.reply.content.execution_count, 2);
  const third = await execute(session.kernel, 'x');
  assert.equal(third.reply.content.execution_count, 3);
});

test('interrupt resolves and the kernel stays idle', async () => {
  await session.kernel.interrupt();
  await connectedAndIdle(session.kernel);
});

test('restart reconnects, goes idle and the count starts again at 1', async () => {
  const id = session.kernel.id;
  await session.kernel.restart();
  await connectedAndIdle(session.kernel);
  assert.equal(session.kernel.id, id, 'the same kernel');
  const after = await execute(session.kernel, '1');
  assert.equal(after.reply.content.execution_count, 1);
});

test('changeKernel starts another kernel that connects and goes idle', async () => {
  const old = session.kernel.id;
  const kernel = await session.changeKernel({ name: 'ir' });
  assert.notEqual(kernel.id, old);
  assert.equal(kernel.name, 'ir');
  await connectedAndIdle(kernel);
  const ran = await execute(kernel, 'print(1)');
  assert.equal(ran.reply.content.execution_count, 1, 'a new kernel counts from 1');
  const r = await fetch(`${mock.base}/api/kernels/${old}`);
  assert.equal(r.status, 404, 'the old kernel is gone');
});

test('setPath renames the session on the server', async () => {
  await session.setPath('b.ipynb');
  assert.equal(session.path, 'b.ipynb');
  const list = await (await fetch(`${mock.base}/api/sessions`)).json();
  assert.deepEqual(list.map((s) => s.path), ['b.ipynb']);
});

test('shutdown deletes the session and its kernel', async () => {
  await session.shutdown();
  const sessions = await (await fetch(`${mock.base}/api/sessions`)).json();
  const kernels = await (await fetch(`${mock.base}/api/kernels`)).json();
  assert.deepEqual(sessions, []);
  assert.deepEqual(kernels, []);
  const status = await (await fetch(`${mock.base}/api/status`)).json();
  assert.equal(status.kernels, 0);
});
