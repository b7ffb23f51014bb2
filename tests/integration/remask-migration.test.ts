import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { backendsUnderTest, databaseFor } from '../support/backends.ts';

const backends = await backendsUnderTest('the re-masking migration runs');
const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../server/db/migrations');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-remask-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(backends)('re-masking stored incidents on %s', (backend) => {
	it('masks the names an older masking left in what walls read, and nothing else', async () => {
		const database = await databaseFor(backend);
		const url = database.overrides.DATABASE_URL ?? null;
		const handle = await openDatabase({ url, dataDir: fs.mkdtempSync(path.join(tmp, 'db-')) });
		try {
			// the schema as it was before 008
			const before = fs.mkdtempSync(path.join(tmp, 'migrations-'));
			for (const f of fs.readdirSync(MIGRATIONS).filter((f) => f < '008')) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(before, f));
			await migrate(handle.db, before);
			const stored = (id: string, text: string, title: string | null) => ({
				source: 'pos.gosuslugi', external_id: id, channel: 'pos', received_at: '2026-11-20T10:00:00+03:00',
				title, text, text_public: text, category: null, block: null, department_id: null
			});
			const [, , byAuthor] = await handle.db
				.insertInto('incidents')
				.values([
					stored('old-1', 'Звонил Иванов Иван Иванович, прорвало трубу', 'Жалоба от Петровой А.С.'),
					stored('old-2', 'Не вывозят мусор у дома 12', null),
					// the author's own name was masked then already
					{ ...stored('old-3', 'Ким Ольга: нет света', null), text_public: '*** ***: нет света' },
					// forms masking learnt later (010): a first name with a surname, a flat's number
					stored('old-4', 'Приходил Иван Петров из кв. 5, воды нет с 2026-11-19', null),
					// and later still (012): a family, a short name
					stored('old-5', 'Опять у Петровых собака лает, Саша Кравченко видел', 'Соседи Ивановы шумят')
				])
				.returning('id')
				.execute();
			await handle.db.insertInto('incident_authors').values({ incident_id: byAuthor.id, name: 'Ким Ольга', phone: null, email: null }).execute();

			expect(await migrate(handle.db)).toEqual(expect.arrayContaining(['008_remask_names', '010_remask_first_names', '012_remask_families_and_short_names']));
			const rows = await handle.db.selectFrom('incidents').select(['text', 'text_public', 'title']).orderBy('external_id').execute();
			expect(rows.map((r) => [r.text_public, r.title])).toEqual([
				['Звонил ***, прорвало трубу', 'Жалоба от ***'],
				['Не вывозят мусор у дома 12', null],
				['*** ***: нет света', null],
				['Приходил *** из кв. ***, воды нет с 2026-11-19', null],
				['Опять у *** собака лает, *** видел', 'Соседи *** шумят']
			]);
			// the original text stays for the roles that may read it
			expect(rows[0].text).toBe('Звонил Иванов Иван Иванович, прорвало трубу');
			// applied once: a second start does not run it again
			expect(await migrate(handle.db)).toEqual([]);
		} finally {
			await handle.close();
			await database.drop();
		}
	});
});
