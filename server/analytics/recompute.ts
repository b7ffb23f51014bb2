/**
 * Full recompute (issue 6): rebuilds the cube from the incidents with one GROUP BY and the recent rating facts
 * from the life-cycle states, compares both with the incremental state, reports the drift and repairs it.
 *
 * It runs in one REPEATABLE READ transaction under the aggregation lock: it first applies the outbox rows after the
 * cursor (so the incremental state and the incidents are read from the same snapshot), then recomputes. The
 * snapshot is taken before the lock is granted, so the cursor row is touched first: if an applier committed in
 * between, PostgreSQL answers a serialization failure and the recompute starts again.
 */
import { sql } from 'kysely';
import { localDateOf, startOfLocalDay, type WorkCalendar } from '#domain/sla.ts';
import type { Db } from '../db/client.ts';
import {
	addToUnitDays,
	applyBatch,
	CURSOR_NAME,
	FACTS_COLUMNS,
	lockAggregation,
	readCursor,
	sameSnapshot,
	snapshotOf,
	writeSnapshots,
	type FactsRow,
	type Snapshot,
	type Trx
} from './aggregation.ts';
import { unitDayKey, unitDaysSince, vectorOfRow, writeUnitDays, type FactVector } from './unit-days.ts';

const DAY_MS = 86_400_000;

/**
 * Settings of the recompute's own transaction (SET LOCAL; nothing else sees them), found with EXPLAIN (ANALYZE) on
 * 1,000,000 incidents. JIT: the planner expects a million groups, so it compiled and inlined these statements with
 * LLVM — 2.8 s of compilation for 1.5 s of work. work_mem: at the default 4 MB the per-bucket aggregates and the
 * cell sort spill to disk (external merge); 64 MB keeps them in memory, and is taken once a night, not per query.
 */
export async function tuneRecomputeSession(trx: Trx): Promise<void> {
	await sql`set local jit = off`.execute(trx);
	await sql`set local work_mem = '64MB'`.execute(trx);
}

/** Runs fn in a transaction with the recompute's settings: the caller's one, or a new one. */
async function inRecomputeSession<T>(db: Trx | Db, fn: (trx: Trx) => Promise<T>): Promise<T> {
	if (db.isTransaction) {
		await tuneRecomputeSession(db as Trx);
		return fn(db as Trx);
	}
	return db.transaction().execute(async (trx) => {
		await tuneRecomputeSession(trx);
		return fn(trx);
	});
}

export interface RecomputeOptions {
	/** rating facts are recomputed for incidents received in the last this many local days (ratings look back a month and the month before) */
	factsWindowDays?: number;
	now?: Date;
	/** compare every cell, not bucket fingerprints (the weekly run) */
	exact?: boolean;
}

export interface CubeRecompute {
	cells: number;
	/** cells that differed (and were repaired) */
	drift: number;
	/** buckets whose fingerprint differed (reconcile only) */
	buckets: number;
	sample: Array<Record<string, unknown>>;
}

export interface RecomputeResult {
	cursorSeq: number;
	/** outbox rows applied before recomputing */
	caughtUp: number;
	cube: CubeRecompute;
	facts: { incidents: number; drift: number };
	durationMs: number;
	cubeMs: number;
	factsMs: number;
}

/** The cube's SQL: local hour buckets by GROUP BY over incidents (optionally only in some time ranges). */
export function freshCubeSql(timeZone: string, ranges: Ranges | null = null) {
	return sql`
		select 'hour'::text as size,
			date_trunc('hour', i.received_at at time zone ${timeZone}::text) at time zone ${timeZone}::text as bucket,
			coalesce(i.block, '') as block, coalesce(i.settlement_id, '') as settlement_id, coalesce(i.department_id, '') as department_id,
			i.channel, i.status, count(*)::int as n
		from incidents i
		${ranges ? sql`join unnest(${ranges.from}::timestamptz[], ${ranges.to}::timestamptz[]) as r(f, t) on i.received_at >= r.f and i.received_at < r.t` : sql``}
		group by 2, 3, 4, 5, 6, 7`;
}

interface Ranges {
	from: Date[];
	to: Date[];
}

/**
 * The exact recompute: every cell (of the given local days, or all) from the incidents, compared with the stored
 * cells and repaired, in one statement; the writes touch only the cells that differ.
 */
export async function recomputeCubeExact(db: Trx | Db, timeZone: string, ranges: Ranges | null = null): Promise<CubeRecompute> {
	return inRecomputeSession(db, (trx) => exactCube(trx, timeZone, ranges));
}

