// Runs one of the headless tools (scripts/pgplay-sql, scripts/race-run...) the way a user would,
// and collects what it printed; the tests share it.
import { spawn } from 'node:child_process';

// Resolves with {code, signal, stdout, stderr, ms}; a run past `timeout` ms is killed (SIGKILL).
export function runTool(tool, args, { cwd, timeout = 120000 } = {}) {
  return new Promise((res) => {
    const t0 = Date.now();
    const child = spawn(tool, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    // Decoded as a stream: a chunk may end inside a multi-byte character.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}
