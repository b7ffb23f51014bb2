import type { Incident, IncidentStatus, WallStats } from '#domain/incident.ts';
import { decodeMapPoints, type WallIncident } from '#domain/wall/map-points.ts';
import type { IncidentEvent, SyncPayload } from '#contracts/events.ts';

/** One point of the wall map. Objects are replaced (never mutated) when their incident changes. */
export interface IncidentRow {
	id: string;
	position: [number, number];
	status: IncidentStatus;
	hot: boolean;
	overdue: boolean;
	receivedAtMs: number;
}

/** A range of `rows` that changed, in deck.gl `_dataDiff` form. */
export interface RowRange {
	startRow: number;
	endRow: number;
}

/** `incident` null: a snapshot replaced everything */
export type IncidentListener = (incident: WallIncident | null, previous: WallIncident | undefined) => void;

type LiveEvent =
	| { kind: 'incident'; seq: number; incident: Incident; created: boolean }
	| { kind: 'stats'; seq: number; stats: WallStats };

export const DEFAULT_CAP = 20_000;
export const WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
export const PULSE_MS = 30_000;
// enough for the tallest panel; the list clips what does not fit
const LATEST_COUNT = 14;
// bounded change log; a consumer further behind than this just rebuilds
const LOG_LIMIT = 4_096;
// trim to this share of the cap so a full store does not rebuild on every insert
const TRIM_TO = 0.95;

/**
 * Bounded, seq-ordered store of the incidents a screen shows.
 *
 * `rows` is one growing array (the deck.gl layer's data); appends and in-place replacements are logged as row
 * ranges so the layer updates only those rows (`rangesSince`). Trimming or a snapshot makes a new array.
 */
export class IncidentsStore {
	/** bumps on every change of rows, latest or stats; the map and panels react to it */
	version = $state(0);
	stats = $state<WallStats | null>(null);
	latest = $state.raw<WallIncident[]>([]);
	/** rows that arrived live and still pulse on the map (small, a new array whenever it changes) */
	pulses = $state.raw<IncidentRow[]>([]);
	/** true once the first sync of the page was applied */
	synced = $state(false);

	#rows: IncidentRow[] = [];
	#rowIndex = new Map<string, number>();
	#byId = new Map<string, WallIncident>();
	#log: Array<{ version: number } & RowRange> = [];
	#logFloor = 0;
	#lastSeq: number | null = null;
	#statsSeq = -1;
	#awaitingSync = true;
	#buffer: LiveEvent[] = [];
	#pulseStart = new Map<string, number>();
	#serverOffsetMs = 0;
	#cap: number;
	#windowMs: number;
	/** called with the last good seq when a live event skips seqs; the owner may ask the server again */
	onGap: ((lastSeq: number) => void) | null = null;
	#listeners = new Set<IncidentListener>();

	constructor({ cap = DEFAULT_CAP, windowMs = WINDOW_MS } = {}) {
		this.#cap = cap;
		this.#windowMs = windowMs;
	}

	/** the deck.gl data array; same object until a trim or a snapshot replaces it */
	get rows(): readonly IncidentRow[] {
		return this.#rows;
	}

	get lastSeq(): number | null {
		return this.#lastSeq;
	}

	get size(): number {
		return this.#byId.size;
	}

	/** the incident behind a row (the wall's block filter and aggregates read its block and settlement) */
	incident(id: string): WallIncident | undefined {
		return this.#byId.get(id);
	}

	/** the server's clock as estimated from the last sync */
	now(): number {
		return Date.now() + this.#serverOffsetMs;
	}

