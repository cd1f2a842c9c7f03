// Starts the mock binary on an ephemeral port of 127.0.0.1, as
// tests/e2e/harness.py does: reads the port from its first stdout line
// (with a timeout), keeps its stderr, stops it with SIGTERM (SIGKILL after
// a grace period) and reports a non-zero exit or a sanitizer report.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function startMock(...args) {
  const binary = path.join(ROOT, process.env.BUILD || 'build', 'mock');
  const proc = spawn(binary, ['--host', '127.0.0.1', '--port', '0', ...args],
                     { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('mock did not report its port\n' + stderr)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /:(\d+)\s*\n/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`mock exited ${code}\n${stderr}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    async stop() {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const result = await exited;
      clearTimeout(timer);
      if (result.code !== 0 || /Sanitizer|runtime error/.test(stderr))
        throw new Error(`mock stopped badly (${JSON.stringify(result)})\n${stderr}`);
    },
  };
}

// Resolves once check() is true, polling; rejects after ms.
export async function until(check, what, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
