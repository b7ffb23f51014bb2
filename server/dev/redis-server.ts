import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PrivateRedis {
	url: string;
	port: number;
	stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Runs `redis-server` (the last arguments) in this shell's process, so its pid is the one spawned, with a watcher
 * beside it: the owner holds the watcher's stdin open, and when that closes, however the owner ended (a crash,
 * SIGKILL, the OOM killer), the watcher stops redis. Nothing is left running for the next start to trip over.
 */
const WATCHED = `exec 3<&0
(while read -r _ <&3; do :; done; kill -TERM $$ 2>/dev/null) &
exec "$@" 3<&- </dev/null`;

export interface PrivateRedisOptions {
	bin?: string;
	/**
	 * In a session of its own, out of reach of the terminal's Ctrl-C (which signals the owner's whole process
	 * group): the demo's server still needs Redis for its graceful shutdown, and the demo stops it after that.
	 */
	ownSession?: boolean;
}

/** Starts a throwaway `redis-server` on a free loopback port (demo and tests, when REDIS_URL is unset). */
export async function startPrivateRedis(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
	const bin = opts.bin ?? 'redis-server';
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-redis-'));
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--hz', '100'];
	const child: ChildProcess = spawn('sh', ['-c', WATCHED, 'sh', bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: opts.ownSession ?? false });
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	// the watcher's lifeline: closed by stop(), or by the kernel when this process ends
	const release = () => child.stdin!.end();
	await new Promise<void>((resolve, reject) => {
		let out = '';
		const failed = (code: number | null) => {
			release();
			fs.rmSync(dir, { recursive: true, force: true });
			// 127: the shell found no such command
			reject(new Error(code === 127 ? `${bin} not found: install it (apt-get install redis-server)` : `${bin} exited with ${code}: ${out.slice(-500)}`));
		};
		const onData = (b: Buffer) => {
			out += b.toString();
			if (!out.includes('Ready to accept connections')) return;
			// from here an exit is stop()'s to handle
			child.off('exit', failed);
			resolve();
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('error', (err) => reject(new Error(`cannot start ${bin}: ${err.message}`)));
		child.once('exit', failed);
	});
	child.stdout!.resume();
	child.stderr!.resume();
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				// the watcher ends with its pipe, redis with the signal
				release();
				child.kill('SIGTERM');
				await exited;
			}
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
