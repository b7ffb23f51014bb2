/**
 * Metrics bench (issue 6), called from bench/index.ts:
 *   1. the full recompute of the cube over 1,000,000 incidents (100,000 when quick or on PGlite) next to one plain
 *      SQL GROUP BY of the same cells over the same table (target: ≤ 1.2× and ≤ 2 s on PostgreSQL);
 *      the recent rating facts' recompute is printed beside it;
 *   2. the incremental cost per event (created, then a status change), exactly-once path included;
 *   3. the forecast's back-tested error on the simulator's 8 weeks (vs a seasonal-naive forecast).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DbHandle } from '../server/db/client.ts';
import { migrate } from '../server/db/migrate.ts';
import { applyPending } from '../server/analytics/aggregation.ts';
import { freshCubeSql, recomputeCube, recomputeFacts, tuneRecomputeSession } from '../server/analytics/recompute.ts';
import { generateHistory } from '../server/demo/feed.ts';
import { loadMunicipalityGeo } from '../server/demo/simulator.ts';
import { bucketStartMs } from '../src/lib/domain/analytics/aggregate.ts';
import { backtest, HOURS_PER_WEEK } from '../src/lib/domain/analytics/forecast.ts';
import { localDateOf, russianCalendar } from '../src/lib/domain/sla.ts';

const TZ = 'Europe/Moscow';
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const t0 = performance.now();
	const value = await fn();
	return { ms: performance.now() - t0, value };
}

/**
 * n incidents over a year with the shape of the real data: blocks skewed, the department follows the block,
 * settlements skewed by population, six channels, old incidents mostly closed. Deterministic (no random()).
 */
export async function fill(h: DbHandle, n: number, tag: string): Promise<void> {
	const blocks = ['housing_utilities', 'roads', 'improvement', 'transport', 'education', 'social', 'healthcare', 'safety', 'environment', 'land_property_construction', 'governance', 'other'];
	const departments = ['housing_utilities_energy', 'transport_roads', 'housing_utilities_energy', 'transport_roads', 'education', 'social_affairs', null, 'civil_defence_emergencies', 'industry_environment', 'property_relations', 'public_reception', null];
	const settlements = ['tuapsinskoe', 'novomikhaylovskoe', 'dzhubgskoe', 'nebugskoe', 'velyaminovskoe', 'georgievskoe', 'tenginskoe', 'shepsinskoe', 'shaumyanskoe', 'oktyabrskoe'];
	const chunk = 250_000;
	for (let from = 1; from <= n; from += chunk) {
		const to = Math.min(n, from + chunk - 1);
		await sql`
			insert into incidents (source, external_id, channel, received_at, text, text_public, block, settlement_id, department_id, status, placement)
			select 'bench', ${tag} || g,
				(array['pos','pos','im','im','regional','head_social','appeal_59fz','manual'])[1 + (g * 7) % 8],
				timestamptz '2026-01-01 00:00:00+03' + make_interval(secs => (g::double precision * 31536000 / ${n})),
				'x', 'x',
				(${blocks}::text[])[1 + floor(12 * power(((g * 2654435761::bigint) % 1000) / 1000.0, 1.8))::int],
				(${departments}::text[])[1 + floor(12 * power(((g * 2654435761::bigint) % 1000) / 1000.0, 1.8))::int],
				(${settlements}::text[])[1 + floor(10 * power(((g * 40503::bigint) % 997) / 997.0, 2.2))::int],
				case when g < ${n} * 0.97 then (case when (g * 31) % 100 < 93 then 'closed' else 'in_work' end)
					else (array['received','in_work','assigned','on_approval','satisfaction_check','closed'])[1 + (g * 13) % 6] end,
				'coordinates'
			from generate_series(${from}::int, ${to}::int) as g`.execute(h.db);
	}
	await sql`analyze incidents`.execute(h.db);
}

