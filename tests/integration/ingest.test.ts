import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { backendsUnderTest, databaseFor } from '../support/backends.ts';
import { incidentInput } from '../support/factories.ts';

const backends = await backendsUnderTest('ingest runs');

describe.each(backends)('ingest on %s', (name) => {
	let env: TestEnv;
	let ctx: AppContext;
	let dropDb: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		env = await createTestEnv();
		const database = await databaseFor(name);
		dropDb = database.drop;
		ctx = await createTestContext(env.config(database.overrides));
	});
	afterAll(async () => {
		await ctx?.close();
		await dropDb?.();
		await env?.cleanup();
	});

	it('stores a new incident with its outbox row and history event in one go', async () => {
		const input = incidentInput();
		const [r] = await ctx.ingest([input]);
		expect(r.created).toBe(true);
		const outbox = await ctx.db.selectFrom('outbox').selectAll().where('incident_id', '=', r.row.id).execute();
		expect(outbox.map((o) => o.event)).toEqual(['incident:created']);
		const events = await ctx.db.selectFrom('incident_events').selectAll().where('incident_id', '=', r.row.id).execute();
		expect(events.map((e) => e.type)).toEqual(['created']);
	});

	it('answers the same (source, externalId) with the same id and writes nothing twice', async () => {
		const input = incidentInput();
		const [first] = await ctx.ingest([input]);
		const [again] = await ctx.ingest([{ ...input, text: 'изменённый текст' }]);
		expect(again.created).toBe(false);
		expect(again.row.id).toBe(first.row.id);
		const count = await ctx.db
			.selectFrom('incidents')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('source', '=', input.source)
			.where('external_id', '=', input.externalId)
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);
		const outbox = await ctx.db.selectFrom('outbox').selectAll().where('incident_id', '=', first.row.id).execute();
		expect(outbox).toHaveLength(1);
	});

	it('answers a new incident exactly as it is stored and as a later read returns it', async () => {
		const inputs = [
			incidentInput(),
			// no coordinates (left to the placing job), a title with personal data, a source deadline, fractional
			// seconds and an offset other than Moscow's
			incidentInput({ lat: undefined, lon: undefined, settlement: 'Джубга', title: 'Звонила Анна, +7 918 123-45-67', author: { name: 'Анна' }, dueAt: '2026-11-25T18:00:00.250+03:00', receivedAt: '2026-11-23T09:15:30.123+02:00' }),
			// urgent, a formal appeal (other clocks), already overdue when received
			incidentInput({ channel: 'appeal_59fz', urgent: true, category: undefined, receivedAt: '2020-01-09T23:59:59Z' }),
			incidentInput({ channel: 'im', address: undefined, lat: 44.123456789012, lon: 39.000000000001 })
		];
		const answered = await ctx.ingest(inputs);
		expect(answered.map((r) => r.created)).toEqual([true, true, true, true]);
		for (const r of answered) {
			const read = await ctx.db.selectFrom('incidents').selectAll().where('id', '=', r.row.id).executeTakeFirstOrThrow();
			expect(r.row).toStrictEqual(read);
			expect(ctx.toIncident(r.row)).toStrictEqual(ctx.toIncident(read));
		}
		// a resend answers the stored row read back, the same
		const again = await ctx.ingest(inputs);
		expect(again.map((r) => r.row)).toStrictEqual(answered.map((r) => r.row));
	});

	it('keeps one creation when a batch repeats a key, in input order', async () => {
		const a = incidentInput();
		const b = incidentInput();
		const results = await ctx.ingest([a, b, a]);
		expect(results.map((r) => r.created)).toEqual([true, true, false]);
		expect(results[2].row.id).toBe(results[0].row.id);
	});

	it('keeps the author apart and masks phones, e-mails and names in what the wall sees', async () => {
		const [r] = await ctx.ingest([
			incidentInput({
				text: 'Звоните мне, Петрова Анна Сергеевна, +7 (918) 123-45-67 или anna@example.ru — нет света во дворе',
				author: { name: 'Петрова Анна Сергеевна', phone: '+79181234567', email: 'anna@example.ru' }
			})
		]);
		const wall = ctx.toIncident(r.row);
		expect(wall.text).not.toMatch(/Петрова|918|anna@/);
		expect(wall.text).toContain('нет света во дворе');
		expect(JSON.stringify(wall)).not.toMatch(/anna@example\.ru|79181234567/);
		const author = await ctx.db.selectFrom('incident_authors').selectAll().where('incident_id', '=', r.row.id).executeTakeFirstOrThrow();
		expect(author.phone).toBe('+79181234567');
	});

	it('shows the building but not the flat of an address to the wall, and keeps the whole address stored', async () => {
		const address = 'г. Туапсе, ул. Кирова, 86, кв. 104';
		const [r] = await ctx.ingest([incidentInput({ address, text: 'Иван Петров из кв. 104 просит перезвонить' })]);
		const wall = ctx.toIncident(r.row);
		expect(wall.address).toBe('г. Туапсе, ул. Кирова, 86, кв. ***');
		expect(wall.text).toBe('*** из кв. *** просит перезвонить');
		const stored = await ctx.db.selectFrom('incidents').select(['address', 'text']).where('id', '=', r.row.id).executeTakeFirstOrThrow();
		expect(stored).toEqual({ address, text: 'Иван Петров из кв. 104 просит перезвонить' });
	});

	it('numbers outbox rows in commit order under concurrent batches', async () => {
		const batches = Array.from({ length: 8 }, () => Array.from({ length: 25 }, () => incidentInput()));
		const results = (await Promise.all(batches.map((b) => ctx.ingest(b)))).flat();
		const rows = await ctx.db.selectFrom('outbox').select(['seq', 'incident_id']).orderBy('seq').execute();
		const mine = rows.filter((r) => results.some((x) => x.row.id === r.incident_id));
		expect(mine).toHaveLength(200);
		// a batch's rows are numbered in its input order
		for (const b of batches) {
			const ids = b.map((i) => results.find((r) => r.row.external_id === i.externalId)!.row.id);
			expect(mine.filter((r) => ids.includes(r.incident_id)).map((r) => r.incident_id)).toEqual(ids);
		}
		const seqs = rows.map((r) => Number(r.seq));
		expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
		expect(new Set(rows.map((r) => r.incident_id)).size).toBe(rows.length);
	});

	it('hands every committed outbox row to the relay once, however many batches a statement merged', async () => {
		const handed: number[][] = [];
		ctx.onOutbox = (committed) => {
			handed.push((committed ?? []).map((e) => e.seq));
			return false;
		};
		try {
			const batches = Array.from({ length: 8 }, () => Array.from({ length: 10 }, () => incidentInput()));
			const results = (await Promise.all(batches.map((b) => ctx.ingest(b)))).flat();
			const ids = results.map((r) => r.row.id);
			const rows = await ctx.db.selectFrom('outbox').select('seq').where('incident_id', 'in', ids).orderBy('seq').execute();
			expect(rows).toHaveLength(80);
			// merged statements hand their rows over once, not once per caller
			expect(handed.flat().sort((x, y) => x - y)).toEqual(rows.map((r) => Number(r.seq)));
			expect(handed.length).toBeLessThan(batches.length);
		} finally {
			ctx.onOutbox = undefined;
		}
	});

	it('creates each key once across duplicates inside a batch and across concurrent batches', async () => {
		const [a, b, c, d] = Array.from({ length: 4 }, () => incidentInput());
		const [first, second, third] = await Promise.all([ctx.ingest([a, b, a]), ctx.ingest([b, c, c, a]), ctx.ingest([d, d])]);
		const all = [...first, ...second, ...third];
		for (const input of [a, b, c, d]) {
			const mine = all.filter((r) => r.row.external_id === input.externalId);
			// one creation, every other mention answers the same stored incident
			expect(mine.filter((r) => r.created)).toHaveLength(1);
			expect(new Set(mine.map((r) => r.row.id)).size).toBe(1);
		}
		const ids = [...new Set(all.map((r) => r.row.id))];
		expect(ids).toHaveLength(4);
		const outbox = await ctx.db.selectFrom('outbox').select('incident_id').where('incident_id', 'in', ids).execute();
		expect(outbox.map((o) => o.incident_id).sort()).toEqual([...ids].sort());
		const events = await ctx.db.selectFrom('incident_events').select('incident_id').where('incident_id', 'in', ids).where('type', '=', 'created').execute();
		expect(events).toHaveLength(4);
		// a later resend of the whole lot writes nothing and answers the same ids
		const again = await ctx.ingest([a, b, c, d]);
		expect(again.map((r) => r.created)).toEqual([false, false, false, false]);
		expect(again.map((r) => r.row.id)).toEqual([a, b, c, d].map((i) => all.find((r) => r.row.external_id === i.externalId)!.row.id));
	});

	it('answers every one of many concurrent senders with its own stored incidents', async () => {
		const shared = incidentInput();
		const calls = Array.from({ length: 12 }, (_, i) => [incidentInput({ title: `вызов ${i}` }), shared]);
		const answers = await Promise.all(calls.map((c) => ctx.ingest(c)));
		answers.forEach((results, i) => {
			expect(results[0].created).toBe(true);
			expect(results[0].row.title).toBe(`вызов ${i}`);
			expect(results[0].row.external_id).toBe(calls[i][0].externalId);
		});
		const sharedAnswers = answers.map((r) => r[1]);
		expect(sharedAnswers.filter((r) => r.created)).toHaveLength(1);
		expect(new Set(sharedAnswers.map((r) => r.row.id)).size).toBe(1);
	});

	it('keeps the author of the creating mention when a batch repeats a key', async () => {
		const input = incidentInput({ author: { phone: '+79180000001' } });
		const [r] = await ctx.ingest([input, { ...input, author: { phone: '+79180000002' } }]);
		const authors = await ctx.db.selectFrom('incident_authors').selectAll().where('incident_id', '=', r.row.id).execute();
		expect(authors.map((a) => a.phone)).toEqual(['+79180000001']);
	});

	it('computes deadlines at ingest from the channel rules', async () => {
		const [r] = await ctx.ingest([incidentInput({ channel: 'im', receivedAt: '2026-11-24T10:20:00+03:00' })]);
		expect(ctx.toIncident(r.row).deadlines.firstAnswer).toBe('2026-11-24T08:20:00.000Z');
	});

	it('applies migrations once, whatever the number of starts', async () => {
		const rows = await sql<{ version: string }>`select version from schema_migrations`.execute(ctx.db);
		expect(rows.rows.map((r) => r.version)).toContain('001_init');
	});
});