async function exactCube(trx: Trx, timeZone: string, ranges: Ranges | null): Promise<CubeRecompute> {
	const stored = ranges
		? sql`(select m.* from metric_counts m where exists (select 1 from unnest(${ranges.from}::timestamptz[], ${ranges.to}::timestamptz[]) as r(f, t) where m.bucket >= r.f and m.bucket < r.t))`
		: sql`metric_counts`;
	const { rows } = await sql<{ cells: number; drift: number; sample: Array<Record<string, unknown>> | null }>`
		with fresh_hour as materialized (${freshCubeSql(timeZone, ranges)}),
		fresh as (
			select * from fresh_hour
			union all
			select 'day', date_trunc('day', bucket at time zone ${timeZone}::text) at time zone ${timeZone}::text,
				block, settlement_id, department_id, channel, status, sum(n)::int
			from fresh_hour
			group by 2, 3, 4, 5, 6, 7
		),
		diff as materialized (
			select size, bucket, block, settlement_id, department_id, channel, status, f.n as fresh_n, m.n as stored_n
			from fresh f full join ${stored} m using (size, bucket, block, settlement_id, department_id, channel, status)
			where f.n is distinct from m.n
		),
		upserted as (
			insert into metric_counts (size, bucket, block, settlement_id, department_id, channel, status, n)
			select size, bucket, block, settlement_id, department_id, channel, status, fresh_n from diff where fresh_n is not null
			on conflict (size, bucket, block, settlement_id, department_id, channel, status) do update set n = excluded.n
			returning 1
		),
		deleted as (
			delete from metric_counts m using diff d
			where d.fresh_n is null and m.size = d.size and m.bucket = d.bucket and m.block = d.block
				and m.settlement_id = d.settlement_id and m.department_id = d.department_id and m.channel = d.channel and m.status = d.status
			returning 1
		)
		-- the cells come out of the stored count and the diff: counting fresh too would reference it twice, and
		-- PostgreSQL then writes its million rows to a temporary file and reads them back
		select
			(select count(*) from ${stored} s)::int + (select count(*) from diff where stored_n is null)::int - (select count(*) from diff where fresh_n is null)::int as cells,
			(select count(*) from diff)::int as drift,
			(select json_agg(x) from (select * from diff order by bucket desc limit 10) x) as sample,
			(select count(*) from upserted)::int + (select count(*) from deleted)::int as written`.execute(trx);
	const r = rows[0];
	return { cells: Number(r.cells), drift: Number(r.drift), sample: r.sample ?? [], buckets: 0 };
}

/**
 * The nightly reconcile. Every incident is read, but into one fingerprint per bucket — Σ hashtext(dimensions) and
 * the count — instead of one row per cell; the stored cube gives the same sums from its generated cell_hash. The
 * local days of the buckets that differ are then recomputed exactly (recomputeCubeExact) and repaired. A drift
 * that left a bucket's count and its 32-bit hash sum both unchanged would go unseen: the weekly exact run covers it.
 */
export async function recomputeCube(db: Trx | Db, timeZone: string, opts: { exact?: boolean } = {}): Promise<CubeRecompute> {
	return inRecomputeSession(db, (trx) => (opts.exact ? exactCube(trx, timeZone, null) : reconcileCube(trx, timeZone)));
}

async function reconcileCube(trx: Trx, timeZone: string): Promise<CubeRecompute> {
	const { rows } = await sql<{ size: string | null; bucket: Date | null; cells: number }>`
		with fh as (
			select date_trunc('hour', received_at at time zone ${timeZone}::text) at time zone ${timeZone}::text as bucket,
				sum(hashtext(coalesce(block, '') || '|' || coalesce(settlement_id, '') || '|' || coalesce(department_id, '') || '|' || channel || '|' || status))::bigint as h,
				count(*)::bigint as n
			from incidents
			group by 1
		),
		fresh as (
			select 'hour'::text as size, bucket, h, n from fh
			union all
			select 'day', date_trunc('day', bucket at time zone ${timeZone}::text) at time zone ${timeZone}::text, sum(h)::bigint, sum(n)::bigint from fh group by 2
		),
		stored as (
			select size, bucket, sum(cell_hash::bigint * n)::bigint as h, sum(n)::bigint as n, count(*)::int as cells
			from metric_counts
			group by 1, 2
		),
		flagged as (
			select size, bucket from fresh f full join stored s using (size, bucket)
			where f.h is distinct from s.h or f.n is distinct from s.n
		)
		select size, bucket, (select coalesce(sum(cells), 0)::int from stored) as cells from flagged
		union all
		select null, null, (select coalesce(sum(cells), 0)::int from stored)`.execute(trx);
	const cells = Number(rows[0]?.cells ?? 0);
	const flagged = rows.filter((r) => r.size !== null && r.bucket !== null);
	if (flagged.length === 0) return { cells, drift: 0, sample: [], buckets: 0 };
	const days = new Map<number, Date>();
	for (const r of flagged) {
		const start = startOfLocalDay(new Date(r.bucket as Date), timeZone);
		days.set(start.getTime(), start);
	}
	const from = [...days.values()].sort((a, b) => a.getTime() - b.getTime());
	// noon of the day, plus a day, then back to its local midnight: the next local day start, whatever the offset
	const to = from.map((d) => startOfLocalDay(new Date(d.getTime() + 36 * 3_600_000), timeZone));
	const exact = await exactCube(trx, timeZone, { from, to });
	return { cells, drift: exact.drift, sample: exact.sample, buckets: flagged.length };
}

