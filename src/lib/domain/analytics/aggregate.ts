/**
 * The aggregation cube (issue 6): incident counts by time bucket (hour, day) × block × settlement × department ×
 * channel × status. An incident sits in exactly one cell per bucket size — its received bucket and its current
 * dimensions — so an event moves it from the old cell to the new one, and a full recompute is a plain GROUP BY.
 * Pure: workers hold the state (Redis hash or SQL table) and apply the deltas this module computes.
 */
import { startOfLocalDay } from '../sla.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const BUCKET_SIZES = ['hour', 'day'] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

interface DayCache {
	timeZone: string;
	from: number;
	to: number;
}
// incidents arrive roughly in time order, so the last local day answers almost every call
let lastDay: DayCache = { timeZone: '', from: 0, to: -1 };

function localDayStartMs(ms: number, timeZone: string): number {
	const c = lastDay;
	if (c.timeZone === timeZone && ms >= c.from && ms < c.to) return c.from;
	const from = startOfLocalDay(new Date(ms), timeZone).getTime();
	// the next local midnight: a day lasts 23–25 h, so 26 h past midnight is always inside the next day
	const to = startOfLocalDay(new Date(from + 26 * HOUR_MS), timeZone).getTime();
	lastDay = { timeZone, from, to: to > from ? to : from + DAY_MS };
	return from;
}

/** Start of the local hour or day that contains `at`, as an ISO instant (UTC, 'Z'); the bucket's identity. */
export function bucketOf(at: Date | number | string, size: BucketSize, timeZone: string): string {
	return isoOf(bucketStartMs(toMs(at), size, timeZone));
}

/** bucketOf as epoch milliseconds. */
export function bucketStartMs(ms: number, size: BucketSize, timeZone: string): number {
	const day = localDayStartMs(ms, timeZone);
	if (size === 'day') return day;
	// whole hours from local midnight: exact for every zone offset, including +05:30
	return day + Math.floor((ms - day) / HOUR_MS) * HOUR_MS;
}

const isoCache = new Map<number, string>();
// a recompute touches a few thousand distinct buckets, so their ISO strings are made once
function isoOf(ms: number): string {
	let s = isoCache.get(ms);
	if (s === undefined) {
		if (isoCache.size > 50_000) isoCache.clear();
		s = new Date(ms).toISOString();
		isoCache.set(ms, s);
	}
	return s;
}

