import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import type { Incident, IncidentInput } from '../../src/lib/domain/incident.ts';
import { launchBrowser } from './browser.ts';
import { createTestDatabase } from './postgres.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/** where the e2e tests put their pictures (gitignored); made on import */
export const SHOTS = path.resolve('tests/e2e/screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

export interface BrowserStack {
	readonly redis: PrivateRedis;
	readonly browser: Browser;
}

/**
 * A private redis-server and Debian's chromium for the test file, started before its tests and closed after them.
 * Call at the top level of the file; read the members inside hooks and tests.
 */
export function useBrowserStack(): BrowserStack {
	let redis: PrivateRedis | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		redis = await startPrivateRedis();
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await redis?.stop();
	});
	return {
		get redis() {
			if (!redis) throw new Error('the browser stack is not started yet: read it inside a hook or a test');
			return redis;
		},
		get browser() {
			if (!browser) throw new Error('the browser stack is not started yet: read it inside a hook or a test');
			return browser;
		}
	};
}

export interface WallServer extends ServerProcess {
	readonly token: string;
	/** the PostgreSQL it runs on (null: embedded PGlite), for a second server on the same data */
	readonly databaseUrl: string | null;
	/** POSTs one incident or a batch; answers the incidents (created or already known) */
	ingest(items: IncidentInput | IncidentInput[]): Promise<Incident[]>;
	/** stops the process and removes its data (directory, database) */
	close(): Promise<void>;
}

export interface WallServerOptions {
	token: string;
	/** Redis key prefix, one per server group */
	prefix: string;
	/** a fresh PostgreSQL database for it (else embedded PGlite in its own directory), or the URL of a shared one */
	databaseUrl?: string | 'fresh';
	env?: Record<string, string>;
}

/** The production build in its own process with in-process workers, on the stack's Redis. */
export async function startWallServer(redis: PrivateRedis, opts: WallServerOptions): Promise<WallServer> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `mcu-e2e-${opts.prefix}-`));
	const db = opts.databaseUrl === 'fresh' ? await createTestDatabase() : null;
	const env: Record<string, string> = { REDIS_URL: redis.url, REDIS_PREFIX: opts.prefix, INGEST_TOKEN: opts.token, DATA_DIR: dataDir, RUN_WORKERS: 'true', ...opts.env };
	const databaseUrl = db?.url ?? (opts.databaseUrl !== 'fresh' ? opts.databaseUrl : undefined);
	if (databaseUrl) env.DATABASE_URL = databaseUrl;
	const server = await startServerProcess(env);
	return {
		...server,
		token: opts.token,
		databaseUrl: databaseUrl ?? null,
		async ingest(items) {
			const batch = Array.isArray(items);
			const out: Incident[] = [];
			const list = batch ? items : [items];
			// the API takes up to 1 000 a request
			for (let i = 0; i < list.length; i += 1000) {
				const res = await fetch(`${server.url}/api/v1/incidents`, {
					method: 'POST',
					headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
					body: JSON.stringify(batch ? list.slice(i, i + 1000) : list[0])
				});
				if (res.status !== 201 && res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
				const body = await res.json();
				out.push(...(batch ? body.results.map((r: { incident: Incident }) => r.incident) : [body.incident]));
			}
			return out;
		},
		async close() {
			await server.stop();
			await db?.drop();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
