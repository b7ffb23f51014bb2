import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';

const PROBE = 'node --import tsx tests/support/demo-stop-probe.ts';
const started: ChildProcess[] = [];

/** runs `command` under sh as npm does, and resolves with the probe's lines once it is ready */
function launch(
	command: string,
	env: Record<string, string> = {},
	argv0 = 'sh'
): { sh: ChildProcess; lines: string[]; next: (re: RegExp, ms: number) => Promise<string | null> } {
	const sh = spawn('sh', ['-c', command], { argv0, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
	started.push(sh);
	const lines: string[] = [];
	const waiters: Array<() => void> = [];
	sh.stdout!.on('data', (b: Buffer) => {
		lines.push(...b.toString().split('\n').filter(Boolean));
		waiters.splice(0).forEach((w) => w());
	});
	const next = (re: RegExp, ms: number) =>
		new Promise<string | null>((resolve) => {
			const check = () => {
				const hit = lines.find((l) => re.test(l));
				if (hit) return resolve(hit);
				waiters.push(check);
			};
			setTimeout(() => resolve(null), ms);
			check();
		});
	return { sh, lines, next };
}

afterEach(() => {
	for (const p of started.splice(0)) p.kill('SIGKILL');
});

describe('the demo launcher stops when it is asked, however npm asks', () => {
	it('stops when npm\'s script shell dies of a SIGTERM it does not pass on', async () => {
		// `; true` keeps sh as the probe's parent, as npm's `sh -c` stays the demo's
		const { sh, next } = launch(`${PROBE}; true`, { npm_lifecycle_event: 'demo' });
		expect(await next(/^ready$/, 20_000)).toBe('ready');
		sh.kill('SIGTERM');
		expect(await next(/^stop:/, 5_000)).toMatch(/^stop: sh -c .* is gone$/);
	}, 30_000);

	it('stops when npm itself is gone (a SIGHUP kills npm, which passes nothing on), its shell still waiting', async () => {
		// a shell named like npm plays npm: npm → sh -c → the probe
		const { sh: npm, next } = launch(`sh -c '${PROBE}; true'; true`, { npm_lifecycle_event: 'demo' }, 'npm');
		expect(await next(/^ready$/, 20_000)).toBe('ready');
		npm.kill('SIGKILL');
		expect(await next(/^stop:/, 5_000)).toMatch(/^stop: npm -c .* is gone$/);
	}, 30_000);

	it('stops on SIGHUP, SIGINT and SIGTERM sent to it', async () => {
		for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM'] as const) {
			const { sh, next } = launch(`exec ${PROBE}`);
			expect(await next(/^ready$/, 20_000)).toBe('ready');
			sh.kill(signal);
			expect(await next(/^stop:/, 5_000)).toBe(`stop: ${signal}`);
		}
	}, 60_000);
});