async function cubeBench(print: (s: string) => void, label: string, h: DbHandle, n: number, runs: number): Promise<void> {
	const t = await timed(() => fill(h, n, `b${Date.now()}-`));
	print(`metrics ${label}: generated ${n.toLocaleString('en')} incidents with INSERT … SELECT generate_series in ${secs(t.ms)}`);
	// the first build writes every cell; later runs find the stored cube right and write nothing
	const first = await timed(() => recomputeCube(h.db, TZ, { exact: true }));
	print(`metrics ${label}: first full build ${secs(first.ms)} → ${first.value.cells.toLocaleString('en')} cells (hour + day)`);
	// the baseline twice: with the server's defaults, and with the recompute's own session settings (no JIT, more
	// work_mem), so the ratio is against whichever plain GROUP BY is faster — never a handicapped baseline
	const plainDefault: number[] = [];
	const plainTuned: number[] = [];
	const nightly: number[] = [];
	const exact: number[] = [];
	let drift = -1;
	for (let i = 0; i < runs; i++) {
		plainDefault.push((await timed(() => sql`select count(*) from (${freshCubeSql(TZ)}) g`.execute(h.db))).ms);
		plainTuned.push(
			(
				await timed(() =>
					h.db.transaction().execute(async (trx) => {
						await tuneRecomputeSession(trx);
						return sql`select count(*) from (${freshCubeSql(TZ)}) g`.execute(trx);
					})
				)
			).ms
		);
		const r = await timed(() => recomputeCube(h.db, TZ));
		nightly.push(r.ms);
		drift = r.value.drift;
		exact.push((await timed(() => recomputeCube(h.db, TZ, { exact: true }))).ms);
	}
	const pd = median(plainDefault);
	const pt = median(plainTuned);
	const p = Math.min(pd, pt);
	const f = median(nightly);
	const e = median(exact);
	const all = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(' ');
	print(`metrics ${label}: plain SQL GROUP BY of the hour cells (bucket × block × settlement × department × channel × status): ${secs(pd)} with server defaults [${all(plainDefault)}], ${secs(pt)} with the recompute's settings [${all(plainTuned)}]`);
	print(
		`metrics ${label}: full recompute, nightly (every incident → per-bucket fingerprints, compared with the stored cube's; drifted days recomputed cell by cell) ${secs(f)} [${all(nightly)}] vs the faster plain GROUP BY ${secs(p)} → ratio ${(f / p).toFixed(2)}× (median of ${runs}; drift ${drift}; target ≤ 1.2× and ≤ 2 s on PostgreSQL)`
	);
	print(`metrics ${label}: full recompute, exact weekly (every cell rebuilt and compared, day roll-up, repair) ${secs(e)} [${all(exact)}] → ratio ${(e / p).toFixed(2)}×`);
	// a corrupted cell is found and repaired by the nightly run
	await sql`update metric_counts set n = n + 1 where ctid = (select ctid from metric_counts where size = 'hour' limit 1)`.execute(h.db);
	const repair = await timed(() => recomputeCube(h.db, TZ));
	print(`metrics ${label}: one corrupted cell: nightly run found ${repair.value.buckets} bucket(s) off, repaired ${repair.value.drift} cell(s) in ${secs(repair.ms)}`);
	// the rating facts are recomputed in JS over the last 70 days (ratings look back a month and the one before)
	const cal = russianCalendar(TZ);
	const last = await sql<{ m: Date }>`select max(received_at) as m from incidents`.execute(h.db);
	const fromDay = localDateOf(new Date(new Date(last.rows[0].m).getTime() - 69 * DAY_MS), TZ);
	const facts = await timed(() => h.db.transaction().execute((trx) => recomputeFacts(trx, cal, fromDay)));
	print(`metrics ${label}: rating facts recompute over the last 70 days: ${facts.value.incidents.toLocaleString('en')} incidents in ${secs(facts.ms)} (${((facts.ms * 1000) / Math.max(1, facts.value.incidents)).toFixed(1)} µs each)`);
}

async function incrementalBench(print: (s: string) => void, label: string, h: DbHandle, n: number): Promise<void> {
	const cal = russianCalendar(TZ);
	// new incidents received now, each with its created event in the outbox
	await sql`update metric_cursor set seq = (select coalesce(max(seq), 0) from outbox)`.execute(h.db);
	await sql`
		insert into incidents (source, external_id, channel, received_at, text, text_public, block, settlement_id, department_id, status, placement)
		select 'bench-inc', 'i' || g, (array['pos','im','regional'])[1 + g % 3], now() - make_interval(secs => g), 'x', 'x',
			(array['housing_utilities','roads','improvement'])[1 + g % 3], (array['tuapsinskoe','shepsinskoe'])[1 + g % 2],
			(array['housing_utilities_energy','transport_roads'])[1 + g % 2], 'received', 'coordinates'
		from generate_series(1, ${n}) as g`.execute(h.db);
	await sql`insert into outbox (event, incident_id) select 'incident:created', id from incidents where source = 'bench-inc' order by external_id`.execute(h.db);
	const created = await timed(() => applyPending({ db: h.db, calendar: cal }, { batch: 2000, maxBatches: 1_000 }));
	// then each changes status once
	await sql`update incidents set status = 'in_work', version = version + 1, updated_at = now() where source = 'bench-inc'`.execute(h.db);
	await sql`insert into outbox (event, incident_id) select 'incident:updated', id from incidents where source = 'bench-inc'`.execute(h.db);
	const updated = await timed(() => applyPending({ db: h.db, calendar: cal }, { batch: 2000, maxBatches: 1_000 }));
	const check = await recomputeCube(h.db, TZ);
	print(
		`metrics ${label}: incremental ${((created.ms * 1000) / created.value.rows).toFixed(0)} µs/event for ${created.value.rows.toLocaleString('en')} created, ${((updated.ms * 1000) / updated.value.rows).toFixed(0)} µs/event for ${updated.value.rows.toLocaleString('en')} status changes (batches of 2000 under the lock, cursor in the same transaction; recompute afterwards: drift ${check.drift})`
	);
}

