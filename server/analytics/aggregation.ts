/**
 * Incremental aggregates (issue 6): applies committed outbox rows to the cube (metric_counts) and the ratings'
 * per-unit facts (metric_unit_days), exactly once.
 *
 * Exactly once: every change of an incident commits an outbox row, and appendOutbox serialises those inserts, so
 * outbox seq order is commit order (a bigserial over incident_events is not: ids are taken before commit). One
 * transaction takes a global advisory lock, reads the cursor, applies the rows after it and moves the cursor; a
 * crash rolls back both, a second worker waits for the lock and then finds nothing new. The delta of an incident
 * is its current row minus what it contributed before (metric_incidents), so several changes of one incident in a
 * batch, or a row newer than the outbox entry being applied, still sum to the right state.
 */
import { sql, type Transaction } from 'kysely';
import { eventDeltas, decodeKey, type AggregateFacts } from '#domain/analytics/aggregate.ts';
import { incidentRatingFacts, type IncidentRatingFacts } from '#domain/rating/incident-facts.ts';
import { RATED_KINDS, type RatedKind } from '#domain/rating/rating.ts';
import type { WorkCalendar } from '#domain/sla.ts';
import type { LifecycleState } from '#domain/lifecycle.ts';
import type { Db } from '../db/client.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';
import type { Database } from '../db/schema.ts';
import type { MetricIncidentsTable } from '../db/metrics.schema.ts';
import { lifecycleOf } from '../incidents/incident-sla.ts';
import { addVector, emptyVector, isZeroVector, parseUnitDayKey, readUnitDays, unitDayKey, writeUnitDays, type FactVector } from './unit-days.ts';

export type Trx = Transaction<Database>;

/** one aggregation writer at a time, across every worker process */
export const METRICS_LOCK = 7263006;
export const CURSOR_NAME = 'aggregate';
const CHUNK = 1000;

export interface AggregationDeps {
	db: Db;
	calendar: WorkCalendar;
}

/** The columns an incident's contribution is computed from. */
export type FactsRow = Pick<
	IncidentRow,
	'id' | 'received_at' | 'block' | 'settlement_id' | 'department_id' | 'channel' | 'status' | 'lifecycle' | 'overdue_clocks' | 'urgent' | 'due_at' | 'hot' | 'updated_at'
>;
export const FACTS_COLUMNS = [
	'id',
	'received_at',
	'block',
	'settlement_id',
	'department_id',
	'channel',
	'status',
	'lifecycle',
	'overdue_clocks',
	'urgent',
	'due_at',
	'hot',
	'updated_at'
] as const;

export type Snapshot = Omit<MetricIncidentsTable, 'received_at'> & { received_at: Date };

/** What an incident contributes now: its cube cell and its rating facts. */
export function snapshotOf(row: FactsRow, cal: WorkCalendar): Snapshot {
	// the stored state is written by the life-cycle code itself: skip the schema parse on the hot path
	const l = row.lifecycle as Partial<LifecycleState> | null;
	const state = l && typeof l.status === 'string' && l.deadlines && l.stopped && typeof l.reopenCount === 'number' ? (l as LifecycleState) : lifecycleOf(row as IncidentRow, cal);
	const f = incidentRatingFacts(
		{ receivedAt: row.received_at, state, overdueClocks: (row.overdue_clocks ?? []) as string[], closedAt: row.status === 'closed' ? row.updated_at : null },
		cal
	);
	return {
		incident_id: row.id,
		received_at: new Date(row.received_at),
		block: row.block,
		settlement_id: row.settlement_id,
		department_id: row.department_id,
		channel: row.channel,
		status: row.status,
		day: f.day,
		answered: f.answered,
		on_time: f.onTime,
		first_answer_bucket: f.firstAnswerBucket,
		resolution_bucket: f.resolutionBucket,
		reopened: f.reopened,
		rated: f.rated,
		satisfied: f.satisfied
	};
}

const cellOf = (s: Snapshot): AggregateFacts => ({
	receivedAt: s.received_at,
	block: s.block,
	settlementId: s.settlement_id,
	departmentId: s.department_id,
	channel: s.channel,
	status: s.status
});

export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
	return (
		a.received_at.getTime() === b.received_at.getTime() &&
		a.block === b.block &&
		a.settlement_id === b.settlement_id &&
		a.department_id === b.department_id &&
		a.channel === b.channel &&
		a.status === b.status &&
		a.day === b.day &&
		a.answered === b.answered &&
		a.on_time === b.on_time &&
		a.first_answer_bucket === b.first_answer_bucket &&
		a.resolution_bucket === b.resolution_bucket &&
		a.reopened === b.reopened &&
		a.rated === b.rated &&
		a.satisfied === b.satisfied
	);
}

