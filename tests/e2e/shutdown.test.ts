import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import { startServerProcess } from '../support/server-process.ts';
import { incidentInput } from '../support/factories.ts';

const TOKEN = 'e2e-ingest-token';
let redis: PrivateRedis;
let dataDir: string;

beforeAll(async () => {
	redis = await startPrivateRedis();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-e2e-shutdown-'));
});
afterAll(async () => {
	await redis?.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
	it.each(['SIGTERM', 'SIGHUP'] as const)('on %s answers the request in flight on a keep-alive connection, then exits cleanly instead of waiting out the connection', async (signal) => {
		const server = await startServerProcess({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN, DATA_DIR: dataDir, RUN_WORKERS: 'true', SHUTDOWN_TIMEOUT_MS: '8000', LOG_LEVEL: 'info' });
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const body = JSON.stringify(incidentInput({ source: 'e2e.shutdown' }));
		const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = http.request(`${server.url}/api/v1/incidents`, {
				method: 'POST',
				agent,
				headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
			});
			req.on('response', (res) => {
				let text = '';
				res.on('data', (c) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			});
			req.on('error', reject);
			// half the body now: the request is in flight when the signal arrives; the rest after it
			req.write(body.slice(0, 40));
			setTimeout(() => req.end(body.slice(40)), 500);
		});
		await new Promise((r) => setTimeout(r, 200));
		const exited = server.stop(signal);
		const res = await answer;
		expect(res.status).toBe(201);
		expect(JSON.parse(res.body).incident.source).toBe('e2e.shutdown');
		// the answered connection stays open on the client's side (keep-alive): the server must not wait for it
		expect(await exited).toBe(0);
		expect(server.output()).not.toContain('shutdown timed out');
		expect(server.output()).toContain(`"signal":"${signal}"`);
		agent.destroy();
	}, 30_000);

	it('does not wait for a connection whose request never got past its headers', async () => {
		const server = await startServerProcess({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN, DATA_DIR: dataDir, RUN_WORKERS: 'true', SHUTDOWN_TIMEOUT_MS: '8000' });
		// a client that started a request and went quiet: not idle, nothing to answer
		const socket = net.connect(server.port, '127.0.0.1');
		await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
		socket.on('error', () => {});
		socket.write(`POST /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\n`);
		await new Promise((r) => setTimeout(r, 300));
		const started = Date.now();
		expect(await server.stop()).toBe(0);
		expect(Date.now() - started).toBeLessThan(4000);
		expect(server.output()).not.toContain('shutdown timed out');
		socket.destroy();
	}, 30_000);

	it('leaves nothing running when the demo is killed outright: the server and redis-server stop by themselves', async () => {
		const owner = spawn(process.execPath, ['--import', 'tsx', 'tests/support/lifeline-owner.ts'], {
			env: { ...process.env, INGEST_TOKEN: TOKEN, DATA_DIR: fs.mkdtempSync(path.join(dataDir, 'lifeline-')), SHUTDOWN_TIMEOUT_MS: '8000' },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const started = await new Promise<{ redisPort: number; serverPort: number; serverPid: number }>((resolve, reject) => {
			let out = '';
			owner.stdout!.on('data', (b: Buffer) => {
				out += b.toString();
				const line = out.split('\n').find((l) => l.startsWith('{'));
				if (line) resolve(JSON.parse(line));
			});
			owner.once('exit', (code) => reject(new Error(`owner exited with ${code}`)));
		});
		expect(await listening(started.serverPort)).toBe(true);
		expect(await listening(started.redisPort)).toBe(true);
		owner.kill('SIGKILL');
		const gone = async (port: number) => {
			for (let i = 0; i < 100 && (await listening(port)); i++) await new Promise((r) => setTimeout(r, 100));
			return !(await listening(port));
		};
		expect(await gone(started.serverPort)).toBe(true);
		expect(await gone(started.redisPort)).toBe(true);
		// its port closes first; the process ends once its graceful shutdown is done (within SHUTDOWN_TIMEOUT_MS)
		for (let i = 0; i < 150 && !ended(started.serverPid); i++) await new Promise((r) => setTimeout(r, 100));
		expect(ended(started.serverPid)).toBe(true);
	}, 40_000);
});

const listening = (port: number) =>
	new Promise<boolean>((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		s.once('connect', () => (s.destroy(), resolve(true)));
		s.once('error', () => resolve(false));
	});

/** gone, or a zombie nobody reaps (its parent was killed, and a container's init may not reap) */
function ended(pid: number): boolean {
	try {
		return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
	} catch {
		return true;
	}
}