/** Recomputes the rating facts of incidents received since `fromDay` (local) and repairs snapshots and unit-days. */
export async function recomputeFacts(trx: Trx, cal: WorkCalendar, fromDay: string): Promise<{ incidents: number; drift: number }> {
	const since = startOfLocalDay(new Date(`${fromDay}T12:00:00Z`), cal.timeZone);
	const [rows, stored, storedDays] = await Promise.all([
		trx.selectFrom('incidents').select(FACTS_COLUMNS).where('received_at', '>=', since).execute(),
		trx.selectFrom('metric_incidents').selectAll().where('day', '>=', fromDay).execute(),
		unitDaysSince(trx, fromDay)
	]);
	const fresh = new Map<string, Snapshot>();
	const freshDays = new Map<string, FactVector>();
	for (const r of rows) {
		const s = snapshotOf(r as FactsRow, cal);
		// an incident received just before local midnight in another offset could land a day earlier: keep to the window
		if (s.day < fromDay) continue;
		fresh.set(s.incident_id, s);
		addToUnitDays(freshDays, s, 1);
	}
	let drift = 0;
	const upserts: Snapshot[] = [];
	const deletes: string[] = [];
	const seen = new Set<string>();
	for (const st of stored) {
		seen.add(st.incident_id);
		const f = fresh.get(st.incident_id);
		if (!f) {
			deletes.push(st.incident_id);
			drift++;
		} else if (!sameSnapshot(f, { ...st, received_at: new Date(st.received_at) } as Snapshot)) {
			upserts.push(f);
			drift++;
		}
	}
	for (const [id, f] of fresh) {
		if (!seen.has(id)) {
			upserts.push(f);
			drift++;
		}
	}
	await writeSnapshots(trx, upserts, deletes);

	const storedVectors = new Map(storedDays.map((r) => [unitDayKey(r.kind, r.unit, r.channel, r.day), vectorOfRow(r)]));
	drift += await writeUnitDays(trx, freshDays, storedVectors);
	return { incidents: fresh.size, drift };
}

const isSerializationFailure = (err: unknown) => (err as { code?: string })?.code === '40001';

/** The scheduled full recompute; records its drift in metric_recomputes. */
export async function recomputeAll(deps: { db: Db; calendar: WorkCalendar }, opts: RecomputeOptions = {}): Promise<RecomputeResult> {
	const windowDays = opts.factsWindowDays ?? 70;
	const now = opts.now ?? new Date();
	const fromDay = localDateOf(new Date(now.getTime() - (windowDays - 1) * DAY_MS), deps.calendar.timeZone);
	for (let attempt = 1; ; attempt++) {
		try {
			return await deps.db
				.transaction()
				.setIsolationLevel('repeatable read')
				.execute(async (trx) => {
					const t0 = performance.now();
					await lockAggregation(trx);
					await tuneRecomputeSession(trx);
					// fails with 40001 when an applier moved the cursor after this snapshot was taken
					await trx.updateTable('metric_cursor').set({ updated_at: new Date() }).where('name', '=', CURSOR_NAME).execute();
					let caughtUp = 0;
					for (;;) {
						const r = await applyBatch(trx, deps.calendar, 5000);
						if (!r) break;
						caughtUp += r.rows;
					}
					const t1 = performance.now();
					const cube = await recomputeCube(trx, deps.calendar.timeZone, { exact: opts.exact });
					const t2 = performance.now();
					const facts = await recomputeFacts(trx, deps.calendar, fromDay);
					const t3 = performance.now();
					const { seq } = await readCursor(trx);
					const result: RecomputeResult = {
						cursorSeq: seq,
						caughtUp,
						cube,
						facts,
						durationMs: Math.round(t3 - t0),
						cubeMs: Math.round(t2 - t1),
						factsMs: Math.round(t3 - t2)
					};
					await trx
						.insertInto('metric_recomputes')
						.values({
							cursor_seq: seq,
							cube_cells: cube.cells,
							cube_drift: cube.drift,
							facts_incidents: facts.incidents,
							facts_drift: facts.drift,
							duration_ms: result.durationMs,
							sample: JSON.stringify(cube.sample)
						})
						.execute();
					return result;
				});
		} catch (err) {
			if (!isSerializationFailure(err) || attempt >= 5) throw err;
		}
	}
}
