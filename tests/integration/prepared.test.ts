import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type DbHandle } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createIngest } from '../../server/ingest/ingest.service.ts';
import { createTestDatabase, postgresReachable, skippedWithoutPostgres } from '../support/postgres.ts';
import { incidentInput } from '../support/factories.ts';

const hasPostgres = await postgresReachable();
if (!hasPostgres) console.log(skippedWithoutPostgres('prepared statements are PostgreSQL only'));

describe.runIf(hasPostgres)('prepared statements on PostgreSQL', () => {
	let handle: DbHandle;
	let drop: () => Promise<void>;

	beforeAll(async () => {
		const db = await createTestDatabase();
		drop = db.drop;
		// one connection: the session whose prepared statements the test reads is the one that ran them
		handle = await openDatabase({ url: db.url, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-test-')), poolSize: 1 });
		await migrate(handle.db);
	});
	afterAll(async () => {
		await handle?.close();
		await drop?.();
	});

	const prepared = async () =>
		(
			await sql<{ name: string; runs: number }>`select name, (generic_plans + custom_plans)::int as runs from pg_prepared_statements order by name`.execute(
				handle.db
			)
		).rows;

	it('plans the ingest statement once per connection and reuses it for every batch', async () => {
		const ingest = createIngest({
			db: handle.db,
			route: () => ({ block: null, departmentId: null }),
			deadlines: () => ({}),
			place: () => null,
			committed: () => {}
		});
		await ingest([incidentInput()]);
		await ingest([incidentInput(), incidentInput()]);
		const [again] = await ingest([incidentInput({ externalId: 'prepared-1' })]);
		expect(again.created).toBe(true);
		expect(await prepared()).toEqual([{ name: 'mcu_ingest', runs: 3 }]);
	});

	it('keeps working when a migration adds a column to incidents while the servers run (a rolling deploy)', async () => {
		const ingest = createIngest({ db: handle.db, route: () => ({ block: null, departmentId: null }), deadlines: () => ({}), place: () => null, committed: () => {} });
		await ingest([incidentInput()]);
		await sql`alter table incidents add column rolling_deploy_note text`.execute(handle.db);
		try {
			// a prepared statement whose result type followed the table (`returning *`) fails here with
			// «cached plan must not change result type» on every connection that prepared it
			const [r] = await ingest([incidentInput({ externalId: 'after-migration' })]);
			expect(r.created).toBe(true);
			const [again] = await ingest([incidentInput({ externalId: 'after-migration' })]);
			expect(again).toMatchObject({ created: false, row: { id: r.row.id } });
		} finally {
			await sql`alter table incidents drop column rolling_deploy_note`.execute(handle.db);
		}
	});

	it('leaves statements without the mark unprepared', async () => {
		await sql`select count(*) from incidents`.execute(handle.db);
		await handle.db.selectFrom('outbox').select('seq').limit(1).execute();
		expect((await prepared()).map((p) => p.name)).toEqual(['mcu_ingest']);
	});
});
