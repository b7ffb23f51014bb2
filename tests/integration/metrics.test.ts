import fs from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { handleRatings, handleSpikes, handleTrends, handleVolume, handleEscalations } from '../../server/analytics/analytics.handlers.ts';
import { recomputeAll } from '../../server/analytics/recompute.ts';
import { buildRatings } from '../../server/analytics/ratings.ts';
import { applyPending } from '../../server/analytics/aggregation.ts';
import { performIncidentAction } from '../../server/incidents/incident-actions.service.ts';
import { JobName, JobQueue } from '../../server/jobs/names.ts';
import { startWorkers, type WorkersHandle } from '../../workers/start.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/contracts/events.ts';
import type { MetricsUpdate, RatingsResponse } from '../../src/lib/contracts/metrics.ts';
import { RATING_FORMULA_MARKDOWN } from '../../src/lib/domain/rating/rating.ts';
import { DEFAULT_RATING_CONFIG } from '../../src/lib/domain/rating/rating.config.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { backendsUnderTest, databaseFor } from '../support/backends.ts';
import { incidentInput } from '../support/factories.ts';
import { closeApp, listenApp, type ListeningApp } from '../support/listen.ts';
import { until } from '../support/screen.ts';

const backends = await backendsUnderTest('metrics run');

const CATEGORIES = ['Отопление', 'Ремонт дорог, ямы', 'Дворы и детские площадки', 'Школы', 'Льготы и выплаты'];
const SETTLEMENT_POINTS = [
	{ lat: 44.1044, lon: 39.0772 },
	{ lat: 44.321, lon: 38.705 },
	{ lat: 44.157, lon: 39.23 }
];

/** the files of a ZIP by name (stored or deflated entries) */
function unzip(buf: Buffer): Map<string, string> {
	const out = new Map<string, string>();
	let p = 0;
	while (buf.readUInt32LE(p) === 0x04034b50) {
		const method = buf.readUInt16LE(p + 8);
		const size = buf.readUInt32LE(p + 18);
		const nameLen = buf.readUInt16LE(p + 26);
		const extra = buf.readUInt16LE(p + 28);
		const name = buf.subarray(p + 30, p + 30 + nameLen).toString('utf8');
		const data = buf.subarray(p + 30 + nameLen + extra, p + 30 + nameLen + extra + size);
		out.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
		p += 30 + nameLen + extra + size;
	}
	return out;
}

