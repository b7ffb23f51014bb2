import net from 'node:net';
import pg from 'pg';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The visible line a test file or bench prints when it runs without PostgreSQL: which server it looked for, and what is not run. */
export function skippedWithoutPostgres(what: string): string {
	const url = new URL(ADMIN_URL);
	return `skipped: no PostgreSQL on ${url.hostname}:${url.port || 5432} — ${what}`;
}

/** True when the PostgreSQL of the machine answers; tests print "skipped: no PostgreSQL" otherwise. */
export async function postgresReachable(): Promise<boolean> {
	const url = new URL(ADMIN_URL);
	const open = await new Promise<boolean>((resolve) => {
		const s = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
		s.setTimeout(1000);
		s.once('connect', () => (s.destroy(), resolve(true)));
		s.once('error', () => resolve(false));
		s.once('timeout', () => (s.destroy(), resolve(false)));
	});
	if (!open) return false;
	const c = new pg.Client({ connectionString: ADMIN_URL });
	try {
		await c.connect();
		await c.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await c.end().catch(() => {});
	}
}

/** A fresh database for one test file; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `mcu_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: ADMIN_URL });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const c = new pg.Client({ connectionString: ADMIN_URL });
			await c.connect();
			await c.query(`drop database if exists ${name} with (force)`);
			await c.end();
		}
	};
}
