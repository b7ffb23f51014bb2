/**
 * The demo: embedded PGlite under DATA_DIR, a private redis-server (unless REDIS_URL is set), the server with
 * in-process workers, and a simulator posting a realistic feed through the public API into the settlements of
 * MUNICIPALITY (default: the shipped Tuapse district; an imported one under DATA_DIR works too).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startPrivateRedis, freePort } from '../server/dev/redis-server.ts';
import { loadMunicipalityGeoFrom, startSimulator } from '../server/demo/simulator.ts';
import { createPeopleActor, loadOrgFrom } from '../server/demo/people.actor.ts';
import { resolveMunicipalityDir } from '../server/municipality/load.ts';

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

const redis = process.env.REDIS_URL ? null : await startPrivateRedis();
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

const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve, reject) => {
	server.stdout!.on('data', (b: Buffer) => {
		const s = b.toString();
		if (s.includes('MCU_LISTENING')) resolve();
		else process.stdout.write(s);
	});
	server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

// the same folder the server reads: an imported municipality under DATA_DIR wins over a shipped one
const municipalityDir = resolveMunicipalityDir(process.env.MUNICIPALITY ?? 'tuapse', dataDir);
const speed = Number(args.get('speed') ?? process.env.DEMO_SPEED ?? 1);
const base = `http://127.0.0.1:${port}`;
const controller = new AbortController();
const sim = await startSimulator({
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

let stopping = false;
async function stop(): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log('\nОстанавливаю…');
	controller.abort();
	await sim.stop();
	server.kill('SIGTERM');
	await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
	await redis?.stop();
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
server.once('exit', (code) => {
	if (!stopping) {
		console.error(`server stopped unexpectedly (${code})`);
		void redis?.stop().then(() => process.exit(1));
	}
});