/** The simulator's 8 weeks as local hourly counts, and the forecast's rolling-origin back-test on them. */
function forecastBench(print: (s: string) => void): void {
	const geo = loadMunicipalityGeo();
	// whole local weeks, Monday 00:00 to Monday 00:00
	const to = new Date('2026-11-23T00:00:00+03:00');
	const from = new Date(to.getTime() - 8 * 7 * DAY_MS);
	const items = generateHistory({ seed: 1, ...geo, from, to });
	const counts = new Array<number>(8 * HOURS_PER_WEEK).fill(0);
	for (const it of items) {
		const i = Math.round((bucketStartMs(Date.parse(it.receivedAt), 'hour', TZ) - from.getTime()) / HOUR_MS);
		if (i >= 0 && i < counts.length) counts[i]++;
	}
	const naive = (horizon: number) => {
		// seasonal naive: the same hour one week before
		let ape = 0;
		let k = 0;
		let abs = 0;
		let act = 0;
		for (let origin = 4 * HOURS_PER_WEEK; origin + horizon <= counts.length; origin += 24) {
			for (let h = 0; h < horizon; h++) {
				const a = counts[origin + h];
				const f = counts[origin + h - HOURS_PER_WEEK * Math.ceil((h + 1) / HOURS_PER_WEEK)];
				abs += Math.abs(f - a);
				act += a;
				if (a >= 1) {
					ape += Math.abs(f - a) / a;
					k++;
				}
			}
		}
		return { mape: (100 * ape) / k, wape: (100 * abs) / act };
	};
	for (const horizon of [24, HOURS_PER_WEEK]) {
		const t0 = performance.now();
		const r = backtest(counts, { trainWeeks: 4, horizon, stepHours: 24 });
		const ms = performance.now() - t0;
		const nv = naive(horizon);
		print(
			`forecast ${horizon === 24 ? 'next 24 h' : 'next 7 days'}: back-test on the simulator's 8 weeks (${items.length.toLocaleString('en')} incidents; train ≥ 4 weeks, ${r.origins} daily origins): hourly MAPE ${r.mape?.toFixed(1)} %, WAPE ${r.wape?.toFixed(1)} %, daily-total MAPE ${r.dailyMape?.toFixed(1)} %, 90 % band covers ${(r.coverage * 100).toFixed(0)} % of hours; seasonal-naive MAPE ${nv.mape.toFixed(1)} %, WAPE ${nv.wape.toFixed(1)} % (${(ms / r.origins).toFixed(0)} ms per fit)`
		);
	}
}

export async function metricsBench(print: (s: string) => void, opts: { quick: boolean; pgUrl: string | null }): Promise<void> {
	forecastBench(print);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-bench-metrics-'));
	try {
		const lite = await openDatabase({ url: null, dataDir: dir });
		try {
			await migrate(lite.db);
			await cubeBench(print, 'PGlite', lite, 100_000, 3);
			await incrementalBench(print, 'PGlite', lite, opts.quick ? 2_000 : 10_000);
		} finally {
			await lite.close();
		}
		if (opts.pgUrl) {
			const pg = await openDatabase({ url: opts.pgUrl, dataDir: dir });
			try {
				await migrate(pg.db);
				await cubeBench(print, 'PostgreSQL', pg, opts.quick ? 100_000 : 1_000_000, opts.quick ? 3 : 5);
				await incrementalBench(print, 'PostgreSQL', pg, opts.quick ? 2_000 : 20_000);
			} finally {
				await pg.close();
			}
		} else {
			print('metrics: skipped PostgreSQL (no pgUrl) — the 1,000,000-incident recompute runs on PostgreSQL only');
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

// run on its own: node --import tsx bench/metrics.bench.ts [--quick] [postgres://…]
if (import.meta.url === `file://${process.argv[1]}`) {
	const url = process.argv.find((a) => a.startsWith('postgres')) ?? null;
	await metricsBench(console.log, { quick: process.argv.includes('--quick'), pgUrl: url });
	process.exit(0);
}
