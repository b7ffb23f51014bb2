/**
 * The ratings' per-unit, per-channel, per-day sums (metric_unit_days): one vector type, its arithmetic and its SQL.
 * The incremental apply, the full recompute and the ratings read all sum the same rows; they share this module.
 */
import { sql } from 'kysely';
import { LATENCY_BUCKET_COUNT, type RatedKind, type UnitFacts } from '#domain/rating/rating.ts';
import type { Db } from '../db/client.ts';
import type { MetricUnitDaysTable } from '../db/metrics.schema.ts';
import type { Trx } from './aggregation.ts';

const CHUNK = 1000;

export interface FactVector {
	n: number;
	answered: number;
	onTime: number;
	reopened: number;
	rated: number;
	satisfied: number;
	firstAnswer: number[];
	resolution: number[];
}

export interface UnitDayKey {
	kind: string;
	unit: string;
	channel: string;
	day: string;
}

export type UnitDayRow = UnitDayKey & Omit<MetricUnitDaysTable, keyof UnitDayKey>;

export const emptyVector = (): FactVector => ({
	n: 0,
	answered: 0,
	onTime: 0,
	reopened: 0,
	rated: 0,
	satisfied: 0,
	firstAnswer: new Array(LATENCY_BUCKET_COUNT).fill(0),
	resolution: new Array(LATENCY_BUCKET_COUNT).fill(0)
});

/** into += sign · d, histograms included. */
export function addVector(into: FactVector, d: FactVector, sign: 1 | -1 = 1): FactVector {
	into.n += sign * d.n;
	into.answered += sign * d.answered;
	into.onTime += sign * d.onTime;
	into.reopened += sign * d.reopened;
	into.rated += sign * d.rated;
	into.satisfied += sign * d.satisfied;
	for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) {
		into.firstAnswer[i] += sign * (d.firstAnswer[i] ?? 0);
		into.resolution[i] += sign * (d.resolution[i] ?? 0);
	}
	return into;
}

export const isZeroVector = (v: FactVector) =>
	v.n === 0 && v.answered === 0 && v.onTime === 0 && v.reopened === 0 && v.rated === 0 && v.satisfied === 0 && v.firstAnswer.every((x) => x === 0) && v.resolution.every((x) => x === 0);

export function sameVector(a: FactVector, b: FactVector): boolean {
	return isZeroVector(addVector(addVector(emptyVector(), a), b, -1));
}

export const unitDayKey = (kind: string, unit: string, channel: string, day: string) => `${kind}|${unit}|${channel}|${day}`;

export function parseUnitDayKey(key: string): UnitDayKey {
	const [kind, unit, channel, day] = key.split('|');
	return { kind, unit, channel, day };
}

/** A stored row as a vector; histograms shorter than the bucket count (older rows) are padded with zeros. */
export function vectorOfRow(r: Pick<UnitDayRow, 'n' | 'answered' | 'answered_on_time' | 'reopened' | 'rated' | 'satisfied' | 'first_answer_hist' | 'resolution_hist'>): FactVector {
	const pad = (a: number[]) => Array.from({ length: LATENCY_BUCKET_COUNT }, (_, i) => Number(a[i] ?? 0));
	return {
		n: r.n,
		answered: r.answered,
		onTime: r.answered_on_time,
		reopened: r.reopened,
		rated: r.rated,
		satisfied: r.satisfied,
		firstAnswer: pad(r.first_answer_hist),
		resolution: pad(r.resolution_hist)
	};
}

export function rowOfVector(key: string, v: FactVector): UnitDayRow {
	return {
		...parseUnitDayKey(key),
		n: v.n,
		answered: v.answered,
		answered_on_time: v.onTime,
		reopened: v.reopened,
		rated: v.rated,
		satisfied: v.satisfied,
		first_answer_hist: v.firstAnswer,
		resolution_hist: v.resolution
	};
}

