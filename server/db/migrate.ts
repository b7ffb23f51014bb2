import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type Transaction } from 'kysely';
import type { Db } from './client.ts';
import type { Database } from './schema.ts';

/** A migration written in code (`NNN_name.ts`): for data that SQL cannot compute, such as masking in our own code. */
export interface CodeMigration {
	up(trx: Transaction<Database>): Promise<void>;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every `NNN_name.sql` (or `.ts`) not applied yet, each in its own transaction, in order. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
	await sql`create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())`.execute(db);
	const files = fs.readdirSync(dir).filter((f) => /^\d+_.+\.(sql|ts)$/.test(f)).sort();
	const applied: string[] = [];
	for (const file of files) {
		const version = file.replace(/\.(sql|ts)$/, '');
		await db.transaction().execute(async (trx) => {
			// one migrator at a time when several processes start together on one PostgreSQL
			await sql`select pg_advisory_xact_lock(7263001)`.execute(trx);
			const done = await trx.selectFrom('schema_migrations').select('version').where('version', '=', version).executeTakeFirst();
			if (done) return;
			if (file.endsWith('.ts')) {
				const migration = (await import(pathToFileURL(path.join(dir, file)).href)) as CodeMigration;
				await migration.up(trx);
			} else {
				for (const statement of splitStatements(fs.readFileSync(path.join(dir, file), 'utf8'))) {
					await sql.raw(statement).execute(trx);
				}
			}
			await trx.insertInto('schema_migrations').values({ version }).execute();
			applied.push(version);
		});
	}
	return applied;
}

/** PGlite's extended protocol takes one statement per query: split on `;` at line ends, drop comments. */
export function splitStatements(script: string): string[] {
	return script
		.split('\n')
		.filter((line) => !line.trim().startsWith('--'))
		.join('\n')
		.split(/;\s*(?:\n|$)/)
		.map((s) => s.trim())
		.filter(Boolean);
}
