/**
 * The demo: embedded PGlite under DATA_DIR, a private redis-server (unless REDIS_URL is set), the server with
 * in-process workers, and a simulator posting a realistic feed through the public API into the settlements of
 * MUNICIPALITY (default: the shipped Tuapse district; an imported one under DATA_DIR works too).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startPrivateRedis, freePort, type PrivateRedis } from '../server/dev/redis-server.ts';
import { NODE_FLAGS } from '../server/node-flags.ts';
import { loadMunicipalityGeoFrom, startSimulator, type SimulatorHandle } from '../server/demo/simulator.ts';
import { createPeopleActor, loadOrgFrom } from '../server/demo/people.actor.ts';
import { resolveMunicipalityDir } from '../server/municipality/load.ts';
import { onStopRequest } from './demo-signals.ts';

// after a hangup the terminal is gone: writing to it must not crash the stop
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

// the server's own shutdown timeout (SHUTDOWN_TIMEOUT_MS, 10 s by default) plus a margin; then it is killed
const SERVER_STOP_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000) + 5_000;
const REDIS_STOP_MS = 5_000;

// what has started so far; a stop request at any moment stops exactly that, nothing is left behind
let redis: PrivateRedis | null = null;
let server: ChildProcess | null = null;
let sim: SimulatorHandle | null = null;
const controller = new AbortController();
let stopping: Promise<void> | null = null;
let started: Promise<void> = Promise.resolve();
onStopRequest((reason) => void stop(0, reason));
// a crash of the launcher must not leave the server and redis-server running
process.on('uncaughtException', (err) => {
	console.error(err);
	void stop(1, 'a crash');
});
process.on('unhandledRejection', (err) => {
	console.error(err);
	void stop(1, 'a crash');
});

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
fs.mkdirSync(dataDir, { recursive: true });

// the token survives restarts so a sender configured once keeps working
const tokenFile = path.join(dataDir, 'ingest-token');
const token = process.env.INGEST_TOKEN ?? (fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : '');
const ingestToken = token || randomBytes(18).toString('base64url');
if (!token) fs.writeFileSync(tokenFile, ingestToken, { mode: 0o600 });

const portFree = (port: number) =>
	new Promise<boolean>((resolve) => {
		const s = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
const port = process.env.PORT ? Number(process.env.PORT) : (await portFree(3000)) ? 3000 : await freePort();

started = start();
await started.catch(async (err: unknown) => {
	if (controller.signal.aborted) return;
	console.error(err instanceof Error ? err.message : String(err));
	await stop(1);
});

async function start(): Promise<void> {
	if (controller.signal.aborted) return;
	redis = process.env.REDIS_URL ? null : await startPrivateRedis({ ownSession: true });
	if (controller.signal.aborted) return;
	const env = {
		...process.env,
		PORT: String(port),
		HOST: process.env.HOST ?? '127.0.0.1',
		REDIS_URL: process.env.REDIS_URL ?? redis!.url,
		INGEST_TOKEN: ingestToken,
		DATA_DIR: dataDir,
		RUN_WORKERS: 'true',
		LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn'
	};

	// an IPC channel as a lifeline: the server stops by itself when it closes, should the demo be killed outright
	const child = spawn(process.execPath, [...NODE_FLAGS, 'server/index.ts'], { env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
	server = child;
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (b: Buffer) => {
			const s = b.toString();
			if (s.includes('MCU_LISTENING')) resolve();
			else process.stdout.write(s);
		});
		child.once('exit', (code, signal) => reject(new Error(`server exited with ${code ?? signal}`)));
		controller.signal.addEventListener('abort', () => resolve(), { once: true });
	});
	if (controller.signal.aborted) return;
	child.once('exit', (code, signal) => {
		if (stopping) return;
		console.error(`server stopped unexpectedly (${code ?? signal})`);
		void stop(1);
	});

	// the same folder the server reads: an imported municipality under DATA_DIR wins over a shipped one
	const municipalityDir = resolveMunicipalityDir(process.env.MUNICIPALITY ?? 'tuapse', dataDir);
	const speed = Number(args.get('speed') ?? process.env.DEMO_SPEED ?? 1);
	const base = `http://127.0.0.1:${port}`;
	sim = await startSimulator({
		baseUrl: base,
		token: ingestToken,
		speed,
		geo: loadMunicipalityGeoFrom(municipalityDir),
		backfillHours: 24,
		seed: 23,
		signal: controller.signal,
		// the people: operator, executors, approvers and citizens act on every incident through the actions API
		actors: [createPeopleActor({ seed: 23, speed, org: loadOrgFrom(municipalityDir) })]
	});

	console.log(`
  МЦУ — ситуационный центр (демо)
  Стена:          ${base}/wall
  Ingest API:     POST ${base}/api/v1/incidents
  Ingest token:   ${ingestToken}
  Данные:         ${dataDir} (PGlite)   Redis: ${env.REDIS_URL}
  Ctrl-C — остановить.
`);
}

/** Stops what has started, in order: the feed, then the server (it publishes what it holds), then Redis. */
function stop(code: number, reason?: string): Promise<void> {
	stopping ??= (async () => {
		console.log(`\nОстанавливаю…${reason ? ` (${reason})` : ''}`);
		controller.abort();
		// a step that was starting finishes first, so what it started is stopped too
		await started.catch(() => undefined);
		await sim?.stop();
		if (server) await stopChild(server, SERVER_STOP_MS);
		// a redis-server that died of a signal never reports an exit code: do not wait for one forever
		await Promise.race([redis?.stop(), delay(REDIS_STOP_MS)]);
		process.exit(code);
	})();
	return stopping;
}

function delay(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
	const exited = () => child.exitCode !== null || child.signalCode !== null;
	if (exited()) return;
	const gone = new Promise<void>((r) => child.once('exit', () => r()));
	child.kill('SIGTERM');
	await Promise.race([gone, delay(graceMs)]);
	if (!exited()) {
		console.error(`server did not stop within ${graceMs} ms; killing it`);
		child.kill('SIGKILL');
		await gone;
	}
}
