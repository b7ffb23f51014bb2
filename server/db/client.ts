import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';
import { preparingPool } from './prepared-pool.ts';
import { TIMESTAMPTZ_OID, timestamptzParser } from './timestamptz.ts';

export type Db = Kysely<Database>;

let fastTimestamps: ((value: string) => unknown) | null = null;

export interface DbHandle {
	db: Db;
	kind: 'postgres' | 'pglite';
	close(): Promise<void>;
}

/** PostgreSQL when a URL is given, otherwise embedded PGlite stored under `dataDir/pglite`. */
export async function openDatabase(opts: { url: string | null; dataDir: string; poolSize?: number }): Promise<DbHandle> {
	if (opts.url) {
		const pg = await import('pg');
		// int8 (bigserial seq, counts) as JS numbers: they stay far below 2^53 here
		pg.default.types.setTypeParser(20, (v: string) => Number(v));
		// once per process: the parsers are global, and pg's own is the fallback
		fastTimestamps ??= timestamptzParser(pg.default.types.getTypeParser(TIMESTAMPTZ_OID));
		pg.default.types.setTypeParser(TIMESTAMPTZ_OID, fastTimestamps);
		// two connections outlive the idle timeout: a live feed of a few incidents a minute otherwise opened a new one (and
		// prepared the ingest statement on it again) for nearly every incident, 5 ms of its way to the screens
		const max = opts.poolSize ?? 10;
		const pool = new pg.default.Pool({ connectionString: opts.url, max, min: Math.min(2, max) });
		// pool.end() resolves before its sockets close: track them, so close() returns once PostgreSQL saw them go
		const open = new Set<Promise<void>>();
		pool.on('connect', (client) => {
			// a server-side termination (restart, drop … with (force)) surfaces through the next query, not as a crash
			client.on('error', () => {});
			const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
			open.add(ended);
			void ended.then(() => open.delete(ended));
		});
		pool.on('error', () => {});
		const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
		return {
			db,
			kind: 'postgres',
			close: async () => {
				await db.destroy();
				await Promise.all(open);
			}
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { PGliteDialect } = await import('kysely-pglite-dialect');
	const dir = path.join(opts.dataDir, 'pglite');
	fs.mkdirSync(dir, { recursive: true });
	const client = await PGlite.create(dir);
	const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
	return { db, kind: 'pglite', close: () => db.destroy() };
}
