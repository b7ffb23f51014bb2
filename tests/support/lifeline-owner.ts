/**
 * A stand-in for scripts/demo.ts in tests/e2e/shutdown.test.ts: starts a private redis-server and the server the
 * way the demo does (own session; an IPC channel), prints their ports, and waits to be killed.
 */
import { spawn } from 'node:child_process';
import { freePort, startPrivateRedis } from '../../server/dev/redis-server.ts';
import { NODE_FLAGS } from '../../server/node-flags.ts';

const redis = await startPrivateRedis({ ownSession: true });
const port = await freePort();
const server = spawn(process.execPath, [...NODE_FLAGS, 'server/index.ts'], {
	env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), REDIS_URL: redis.url, LOG_LEVEL: 'info' },
	stdio: ['ignore', 'pipe', 'inherit', 'ipc']
});
server.stdout!.on('data', (b: Buffer) => {
	if (b.toString().includes('MCU_LISTENING')) process.stdout.write(`${JSON.stringify({ redisPort: redis.port, serverPort: port, serverPid: server.pid })}\n`);
});
setInterval(() => undefined, 60_000);