function toMs(at: Date | number | string): number {
	return typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/** One cell of the cube. Null dimensions (not yet placed or routed) are cells of their own. */
export interface AggregateKey {
	bucket: string;
	size: BucketSize;
	block: string | null;
	settlementId: string | null;
	departmentId: string | null;
	channel: string;
	status: string;
}

/** The incident fields that decide its cell. */
export interface AggregateFacts {
	receivedAt: Date | number | string;
	block: string | null;
	settlementId: string | null;
	departmentId: string | null;
	channel: string;
	status: string;
}

/**
 * One incident event as the aggregation sees it: the incident before and after. `before: null` = created,
 * `after: null` = deleted (e.g. merged as a duplicate).
 */
export interface AggregateEvent {
	before: AggregateFacts | null;
	after: AggregateFacts | null;
}

/** Counts by encoded key; cells that reach 0 are deleted, so equal states compare equal. */
export type AggregateState = Map<string, number>;

export interface AggregateOptions {
	timeZone: string;
	sizes?: readonly BucketSize[];
}

const SEP = '|';
const NULL = '';

/**
 * A key as a string: `size|bucket|block|settlementId|departmentId|channel|status`, null as an empty field.
 * Ids must not contain '|' (ids are slugs and uuids).
 */
export function encodeKey(k: AggregateKey): string {
	return `${k.size}${SEP}${k.bucket}${SEP}${k.block ?? NULL}${SEP}${k.settlementId ?? NULL}${SEP}${k.departmentId ?? NULL}${SEP}${k.channel}${SEP}${k.status}`;
}

export function decodeKey(s: string): AggregateKey {
	const [size, bucket, block, settlementId, departmentId, channel, status] = s.split(SEP);
	const orNull = (v: string) => (v === NULL ? null : v);
	return {
		size: size as BucketSize,
		bucket,
		block: orNull(block),
		settlementId: orNull(settlementId),
		departmentId: orNull(departmentId),
		channel,
		status
	};
}

/** The cell of an incident for one bucket size. */
export function keyOf(f: AggregateFacts, size: BucketSize, timeZone: string): AggregateKey {
	return {
		bucket: bucketOf(f.receivedAt, size, timeZone),
		size,
		block: f.block,
		settlementId: f.settlementId,
		departmentId: f.departmentId,
		channel: f.channel,
		status: f.status
	};
}

function dimsOf(f: AggregateFacts): string {
	return `${f.block ?? NULL}${SEP}${f.settlementId ?? NULL}${SEP}${f.departmentId ?? NULL}${SEP}${f.channel}${SEP}${f.status}`;
}

function bump(state: AggregateState, key: string, delta: number): void {
	const next = (state.get(key) ?? 0) + delta;
	if (next === 0) state.delete(key);
	else state.set(key, next);
}

const DEFAULT_SIZES: readonly BucketSize[] = BUCKET_SIZES;

/**
 * The cell changes an event makes: −1 on each old cell, +1 on each new one, nothing when the cells are the same.
 * Workers apply these with HINCRBY / an UPSERT; applyEvent applies them to an in-memory state.
 */
export function eventDeltas(event: AggregateEvent, options: AggregateOptions): Array<{ key: string; delta: -1 | 1 }> {
	const out: Array<{ key: string; delta: -1 | 1 }> = [];
	const { before, after } = event;
	if (unchanged(before, after)) return out;
	for (const size of options.sizes ?? DEFAULT_SIZES) {
		if (before) out.push({ key: cellKey(before, size, options.timeZone), delta: -1 });
		if (after) out.push({ key: cellKey(after, size, options.timeZone), delta: 1 });
	}
	return out;
}

// the usual event changes status or department, not when the incident was received
function unchanged(before: AggregateFacts | null, after: AggregateFacts | null): boolean {
	return (
		before !== null &&
		after !== null &&
		before.block === after.block &&
		before.settlementId === after.settlementId &&
		before.departmentId === after.departmentId &&
		before.channel === after.channel &&
		before.status === after.status &&
		toMs(before.receivedAt) === toMs(after.receivedAt)
	);
}

function cellKey(f: AggregateFacts, size: BucketSize, timeZone: string): string {
	return `${size}${SEP}${isoOf(bucketStartMs(toMs(f.receivedAt), size, timeZone))}${SEP}${dimsOf(f)}`;
}

/**
 * Apply one event to the state in place and return it. Not idempotent by itself: the caller deduplicates on the
 * event id (the workers keep the applied ids), then applying every event once equals recomputeAggregates.
 */
export function applyEvent(state: AggregateState, event: AggregateEvent, options: AggregateOptions): AggregateState {
	const { before, after } = event;
	if (unchanged(before, after)) return state;
	for (const size of options.sizes ?? DEFAULT_SIZES) {
		if (before) bump(state, cellKey(before, size, options.timeZone), -1);
		if (after) bump(state, cellKey(after, size, options.timeZone), 1);
	}
	return state;
}

type Level = Map<string | null, Level | number>;

/** The state from scratch: one count per incident and bucket size (what `GROUP BY` over the incidents gives). */
export function recomputeAggregates(incidents: Iterable<AggregateFacts>, options: AggregateOptions): AggregateState {
	const sizes = options.sizes ?? DEFAULT_SIZES;
	// intern the dimension tuple through nested maps keyed by the incidents' own strings (their hashes are cached),
	// then count by bucket → small-integer dimension id: no key string per incident
	const dimsRoot: Level = new Map();
	const dimsList: string[] = [];
	const buckets = sizes.map(() => new Map<number, Map<number, number>>());
	// incidents come roughly in time order: remember the last bucket per size
	const lastMs = sizes.map(() => NaN);
	const lastCounts: Array<Map<number, number>> = sizes.map(() => new Map());
	const child = (m: Level, k: string | null): Level => {
		let c = m.get(k) as Level | undefined;
		if (c === undefined) m.set(k, (c = new Map()));
		return c;
	};
	for (const f of incidents) {
		const leaf = child(child(child(dimsRoot, f.block), f.settlementId), f.departmentId);
		let byStatus = leaf.get(f.channel) as Level | undefined;
		if (byStatus === undefined) leaf.set(f.channel, (byStatus = new Map()));
		let dimsId = byStatus.get(f.status) as number | undefined;
		if (dimsId === undefined) {
			dimsId = dimsList.length;
			dimsList.push(dimsOf(f));
			byStatus.set(f.status, dimsId);
		}
		const ms = toMs(f.receivedAt);
		for (let s = 0; s < sizes.length; s++) {
			const bucket = bucketStartMs(ms, sizes[s], options.timeZone);
			let c = lastCounts[s];
			if (bucket !== lastMs[s]) {
				let found = buckets[s].get(bucket);
				if (found === undefined) buckets[s].set(bucket, (found = new Map()));
				c = lastCounts[s] = found;
				lastMs[s] = bucket;
			}
			c.set(dimsId, (c.get(dimsId) ?? 0) + 1);
		}
	}
	const state: AggregateState = new Map();
	for (let s = 0; s < sizes.length; s++) {
		for (const [bucket, byDims] of buckets[s]) {
			const prefix = `${sizes[s]}${SEP}${isoOf(bucket)}${SEP}`;
			for (const [dimsId, n] of byDims) state.set(prefix + dimsList[dimsId], n);
		}
	}
	return state;
}

export interface AggregateDrift {
	key: string;
	incremental: number;
	recomputed: number;
}

/** Cells where the incremental state differs from a recompute; empty when they agree. */
export function aggregateDrift(incremental: AggregateState, recomputed: AggregateState): AggregateDrift[] {
	const out: AggregateDrift[] = [];
	for (const [key, a] of incremental) {
		const b = recomputed.get(key) ?? 0;
		if (a !== b) out.push({ key, incremental: a, recomputed: b });
	}
	for (const [key, b] of recomputed) if (!incremental.has(key)) out.push({ key, incremental: 0, recomputed: b });
	return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}