	/**
	 * Rows changed after `sinceVersion`, merged and sorted; `null` when the log no longer reaches that far back
	 * (the caller then rebuilds everything).
	 */
	rangesSince(sinceVersion: number): RowRange[] | null {
		if (sinceVersion < this.#logFloor) return null;
		const ranges: Array<[number, number]> = [];
		for (let i = this.#log.length - 1; i >= 0 && this.#log[i].version > sinceVersion; i--) {
			ranges.push([this.#log[i].startRow, this.#log[i].endRow]);
		}
		ranges.sort((a, b) => a[0] - b[0]);
		const merged: RowRange[] = [];
		for (const [startRow, endRow] of ranges) {
			const last = merged[merged.length - 1];
			if (last && startRow <= last.endRow) last.endRow = Math.max(last.endRow, endRow);
			else merged.push({ startRow, endRow });
		}
		return merged;
	}

	/** ids of rows [0, length) of the current data array */
	rowIds(length = this.#rows.length): string[] {
		return this.#rows.slice(0, length).map((r) => r.id);
	}

	/**
	 * Calls `fn` with every incident applied (live, sync or repair) and the version it replaced; with `null` after a
	 * snapshot replaced everything. Returns the unsubscribe function.
	 */
	onIncident(fn: IncidentListener): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}

	/** a (re)connection started: live events wait until its sync arrives */
	expectSync(): void {
		this.#awaitingSync = true;
		this.#buffer = [];
	}

	applySync(payload: SyncPayload): void {
		this.#serverOffsetMs = Date.parse(payload.serverTime) - Date.now() || 0;
		if (payload.snapshot) {
			this.#replaceAll(payload.points ? [...payload.snapshot, ...decodeMapPoints(payload.points)] : payload.snapshot);
		} else {
			for (const e of payload.events) {
				if (this.#lastSeq !== null && e.seq <= this.#lastSeq) continue;
				this.#upsert(e.incident, e.type === 'incident:created');
				this.#lastSeq = e.seq;
			}
		}
		// a snapshot is the whole truth (the server may even have been reset below our seq); events only add to it
		this.#lastSeq = payload.snapshot ? payload.upTo : Math.max(this.#lastSeq ?? 0, payload.upTo);
		this.#setStats(payload.upTo, payload.stats, true);

		const buffered = this.#buffer.sort((a, b) => a.seq - b.seq);
		this.#buffer = [];
		this.#awaitingSync = false;
		for (const e of buffered) this.#applyLive(e, false);
		this.synced = true;
		this.#trimIfNeeded();
		this.#changed();
	}

	/**
	 * Applies the answer to `sync:request` sent after a gap: every event is upserted (an incident's `version`
	 * keeps this idempotent), seqs below `lastSeq` included, since those are what the gap lost.
	 */
	applyRepair(payload: SyncPayload): void {
		if (payload.snapshot) {
			this.applySync(payload);
			return;
		}
		for (const e of payload.events) this.#upsert(e.incident, e.type === 'incident:created' && !this.#byId.has(e.incident.id));
		this.#lastSeq = Math.max(this.#lastSeq ?? 0, payload.upTo);
		this.#setStats(payload.upTo, payload.stats, false);
		this.#trimIfNeeded();
		this.#changed();
	}

	applyIncident(e: IncidentEvent, created: boolean): void {
		const event: LiveEvent = { kind: 'incident', seq: e.seq, incident: e.incident, created };
		if (this.#awaitingSync) {
			this.#buffer.push(event);
			return;
		}
		this.#applyLive(event, true);
		this.#trimIfNeeded();
		this.#changed();
	}

	applyStats(e: { seq: number; stats: WallStats }): void {
		if (this.#awaitingSync) {
			this.#buffer.push({ kind: 'stats', seq: e.seq, stats: e.stats });
			return;
		}
		if (this.#setStats(e.seq, e.stats, false)) this.version++;
	}

	/** drops rows older than the window; called on a timer (a trim rebuilds the layer, so not on every event) */
	trimOld(): void {
		if (this.#trimIfNeeded(true)) this.#changed();
	}

	/** removes rows whose pulse is over; returns true while something still pulses */
	expirePulses(nowMs = Date.now()): boolean {
		if (this.#pulseStart.size === 0) return false;
		let expired = false;
		for (const [id, start] of this.#pulseStart) {
			if (nowMs - start >= PULSE_MS) {
				this.#pulseStart.delete(id);
				expired = true;
			}
		}
		if (expired) this.#refreshPulses();
		return this.#pulseStart.size > 0;
	}

	#applyLive(e: LiveEvent, checkGap: boolean): void {
		if (e.kind === 'stats') {
			this.#setStats(e.seq, e.stats, false);
			return;
		}
		// at or below lastSeq: already covered by the sync or a previous event
		if (this.#lastSeq !== null && e.seq <= this.#lastSeq) return;
		if (checkGap && this.#lastSeq !== null && e.seq > this.#lastSeq + 1) this.onGap?.(this.#lastSeq);
		this.#upsert(e.incident, e.created);
		this.#lastSeq = e.seq;
	}

	#setStats(seq: number, stats: WallStats, fromSync: boolean): boolean {
		if (!fromSync && seq < this.#statsSeq) return false;
		this.#statsSeq = seq;
		this.stats = stats;
		return true;
	}

	#upsert(incident: Incident, pulse: boolean): void {
		const previous = this.#byId.get(incident.id);
		// a re-sent older version (gap repair, duplicate delivery) never overwrites a newer one
		if (previous && incident.version < previous.version) return;
		this.#byId.set(incident.id, incident);
		for (const fn of this.#listeners) fn(incident, previous);
		const row = toRow(incident);
		const index = this.#rowIndex.get(incident.id);
		if (index !== undefined) {
			if (row) {
				this.#rows[index] = row;
				this.#logRange(index, index + 1);
			}
		} else if (row) {
			this.#rows.push(row);
			this.#rowIndex.set(row.id, this.#rows.length - 1);
			this.#logRange(this.#rows.length - 1, this.#rows.length);
		}
		if (pulse && !previous && row) {
			this.#pulseStart.set(row.id, Date.now());
			this.#pulsesDirty = true;
		} else if (row && this.#pulseStart.has(row.id)) {
			this.#pulsesDirty = true;
		}
		this.#latestTouched.push(incident);
	}

	#pulsesDirty = false;
	/** incidents upserted since the last refresh of `latest` */
	#latestTouched: WallIncident[] = [];
	/** `latest` must be recomputed from every incident (after a snapshot or a trim) */
	#latestFull = false;

	#logRange(startRow: number, endRow: number): void {
		const next = this.version + 1;
		const last = this.#log[this.#log.length - 1];
		// consecutive appends within one batch collapse into one range
		if (last && last.version === next && last.endRow === startRow) last.endRow = endRow;
		else this.#log.push({ version: next, startRow, endRow });
		if (this.#log.length > LOG_LIMIT) {
			const dropped = this.#log.splice(0, this.#log.length - LOG_LIMIT);
			this.#logFloor = dropped[dropped.length - 1].version;
		}
	}

	#replaceAll(incidents: readonly WallIncident[]): void {
		this.#byId = new Map();
		for (const incident of incidents) {
			const previous = this.#byId.get(incident.id);
			if (!previous || incident.version >= previous.version) this.#byId.set(incident.id, incident);
		}
		this.#rebuildRows([...this.#byId.values()]);
		for (const fn of this.#listeners) fn(null, undefined);
		this.#pulseStart.clear();
		this.#pulsesDirty = true;
		this.#latestFull = true;
	}

	/** keeps the newest `cap` incidents of the window; returns true when it dropped something */
	#trimIfNeeded(checkAge = false): boolean {
		const overCap = this.#byId.size > this.#cap;
		const cutoff = this.now() - this.#windowMs;
		let tooOld = false;
		if (checkAge) {
			for (const row of this.#byId.values()) {
				if (Date.parse(row.receivedAt) < cutoff) {
					tooOld = true;
					break;
				}
			}
		}
		if (!overCap && !tooOld) return false;
		const keep = [...this.#byId.values()]
			.filter((i) => Date.parse(i.receivedAt) >= cutoff)
			.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt))
			.slice(0, overCap ? Math.floor(this.#cap * TRIM_TO) : this.#cap);
		const kept = new Set(keep.map((i) => i.id));
		// keep the original row order so the survivors look the same
		const ordered = [...this.#byId.values()].filter((i) => kept.has(i.id));
		this.#byId = new Map(ordered.map((i) => [i.id, i]));
		this.#rebuildRows(ordered);
		for (const id of this.#pulseStart.keys()) if (!kept.has(id)) this.#pulseStart.delete(id);
		this.#pulsesDirty = true;
		this.#latestFull = true;
		return true;
	}

	#rebuildRows(incidents: readonly WallIncident[]): void {
		const rows: IncidentRow[] = [];
		const index = new Map<string, number>();
		for (const incident of incidents) {
			const row = toRow(incident);
			if (!row) continue;
			index.set(row.id, rows.length);
			rows.push(row);
		}
		// a new array object tells deck.gl to rebuild all buffers
		this.#rows = rows;
		this.#rowIndex = index;
		this.#log = [];
		this.#logFloor = this.version + 1;
	}

	#refreshPulses(): void {
		const pulses: IncidentRow[] = [];
		for (const id of this.#pulseStart.keys()) {
			const index = this.#rowIndex.get(id);
			if (index !== undefined) pulses.push(this.#rows[index]);
		}
		this.pulses = pulses;
	}

	#refreshLatest(): void {
		const full = this.#latestFull;
		const touched = full ? this.#byId.values() : this.#latestTouched;
		// replaced versions of listed incidents first, then merge the touched ones into the top list
		const top = full ? [] : this.latest.map((i) => this.#byId.get(i.id)).filter((i) => i !== undefined);
		const listed = new Set(top.map((i) => i.id));
		for (const incident of touched) {
			if (listed.has(incident.id) || this.#byId.get(incident.id) !== incident) continue;
			const at = Date.parse(incident.receivedAt);
			if (top.length === LATEST_COUNT && at <= Date.parse(top[top.length - 1].receivedAt)) continue;
			let i = top.length;
			while (i > 0 && Date.parse(top[i - 1].receivedAt) < at) i--;
			top.splice(i, 0, incident);
			listed.add(incident.id);
			if (top.length > LATEST_COUNT) listed.delete(top.pop()!.id);
		}
		this.#latestFull = false;
		this.#latestTouched = [];
		this.latest = top;
	}

	#changed(): void {
		if (this.#pulsesDirty) {
			this.#pulsesDirty = false;
			this.#refreshPulses();
		}
		if (this.#latestFull || this.#latestTouched.length > 0) this.#refreshLatest();
		this.version++;
	}
}

function toRow(incident: WallIncident): IncidentRow | null {
	if (incident.lat === null || incident.lon === null) return null;
	return {
		id: incident.id,
		position: [incident.lon, incident.lat],
		status: incident.status,
		hot: incident.hot,
		overdue: incident.overdue,
		receivedAtMs: Date.parse(incident.receivedAt)
	};
}

export const incidents = new IncidentsStore();