// ---- unit-day fact vectors ----------------------------------------------------------------------------------

export function addFacts(v: FactVector, s: Snapshot | IncidentRatingFactsLike, sign: 1 | -1): void {
	v.n += sign;
	v.answered += sign * s.answered;
	v.onTime += sign * s.on_time;
	v.reopened += sign * s.reopened;
	v.rated += sign * s.rated;
	v.satisfied += sign * s.satisfied;
	if (s.first_answer_bucket !== null) v.firstAnswer[s.first_answer_bucket] += sign;
	if (s.resolution_bucket !== null) v.resolution[s.resolution_bucket] += sign;
}
type IncidentRatingFactsLike = Pick<Snapshot, 'answered' | 'on_time' | 'reopened' | 'rated' | 'satisfied' | 'first_answer_bucket' | 'resolution_bucket'>;
export type { IncidentRatingFacts };

const unitOf = (s: Snapshot, kind: RatedKind) => (kind === 'department' ? s.department_id : s.settlement_id);

/** The unit-day vectors a snapshot contributes to (one per rated kind it has a unit for). */
export function addToUnitDays(map: Map<string, FactVector>, s: Snapshot, sign: 1 | -1): void {
	for (const kind of RATED_KINDS) {
		const unit = unitOf(s, kind);
		if (!unit) continue;
		const key = unitDayKey(kind, unit, s.channel, s.day);
		let v = map.get(key);
		if (!v) map.set(key, (v = emptyVector()));
		addFacts(v, s, sign);
	}
}

// ---- apply ------------------------------------------------------------------------------------------------------

export interface ApplyResult {
	/** outbox rows applied */
	rows: number;
	incidents: number;
	/** cube cells and unit-days written */
	cells: number;
	seq: number;
}

/** Takes the aggregation lock (held until the transaction ends). */
export async function lockAggregation(trx: Trx): Promise<void> {
	await sql`select pg_advisory_xact_lock(${METRICS_LOCK})`.execute(trx);
}

export async function readCursor(trx: Trx | Db): Promise<{ seq: number; applied: number }> {
	const row = await trx.selectFrom('metric_cursor').select(['seq', 'applied']).where('name', '=', CURSOR_NAME).executeTakeFirstOrThrow();
	return { seq: Number(row.seq), applied: Number(row.applied) };
}

/** One batch of outbox rows after the cursor; call with the lock held. Null when there is nothing to apply. */
export async function applyBatch(trx: Trx, cal: WorkCalendar, batch: number): Promise<ApplyResult | null> {
	const cursor = await readCursor(trx);
	const rows = await trx
		.selectFrom('outbox')
		.select(['seq', 'incident_id'])
		.where('seq', '>', cursor.seq as never)
		.orderBy('seq')
		.limit(batch)
		.execute();
	if (rows.length === 0) return null;
	const last = Number(rows[rows.length - 1].seq);
	const ids = [...new Set(rows.map((r) => r.incident_id))];
	const [current, before] = await Promise.all([
		trx.selectFrom('incidents').select(FACTS_COLUMNS).where('id', 'in', ids).execute(),
		trx.selectFrom('metric_incidents').selectAll().where('incident_id', 'in', ids).execute()
	]);
	const beforeById = new Map(before.map((b) => [b.incident_id, { ...b, received_at: new Date(b.received_at) } as Snapshot]));
	const afterById = new Map(current.map((r) => [r.id, snapshotOf(r as FactsRow, cal)]));

	const cube = new Map<string, number>();
	const units = new Map<string, FactVector>();
	const upserts: Snapshot[] = [];
	const deletes: string[] = [];
	for (const id of ids) {
		const b = beforeById.get(id) ?? null;
		const a = afterById.get(id) ?? null;
		if (b && a && sameSnapshot(b, a)) continue;
		for (const d of eventDeltas({ before: b && cellOf(b), after: a && cellOf(a) }, { timeZone: cal.timeZone })) {
			cube.set(d.key, (cube.get(d.key) ?? 0) + d.delta);
		}
		if (b) addToUnitDays(units, b, -1);
		if (a) {
			addToUnitDays(units, a, 1);
			upserts.push(a);
		} else if (b) deletes.push(id);
	}
	const cells = (await writeCubeDeltas(trx, cube)) + (await writeUnitDayDeltas(trx, units));
	await writeSnapshots(trx, upserts, deletes);
	await trx
		.updateTable('metric_cursor')
		.set((eb) => ({ seq: last, applied: eb('applied', '+', rows.length), updated_at: new Date() }))
		.where('name', '=', CURSOR_NAME)
		.execute();
	return { rows: rows.length, incidents: ids.length, cells, seq: last };
}

