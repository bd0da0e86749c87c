// A real redis-server for tests: started on a free loopback port, without persistence, and
// stopped afterwards. No mock stands in for Redis.
import { spawn, execFileSync } from 'node:child_process';
import { createServer, connect } from 'node:net';

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.write('PING\r\n');
    });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(String(data).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether redis-server is installed (scripts/setup.sh installs it). */
export function haveRedis() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts redis-server on `port` (a free one by default); resolves once it answers PING.
 * `stop()` ends it and resolves when the process exited.
 */
export async function startRedis(port) {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: 'ignore',
  });
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  for (let i = 0; i < 200 && !exited; i++) {
    if (await answers(port)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  if (exited) throw new Error(`redis-server did not start on port ${port}`);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}
