import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../server/dev/redis-server.ts';
import { NODE_FLAGS } from '../../server/node-flags.ts';

export interface ServerProcess {
	url: string;
	port: number;
	pid: number;
	/** graceful stop (SIGTERM unless told otherwise); the exit code */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
	/** hard kill, like a crash or a pulled cable */
	kill(): Promise<void>;
	output(): string;
}

/** Runs the production entry (`server/index.ts` over `build/`) as its own process, with the flags `npm start` gives node. */
export async function startServerProcess(env: Record<string, string>, opts: { port?: number; entry?: string } = {}): Promise<ServerProcess> {
	const port = opts.port ?? (await freePort());
	let out = '';
	const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, opts.entry ?? 'server/index.ts'], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
	child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
		const check = () => {
			if (out.includes('MCU_LISTENING') || out.includes('MCU_WORKERS_READY')) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout!.on('data', check);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${out}`));
		});
	});
	const exited = () => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (c) => r(c))));
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		pid: child.pid!,
		async stop(signal = 'SIGTERM') {
			child.kill(signal);
			return exited();
		},
		async kill() {
			child.kill('SIGKILL');
			await exited();
		},
		output: () => out
	};
}