/**
 * Applies everything committed before it started, batch by batch, one transaction each. A batch short of full
 * read every row there was: it stops there rather than chase a live feed's newest rows one transaction at a time
 * (at 200 incidents/s that chase was some 25 transactions a second); those rows have a job of their own coming.
 */
export async function applyPending(deps: AggregationDeps, opts: { batch?: number; maxBatches?: number } = {}): Promise<ApplyResult> {
	const total: ApplyResult = { rows: 0, incidents: 0, cells: 0, seq: 0 };
	const batch = opts.batch ?? 2000;
	for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
		const r = await deps.db.transaction().execute(async (trx) => {
			await lockAggregation(trx);
			return applyBatch(trx, deps.calendar, batch);
		});
		if (!r) break;
		total.rows += r.rows;
		total.incidents += r.incidents;
		total.cells += r.cells;
		total.seq = r.seq;
		if (r.rows < batch) break;
	}
	return total;
}

async function writeCubeDeltas(trx: Trx, deltas: Map<string, number>): Promise<number> {
	const rows = [...deltas].filter(([, n]) => n !== 0).map(([key, n]) => ({ ...cubeColumns(key), n }));
	for (let i = 0; i < rows.length; i += CHUNK) {
		const chunk = rows.slice(i, i + CHUNK);
		const result = await trx
			.insertInto('metric_counts')
			.values(chunk)
			.onConflict((oc) =>
				oc.columns(['size', 'bucket', 'block', 'settlement_id', 'department_id', 'channel', 'status']).doUpdateSet({ n: sql`metric_counts.n + excluded.n` })
			)
			.returning(['size', 'bucket', 'block', 'settlement_id', 'department_id', 'channel', 'status', 'n'])
			.execute();
		const empty = result.filter((r) => r.n === 0);
		if (empty.length > 0) {
			await trx
				.deleteFrom('metric_counts')
				.where('n', '=', 0)
				.where((eb) =>
					eb.or(
						empty.map((r) =>
							eb.and([
								eb('size', '=', r.size),
								eb('bucket', '=', r.bucket),
								eb('block', '=', r.block),
								eb('settlement_id', '=', r.settlement_id),
								eb('department_id', '=', r.department_id),
								eb('channel', '=', r.channel),
								eb('status', '=', r.status)
							])
						)
					)
				)
				.execute();
		}
	}
	return rows.length;
}

export function cubeColumns(key: string) {
	const k = decodeKey(key);
	return {
		size: k.size,
		bucket: new Date(k.bucket),
		block: k.block ?? '',
		settlement_id: k.settlementId ?? '',
		department_id: k.departmentId ?? '',
		channel: k.channel,
		status: k.status
	};
}

/** Read-modify-write of the touched unit-days: safe because the aggregation lock is held. */
async function writeUnitDayDeltas(trx: Trx, deltas: Map<string, FactVector>): Promise<number> {
	const touched = [...deltas].filter(([, v]) => !isZeroVector(v));
	if (touched.length === 0) return 0;
	const stored = await readUnitDays(trx, touched.map(([key]) => parseUnitDayKey(key)));
	const next = new Map(touched.map(([key, d]) => [key, addVector(addVector(emptyVector(), stored.get(key) ?? emptyVector()), d)]));
	await writeUnitDays(trx, next, stored);
	return touched.length;
}

export async function writeSnapshots(trx: Trx, upserts: Snapshot[], deletes: string[]): Promise<void> {
	for (let i = 0; i < upserts.length; i += CHUNK) {
		await trx
			.insertInto('metric_incidents')
			.values(upserts.slice(i, i + CHUNK))
			.onConflict((oc) =>
				oc.column('incident_id').doUpdateSet((eb) => ({
					received_at: eb.ref('excluded.received_at'),
					block: eb.ref('excluded.block'),
					settlement_id: eb.ref('excluded.settlement_id'),
					department_id: eb.ref('excluded.department_id'),
					channel: eb.ref('excluded.channel'),
					status: eb.ref('excluded.status'),
					day: eb.ref('excluded.day'),
					answered: eb.ref('excluded.answered'),
					on_time: eb.ref('excluded.on_time'),
					first_answer_bucket: eb.ref('excluded.first_answer_bucket'),
					resolution_bucket: eb.ref('excluded.resolution_bucket'),
					reopened: eb.ref('excluded.reopened'),
					rated: eb.ref('excluded.rated'),
					satisfied: eb.ref('excluded.satisfied')
				}))
			)
			.execute();
	}
	for (let i = 0; i < deletes.length; i += CHUNK) {
		await trx.deleteFrom('metric_incidents').where('incident_id', 'in', deletes.slice(i, i + CHUNK)).execute();
	}
}
