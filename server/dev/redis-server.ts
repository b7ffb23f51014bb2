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

/** Starts a throwaway `redis-server` on a free loopback port (demo and tests, when REDIS_URL is unset). */
export async function startPrivateRedis(opts: { bin?: string } = {}): Promise<PrivateRedis> {
	const bin = opts.bin ?? 'redis-server';
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-redis-'));
	const child: ChildProcess = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--hz', '100'], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await new Promise<void>((resolve, reject) => {
		let out = '';
		const onData = (b: Buffer) => {
			out += b.toString();
			if (out.includes('Ready to accept connections')) resolve();
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('error', (err) => reject(new Error(`cannot start ${bin}: ${err.message} (install it: apt-get install redis-server)`)));
		child.once('exit', (code) => reject(new Error(`${bin} exited with ${code}: ${out.slice(-500)}`)));
	});
	child.stdout!.resume();
	child.stderr!.resume();
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => {
					fs.rmSync(dir, { recursive: true, force: true });
					resolve();
				});
				child.kill('SIGTERM');
			})
	};
}