/** Unit-day rows summed per unit (over days, and over channels when not filtered), as the ratings' input. */
export function unitFactsOf(kind: RatedKind, rows: readonly UnitDayRow[]): UnitFacts[] {
	const byUnit = new Map<string, FactVector>();
	for (const r of rows) {
		let v = byUnit.get(r.unit);
		if (!v) byUnit.set(r.unit, (v = emptyVector()));
		addVector(v, vectorOfRow(r));
	}
	return [...byUnit]
		.filter(([, v]) => v.n > 0)
		.map(([unit, v]) => ({
			unit,
			kind,
			n: v.n,
			answered: v.answered,
			answeredOnTime: v.onTime,
			reopened: v.reopened,
			rated: v.rated,
			satisfied: v.satisfied,
			firstAnswerHistogram: v.firstAnswer,
			resolutionHistogram: v.resolution
		}));
}

// ---- SQL ----------------------------------------------------------------------------------------------------

const keysIn = (keys: readonly UnitDayKey[]) =>
	sql<boolean>`(kind, unit, channel, day) in (select * from unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.unit)}::text[], ${keys.map((k) => k.channel)}::text[], ${keys.map((k) => k.day)}::text[]))`;

/** The stored vectors of the given unit-days, by unitDayKey. */
export async function readUnitDays(trx: Trx, keys: readonly UnitDayKey[]): Promise<Map<string, FactVector>> {
	const out = new Map<string, FactVector>();
	for (let i = 0; i < keys.length; i += CHUNK) {
		const rows = await trx.selectFrom('metric_unit_days').selectAll().where(keysIn(keys.slice(i, i + CHUNK))).execute();
		for (const r of rows) out.set(unitDayKey(r.kind, r.unit, r.channel, r.day), vectorOfRow(r));
	}
	return out;
}

/** The stored rows of local days ≥ fromDay. */
export async function unitDaysSince(trx: Trx | Db, fromDay: string): Promise<UnitDayRow[]> {
	return trx.selectFrom('metric_unit_days').selectAll().where('day', '>=', fromDay).execute();
}

export async function upsertUnitDays(trx: Trx, rows: readonly UnitDayRow[]): Promise<void> {
	for (let i = 0; i < rows.length; i += CHUNK) {
		await trx
			.insertInto('metric_unit_days')
			.values(rows.slice(i, i + CHUNK))
			.onConflict((oc) =>
				oc.columns(['kind', 'unit', 'channel', 'day']).doUpdateSet((eb) => ({
					n: eb.ref('excluded.n'),
					answered: eb.ref('excluded.answered'),
					answered_on_time: eb.ref('excluded.answered_on_time'),
					reopened: eb.ref('excluded.reopened'),
					rated: eb.ref('excluded.rated'),
					satisfied: eb.ref('excluded.satisfied'),
					first_answer_hist: eb.ref('excluded.first_answer_hist'),
					resolution_hist: eb.ref('excluded.resolution_hist')
				}))
			)
			.execute();
	}
}

export async function deleteUnitDays(trx: Trx, keys: readonly UnitDayKey[]): Promise<void> {
	for (let i = 0; i < keys.length; i += CHUNK) {
		await trx.deleteFrom('metric_unit_days').where(keysIn(keys.slice(i, i + CHUNK))).execute();
	}
}

/**
 * Stores vector by vector what `next` says, compared with `stored` (both by unitDayKey): changed ones upserted,
 * zero or missing ones deleted. Answers how many unit-days were written.
 */
export async function writeUnitDays(trx: Trx, next: ReadonlyMap<string, FactVector>, stored: ReadonlyMap<string, FactVector>): Promise<number> {
	const upserts: UnitDayRow[] = [];
	const deletes: UnitDayKey[] = [];
	for (const [key, v] of next) {
		const before = stored.get(key);
		if (isZeroVector(v)) {
			if (before) deletes.push(parseUnitDayKey(key));
		} else if (!before || !sameVector(before, v)) upserts.push(rowOfVector(key, v));
	}
	for (const key of stored.keys()) if (!next.has(key)) deletes.push(parseUnitDayKey(key));
	await upsertUnitDays(trx, upserts);
	await deleteUnitDays(trx, deletes);
	return upserts.length + deletes.length;
}
