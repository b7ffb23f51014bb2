import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { handleGetCalendar, handlePutDay, handleRemoveDay } from '../../server/calendar/calendar.handler.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { createTestDatabase, postgresReachable, skippedWithoutPostgres } from '../support/postgres.ts';
import { incidentInput } from '../support/factories.ts';
import { until } from '../support/screen.ts';

const hasPostgres = await postgresReachable();
if (!hasPostgres) console.log(skippedWithoutPostgres('the calendar change across processes is not tested'));

const TOKEN = 'test-ingest-token';
const url = 'http://mcu.test/api/v1/calendar/days';
const put = (ctx: AppContext, body: unknown, token = TOKEN) =>
	handlePutDay(ctx, new Request(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) }));
const remove = (ctx: AppContext, day: string, actor = 'Иванова') =>
	handleRemoveDay(ctx, new Request(`${url}/${day}?actor=${encodeURIComponent(actor)}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } }), day);

// Tuapse: a regional-platform message on Friday 13 March 2026 at 12:00 is due to be taken into work in one working
// day, i.e. Monday 16 March 12:00; with Monday declared a local holiday, Tuesday 17 March 12:00
const friday = '2026-03-13T12:00:00+03:00';
const takeIntoWork = async (ctx: AppContext, externalId: string) => {
	const [r] = await ctx.ingest([incidentInput({ externalId, channel: 'regional', receivedAt: friday })]);
	return ctx.toIncident(r.row).deadlines.takeIntoWork;
};

describe('the municipality’s own calendar days (PGlite)', () => {
	let env: TestEnv;
	let ctx: AppContext;
	beforeAll(async () => {
		env = await createTestEnv();
		ctx = await createTestContext(env.config());
	});
	afterAll(async () => {
		await ctx?.close();
		await env?.cleanup();
	});

	it('a declared non-working day moves the deadlines of incidents received after it, and survives a restart', async () => {
		expect(await takeIntoWork(ctx, 'cal-before')).toBe('2026-03-16T09:00:00.000Z');
		const res = await put(ctx, { day: '2026-03-16', kind: 'holiday', reason: 'День города', actor: 'Иванова' });
		expect(res.status).toBe(201);
		expect(await takeIntoWork(ctx, 'cal-after')).toBe('2026-03-17T09:00:00.000Z');
		// already stored deadlines keep their term
		const [again] = await ctx.ingest([incidentInput({ externalId: 'cal-before', channel: 'regional', receivedAt: friday })]);
		expect(ctx.toIncident(again.row).deadlines.takeIntoWork).toBe('2026-03-16T09:00:00.000Z');

		await ctx.close();
		ctx = await createTestContext(env.config());
		const listed = await (await handleGetCalendar(ctx, new Request('http://mcu.test/api/v1/calendar', { headers: { authorization: `Bearer ${TOKEN}` } }))).json();
		expect(listed.localDays).toMatchObject([{ day: '2026-03-16', kind: 'holiday', reason: 'День города', actor: 'Иванова' }]);
		expect(await takeIntoWork(ctx, 'cal-restarted')).toBe('2026-03-17T09:00:00.000Z');

		const removed = await remove(ctx, '2026-03-16');
		expect(removed.status).toBe(200);
		expect(await takeIntoWork(ctx, 'cal-removed')).toBe('2026-03-16T09:00:00.000Z');
		expect((await remove(ctx, '2026-03-16')).status).toBe(404);
	});

	it('stores a reason with a NUL byte or half an emoji as it can, instead of failing', async () => {
		const res = await put(ctx, { day: '2026-05-04', kind: 'holiday', reason: 'День\u0000 города \ud83d', actor: 'Иванова\u0000' });
		expect(res.status).toBe(201);
		expect((await res.json()).localDays).toContainEqual(expect.objectContaining({ day: '2026-05-04', reason: 'День города \ufffd', actor: 'Иванова' }));
		expect((await remove(ctx, '2026-05-04', 'Иванова\u0000')).status).toBe(200);
	});

	it('answers 400 naming every bad field and 401 without the token, changing nothing', async () => {
		const bad = await put(ctx, { day: '2026-02-30', kind: 'weekend', reason: '', actor: '' });
		expect(bad.status).toBe(400);
		const body = await bad.json();
		expect(body.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['actor', 'day', 'kind', 'reason']);
		expect((await put(ctx, { day: '2026-03-16', kind: 'holiday', reason: 'День города', actor: 'X' }, 'wrong-token-1')).status).toBe(401);
		const notJson = await handlePutDay(ctx, new Request(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{' }));
		expect(notJson.status).toBe(400);
		expect((await remove(ctx, '2026-3-1')).status).toBe(400);
		expect((await remove(ctx, '2026-03-16', '\u0000')).status).toBe(400);
		expect(await takeIntoWork(ctx, 'cal-unchanged')).toBe('2026-03-16T09:00:00.000Z');
	});
});

describe.skipIf(!hasPostgres)('the calendar across processes (PostgreSQL)', () => {
	let env: TestEnv;
	let a: AppContext;
	let b: AppContext;
	let drop: () => Promise<void>;
	beforeAll(async () => {
		env = await createTestEnv();
		const db = await createTestDatabase();
		drop = db.drop;
		// two processes' contexts on one database and one Redis, e.g. a server and a worker process
		const config = env.config({ DATABASE_URL: db.url });
		a = await createTestContext(config);
		b = await createTestContext(config);
	});
	afterAll(async () => {
		await a?.close();
		await b?.close();
		await drop?.();
		await env?.cleanup();
	});

	it('a day declared through one process reaches the deadlines the other computes', async () => {
		expect(await takeIntoWork(b, 'x-before')).toBe('2026-03-16T09:00:00.000Z');
		expect((await put(a, { day: '2026-03-16', kind: 'holiday', reason: 'День города', actor: 'Иванова' })).status).toBe(201);
		await until(() => b.calendar.holidays.includes('2026-03-16'), 5000, 'the other process reloads its calendar');
		expect(await takeIntoWork(b, 'x-after')).toBe('2026-03-17T09:00:00.000Z');
	});
});