describe.each(backends)('metric aggregates on %s', (name) => {
	let env: TestEnv;
	let config: Config;
	let dropDb: (() => Promise<void>) | undefined;
	let listening: ListeningApp;
	let second: { workers: WorkersHandle; ctx?: AppContext };
	const sockets: Socket[] = [];

	beforeAll(async () => {
		env = await createTestEnv();
		const database = await databaseFor(name);
		dropDb = database.drop;
		config = env.config({ RUN_WORKERS: 'true', ...database.overrides });
		listening = await listenApp(config);
		// a second worker process: its own pool on PostgreSQL; PGlite belongs to one process, so it shares the context
		if (name === 'PostgreSQL') {
			const ctx = await createTestContext(config);
			second = { ctx, workers: await startWorkers(ctx) };
		} else {
			second = { workers: await startWorkers(listening.app.ctx) };
		}
	});
	afterAll(async () => {
		sockets.forEach((s) => s.close());
		await second?.workers.close();
		await second?.ctx?.close();
		if (listening) await closeApp(listening);
		await dropDb?.();
		await env?.cleanup();
	});

	const ctx = () => listening.app.ctx;
	const cursor = async () => {
		const c = await ctx().db.selectFrom('metric_cursor').select(['seq', 'applied']).executeTakeFirstOrThrow();
		return { seq: Number(c.seq), applied: Number(c.applied) };
	};
	const outboxCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(ctx().db)).rows[0].n);
	const pendingPlacement = async () =>
		Number((await sql<{ n: number }>`select count(*)::int as n from incidents where placement = 'pending'`.execute(ctx().db)).rows[0].n);
	const maxSeq = async () => Number((await sql<{ m: number }>`select coalesce(max(seq), 0)::int as m from outbox`.execute(ctx().db)).rows[0].m);
	// the workers' start recompute, still to run (or retrying after serialization failures against the busy appliers):
	// once it runs it repairs whatever a test corrupted before the test's own recompute could see it
	const startRecomputes = async () =>
		(await ctx().queues[JobQueue[JobName.MetricsRecompute]].getJobs(['active', 'waiting', 'delayed', 'prioritized'])).filter(
			(j) => j?.name === JobName.MetricsRecompute && j.id?.startsWith(`${JobName.MetricsRecompute}-`)
		).length;
	const settled = async () => {
		// quiet: every incident placed (placement writes outbox rows of its own, a batch at a time), no start recompute
		// pending, and the cursor at the outbox's end twice in a row, 300 ms apart
		let last = -1;
		await until(
			async () => {
				const [c, m, pending, recomputing] = await Promise.all([cursor(), maxSeq(), pendingPlacement(), startRecomputes()]);
				const ok = pending === 0 && recomputing === 0 && c.seq === m && m === last;
				last = c.seq === m ? m : -1;
				return ok;
			},
			30_000,
			'aggregation caught up with the outbox'
		);
	};
	const listen = () => {
		const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(listening.url, { path: '/socket.io', transports: ['websocket'] });
		sockets.push(s);
		const updates: Array<{ at: number; e: MetricsUpdate }> = [];
		s.on('metrics:update', (e) => updates.push({ at: Date.now(), e }));
		return { s, updates };
	};

	it('applies every incident event once with two workers, and the recompute finds no drift', async () => {
		const screen = listen();
		const now = Date.now();
		const inputs = Array.from({ length: 60 }, (_, i) =>
			incidentInput({
				channel: i % 3 === 0 ? 'im' : 'pos',
				source: i % 3 === 0 ? 'im.tuapse' : 'pos.gosuslugi',
				category: CATEGORIES[i % CATEGORIES.length],
				receivedAt: new Date(now - (i % 7) * 3_600_000 - 60_000).toISOString(),
				...SETTLEMENT_POINTS[i % SETTLEMENT_POINTS.length]
			})
		);
		// in bursts, so placement, SLA and metric jobs of both workers interleave
		const results = [];
		for (let i = 0; i < inputs.length; i += 15) results.push(...(await ctx().ingest(inputs.slice(i, i + 15))));
		const ids = results.map((r) => r.row.id);
		await until(async () => (await ctx().db.selectFrom('incidents').select('id').where('placement', '=', 'pending').execute()).length === 0, 20_000, 'placed');
		// life-cycle actions: half closed (answered on time), a few re-opened
		for (const [i, id] of ids.entries()) {
			if (i % 2 !== 0) continue;
			const row = await ctx().db.selectFrom('incidents').select('version').where('id', '=', id).executeTakeFirstOrThrow();
			const out = await performIncidentAction(ctx(), id, { version: row.version, action: 'close', actor: 'operator', resolution: 'redirected', reason: 'не наша компетенция' });
			expect(out.ok).toBe(true);
			if (i % 10 === 0) {
				const r2 = await ctx().db.selectFrom('incidents').select('version').where('id', '=', id).executeTakeFirstOrThrow();
				expect((await performIncidentAction(ctx(), id, { version: r2.version, action: 'reopen', actor: 'operator', reason: 'жалоба повторно' })).ok).toBe(true);
			}
		}
		await settled();

		// each outbox row applied exactly once, whatever worker took it
		const c = await cursor();
		expect(c.applied).toBe(await outboxCount());
		expect(c.seq).toBe(await maxSeq());
		const total = Number((await sql<{ n: number }>`select count(*)::int as n from incidents`.execute(ctx().db)).rows[0].n);
		for (const size of ['hour', 'day']) {
			const { rows } = await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from metric_counts where size = ${size}`.execute(ctx().db);
			expect(Number(rows[0].n)).toBe(total);
		}
		const closed = await sql<{ n: number }>`select coalesce(sum(n), 0)::int as n from metric_counts where size = 'day' and status = 'closed'`.execute(ctx().db);
		expect(Number(closed.rows[0].n)).toBe(ids.filter((_, i) => i % 2 === 0 && i % 10 !== 0).length);

		const r = await recomputeAll(ctx());
		expect(r.cube.drift).toBe(0);
		expect(r.facts.drift).toBe(0);
		expect(r.facts.incidents).toBe(total);
		expect(r.cube.cells).toBeGreaterThan(0);

		// the wall heard about it, coalesced: never two pushes within 2 s
		await until(() => screen.updates.some((u) => u.e.today.total > 0), 10_000, 'metrics:update');
		// spacing of the pushes as sent (`at` is stamped before the 2 s slot is taken), not as received: on a loaded
		// machine Redis pub/sub can deliver one late and the next on time
		const sentAt = screen.updates.map((u) => Date.parse(u.e.at));
		const gaps = sentAt.slice(1).map((at, i) => at - sentAt[i]);
		for (const g of gaps) expect(g).toBeGreaterThanOrEqual(1900);
		const lastUpdate = screen.updates.at(-1)!.e;
		expect(lastUpdate.today.hourly).toHaveLength(24);
	});

	it('never applies an outbox row twice when appliers race (advisory lock + cursor in one transaction)', async () => {
		await settled();
		const other = second.ctx ?? ctx();
		let stop = false;
		const race = (c: AppContext) =>
			(async () => {
				// PGlite answers without a trip through the event loop: yield, or timers never run
				while (!stop) if ((await applyPending(c, { batch: 7 })).rows === 0) await new Promise((r) => setTimeout(r, 2));
			})();
		const racers = [race(ctx()), race(other), race(ctx()), race(other)];
		for (let i = 0; i < 10; i++) {
			await ctx().ingest(Array.from({ length: 10 }, () => incidentInput({ receivedAt: new Date(Date.now() - 120_000).toISOString() })));
		}
		await settled();
		stop = true;
		await Promise.all(racers);
		const c = await cursor();
		expect(c.applied).toBe(await outboxCount());
		const r = await recomputeAll(ctx());
		expect([r.cube.drift, r.facts.drift]).toEqual([0, 0]);
	});

	it('reports and repairs drift: the full recompute equals the incremental state again', async () => {
		await settled();
		await sql`update metric_counts set n = n + 5 where ctid = (select ctid from metric_counts where size = 'hour' limit 1)`.execute(ctx().db);
		await sql`delete from metric_unit_days where ctid = (select ctid from metric_unit_days limit 1)`.execute(ctx().db);
		await sql`insert into metric_counts values ('day', now(), 'ghost', '', '', 'pos', 'received', 3)`.execute(ctx().db);
		// the same count in the bucket, in the wrong cell: only the fingerprint's hash sum sees it
		await sql`update metric_counts set status = 'moved' where ctid = (select ctid from metric_counts where size = 'day' and status = 'closed' limit 1)`.execute(ctx().db);
		const repaired = await recomputeAll(ctx());
		expect(repaired.cube.drift).toBe(4);
		expect(repaired.cube.buckets).toBeGreaterThanOrEqual(2);
		expect(repaired.facts.drift).toBe(1);
		const again = await recomputeAll(ctx());
		expect(again.cube.drift).toBe(0);
		expect(again.facts.drift).toBe(0);
		const logged = await ctx().db.selectFrom('metric_recomputes').select(['cube_drift', 'facts_drift']).orderBy('id', 'desc').limit(2).execute();
		expect(logged.map((l) => [l.cube_drift, l.facts_drift])).toEqual([[0, 0], [repaired.cube.drift, 1]]);
		// a cell stored twice over (a ghost to delete) and one missing (to insert): the cell count is the repaired cube's
		await sql`insert into metric_counts values ('hour', now(), 'ghost', '', '', 'pos', 'received', 2)`.execute(ctx().db);
		await sql`delete from metric_counts where ctid = (select ctid from metric_counts where size = 'day' and block <> 'ghost' limit 1)`.execute(ctx().db);
		const exact = await recomputeAll(ctx(), { exact: true });
		expect([exact.cube.drift, exact.facts.drift]).toEqual([2, 0]);
		const stored = await sql<{ n: number }>`select count(*)::int as n from metric_counts`.execute(ctx().db);
		expect(exact.cube.cells).toBe(Number(stored.rows[0].n));
		expect((await recomputeAll(ctx(), { exact: true })).cube.drift).toBe(0);
	});

	it('a corrupted rating row changes the ratings until the recompute restores them', async () => {
		await settled();
		// buildRatings, not the handler: the handler memoises per aggregation cursor, and a corruption moves no cursor
		const ratings = async () => {
			const body = await buildRatings(ctx(), { period: 'week', kind: 'department' });
			return body.ratings.map((r) => ({ unit: r.unit, score: r.score, n: r.n, answered: r.answered, median: r.medianFirstAnswerMinutes }));
		};
		const before = await ratings();
		// one unit-day of the best-rated department: all answers late, first answers moved to the slowest bucket
		const target = await sql<{ kind: string; unit: string; channel: string; day: string }>`
			select kind, unit, channel, day from metric_unit_days
			where kind = 'department' and unit = ${before[0].unit} and answered > 0 order by day desc limit 1`.execute(ctx().db);
		expect(target.rows).toHaveLength(1);
		const k = target.rows[0];
		await sql`
			update metric_unit_days set answered_on_time = 0, n = n + 7,
				first_answer_hist = array_fill(0, array[array_length(first_answer_hist, 1) - 1]) || (select sum(x)::int from unnest(first_answer_hist) x)
			where kind = ${k.kind} and unit = ${k.unit} and channel = ${k.channel} and day = ${k.day}`.execute(ctx().db);
		const corrupted = await ratings();
		expect(corrupted).not.toEqual(before);

		const r = await recomputeAll(ctx());
		expect(r.facts.drift).toBe(1);
		expect(r.cube.drift).toBe(0);
		expect(await ratings()).toEqual(before);
	});

	it('answers the ratings in the documented shape, per channel and combined', async () => {
		const res = await handleRatings(ctx(), new URL('http://mcu.test/api/v1/ratings?period=week&kind=department'));
		expect(res.status).toBe(200);
		const body = (await res.json()) as RatingsResponse;
		expect(body).toMatchObject({ ok: true, period: 'week', kind: 'department', channel: null });
		expect(body.ratings.length).toBeGreaterThan(1);
		for (const r of body.ratings) {
			expect(Object.keys(r)).toEqual(expect.arrayContaining(['unit', 'unitName', 'kind', 'score', 'n', 'rank', 'rankChange', 'components']));
			expect(Object.keys(r.components).sort()).toEqual(['onTime', 'quality', 'satisfaction', 'speed']);
			expect(r.score).toBeGreaterThanOrEqual(0);
			expect(r.score).toBeLessThanOrEqual(100);
			expect(r.kind).toBe('department');
		}
		expect(body.ratings.map((r) => r.rank)).toEqual([...body.ratings.map((r) => r.rank)].sort((a, b) => (a ?? 0) - (b ?? 0)));
		expect(body.ratings.find((r) => r.unit === 'housing_utilities_energy')?.unitName).toBe('Управление ЖКХ и ТЭК');

		const im = (await (await handleRatings(ctx(), new URL('http://mcu.test/api/v1/ratings?period=week&kind=department&channel=im'))).json()) as RatingsResponse;
		const pos = (await (await handleRatings(ctx(), new URL('http://mcu.test/api/v1/ratings?period=week&kind=department&channel=pos'))).json()) as RatingsResponse;
		const nOf = (b: RatingsResponse) => b.ratings.reduce((s, r) => s + r.n, 0);
		expect(nOf(im)).toBeGreaterThan(0);
		expect(nOf(im) + nOf(pos)).toBe(nOf(body));

		const settlements = (await (await handleRatings(ctx(), new URL('http://mcu.test/api/v1/ratings?period=day&kind=settlement'))).json()) as RatingsResponse;
		expect(settlements.ratings.every((r) => r.kind === 'settlement')).toBe(true);
		expect(settlements.ratings.map((r) => r.unitName)).toContain('Туапсинское');

		const bad = await handleRatings(ctx(), new URL('http://mcu.test/api/v1/ratings?period=year'));
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ ok: false, error: 'invalid query' });
	});

	it('exports the ratings as an XLSX workbook with Russian headers', async () => {
		const res = await handleRatings(ctx(), new URL('http://mcu.test/api/v1/ratings?period=week&kind=department&format=xlsx'));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const buf = Buffer.from(await res.arrayBuffer());
		expect([...buf.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
		const files = unzip(buf);
		expect([...files.keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']));
		const strings = files.get('xl/sharedStrings.xml')!;
		expect(strings).toContain('Управление ЖКХ и ТЭК');
		expect(strings).toContain('Балл (0–100)');
		expect(files.get('xl/workbook.xml')).toContain('name="Рейтинг"');
		expect(files.get('xl/worksheets/sheet1.xml')).toMatch(/<row r="2">/);
	});

	it('serves the wall panels: volume, spikes, trends, escalations; an installation hours old claims no forecast and no spike', async () => {
		const volume = await (await handleVolume(ctx())).json();
		expect(volume.today.points).toHaveLength(24);
		expect(volume.today.actualTotal).toBeGreaterThan(0);
		for (const p of volume.today.points) expect(p.lower).toBeLessThanOrEqual(p.upper);
		expect(volume.week.points).toHaveLength(168);
		expect(volume.week.days.length).toBeGreaterThanOrEqual(7);
		// every incident is from the last 8 hours: a forecast would be the zeros before them («из ожидаемых 0»)
		const since = Date.parse(volume.history.since);
		expect(Date.now() - since).toBeLessThan(9 * 3_600_000);
		expect(Date.parse(volume.history.forecastFrom) - since).toBe(7 * 24 * 3_600_000);
		expect(volume.today.forecastTotal).toBeNull();
		expect(volume.week.total).toBeNull();
		const spikes = await (await handleSpikes(ctx())).json();
		expect(spikes).toMatchObject({ ok: true, window: { hours: 24, baselineDays: 7 } });
		// the week before is empty because nothing was installed yet, not because it was quiet: no growth to claim
		// (the e2e analytics test, with eight weeks of history, finds its spike)
		expect(spikes.spikes).toEqual([]);
		const trends = await (await handleTrends(ctx())).json();
		expect(trends.days).toHaveLength(14);
		expect(trends.blocks[0].counts).toHaveLength(14);
		expect(trends.blocks.reduce((s: number, b: { total: number }) => s + b.total, 0)).toBe(160);
		const escalations = await (await handleEscalations(ctx())).json();
		expect(escalations.ok).toBe(true);
		// the same address in every complaint: repeat complaints
		expect(escalations.signals.some((s: { kind: string }) => s.kind === 'repeat_address')).toBe(true);
	});
});

describe('the documented rating formula', () => {
	it('docs/ratings.md shows the formula rating.ts computes with, and the README links it', () => {
		const docs = fs.readFileSync(new URL('../../docs/ratings.md', import.meta.url), 'utf8');
		// the generated text without its own heading: the page files it under "## Ratings"
		const body = RATING_FORMULA_MARKDOWN.slice(RATING_FORMULA_MARKDOWN.indexOf('\n') + 1);
		expect(docs).toContain(body);
		const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		expect(readme).toContain('](docs/ratings.md)');
		expect(readme).toContain('score = 100 · Σ w_c · x̃_c / Σ w_c');
		// the README's short version names the default numbers: they must be the configuration's
		const c = DEFAULT_RATING_CONFIG;
		expect(readme).toContain(`weights: onTime ${c.weights.onTime}, speed ${c.weights.speed}, quality ${c.weights.quality}, satisfaction ${c.weights.satisfaction}`);
		expect(readme).toContain(`*m* = ${c.priorStrength} pseudo-observations`);
		expect(readme).toContain(`*N* = ${c.speed.targetMinutes} working minutes`);
		expect(readme).toContain(`(${c.speed.decayK}·*N*)`);
	});
});
