import type { MapIncident } from '#domain/wall/map-points.ts';
import { WallBlocksSchema, WallSettlementsSchema } from '#domain/wall/api.ts';
import { growthPct, per1000, trend, type SettlementAggregate } from '#domain/wall/measures.ts';
import { startOfLocalDayMs } from '#domain/wall/local-day.ts';
import type { TileAggregate } from '#domain/wall/tiles.ts';
import type { IncidentsStore } from './incidents.svelte.ts';

/** a settlement feature as the wall needs it */
export interface SettlementFeature {
	type: 'Feature';
	properties: { id: string; name_ru: string; short_name_ru?: string; population?: number | null; label_lonlat?: [number, number] | null };
	geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

export const REFRESH_EVERY_MS = 30_000;
/** after incident events: wait this long for the burst to settle … */
export const DEBOUNCE_MS = 1_500;
/** … but never longer than this after the first event */
export const MAX_WAIT_MS = 5_000;
// incidents counted by nudges since the last answer; a burst larger than this just waits for the refresh
const MAX_NUDGED = 5_000;

interface Contribution {
	settlementId: string | null;
	block: string | null;
	open: boolean;
	overdue: boolean;
	today: boolean;
}

/**
 * Server-side aggregates of the wall (choropleth per settlement, block tiles), kept fresh: refreshed every 30 s
 * and shortly after bursts of incident events, and nudged at once by incidents created after the last answer
 * (those are re-applied on top of each answer until the server counts them itself).
 */
export class WallAggregates {
	/** settlements.geojson features (the map draws them, population feeds per 1 000) */
	features = $state.raw<SettlementFeature[]>([]);
	settlements = $state.raw<SettlementAggregate[]>([]);
	tiles = $state.raw<TileAggregate[]>([]);
	/** bumps whenever a value changes: deck.gl's updateTriggers read it */
	version = $state(0);
	/** blocks the choropleth counts (null: all) */
	blocks = $state.raw<string[] | null>(null);
	error = $state<string | null>(null);
	loadedAt = $state<number | null>(null);

	#timeZone = 'Europe/Moscow';
	#population = new Map<string, number | null>();
	#tileOfBlock = new Map<string, string>();
	#store: IncidentsStore | null = null;
	#seenVersion = -1;
	#asOfS = 0;
	#asOfB = 0;
	#nudged = new Map<string, Contribution>();
	#interval: ReturnType<typeof setInterval> | null = null;
	#debounce: ReturnType<typeof setTimeout> | null = null;
	#dirtySince: number | null = null;
	#inFlight = false;
	#again = false;
	#abort: AbortController | null = null;

	/** loads the settlements and the first numbers; one interval from then on */
	async start(o: { settlementsUrl: string; timeZone: string; store: IncidentsStore }): Promise<void> {
		this.#timeZone = o.timeZone;
		this.#store = o.store;
		this.#seenVersion = o.store.version;
		if (!this.#interval) this.#interval = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
		try {
			const res = await fetch(o.settlementsUrl);
			const fc = (await res.json()) as { features: SettlementFeature[] };
			this.#population = new Map(fc.features.map((f) => [f.properties.id, f.properties.population ?? null]));
			this.features = fc.features;
		} catch (err) {
			this.error = String(err);
		}
		await this.refresh();
	}

	stop(): void {
		if (this.#interval) clearInterval(this.#interval);
		if (this.#debounce) clearTimeout(this.#debounce);
		this.#interval = this.#debounce = null;
		this.#abort?.abort();
	}

	/** counts only these blocks on the choropleth (a tile's); null for all */
	setBlocks(blocks: string[] | null): void {
		const key = (b: string[] | null) => (b ? [...b].sort().join(',') : '');
		if (key(blocks) === key(this.blocks)) return;
		this.blocks = blocks;
		void this.refresh();
	}

	settlement(id: string): SettlementAggregate | undefined {
		return this.settlements.find((s) => s.id === id);
	}

	tile(id: string): TileAggregate | undefined {
		return this.tiles.find((t) => t.id === id);
	}

	/** the incidents store changed: nudge the numbers by new incidents, and schedule a refresh */
	observe(): void {
		const store = this.#store;
		if (!store) return;
		const version = store.version;
		if (version === this.#seenVersion) return;
		const ranges = store.rangesSince(this.#seenVersion);
		this.#seenVersion = version;
		this.#schedule();
		if (!ranges || this.loadedAt === null) return;
		const rows = store.rows;
		let changed = false;
		for (const { startRow, endRow } of ranges) {
			for (let i = startRow; i < endRow && i < rows.length; i++) {
				const incident = store.incident(rows[i].id);
				if (incident && this.#nudge(incident)) changed = true;
			}
		}
		if (changed) this.#publish(this.settlements.map((s) => ({ ...s })), this.tiles.map((t) => ({ ...t })), true);
	}

	/** fetches both aggregates now (one request of each in flight at most) */
	async refresh(): Promise<void> {
		if (this.#inFlight) {
			this.#again = true;
			return;
		}
		this.#inFlight = true;
		this.#dirtySince = null;
		if (this.#debounce) clearTimeout(this.#debounce);
		this.#debounce = null;
		const abort = (this.#abort = new AbortController());
		try {
			const q = this.blocks ? `?blocks=${encodeURIComponent(this.blocks.join(','))}` : '';
			const [s, b] = await Promise.all([
				fetch(`/api/v1/wall/settlements${q}`, { signal: abort.signal }).then((r) => r.json()),
				fetch('/api/v1/wall/blocks', { signal: abort.signal }).then((r) => r.json())
			]);
			const settlements = WallSettlementsSchema.parse(s);
			const blocks = WallBlocksSchema.parse(b);
			this.#asOfS = Date.parse(settlements.asOf);
			this.#asOfB = Date.parse(blocks.asOf);
			this.#tileOfBlock = new Map(blocks.tiles.flatMap((t) => t.blocks.map((id) => [id, t.id] as const)));
			const sList = settlements.settlements.map((x) => ({ ...x }));
			const tList = blocks.tiles.map((x) => ({ ...x }));
			// incidents the server has not counted yet stay on top of its answer
			for (const [id, c] of this.#nudged) {
				const incident = this.#store?.incident(id);
				const created = incident ? Date.parse(incident.createdAt) : 0;
				if (!incident || created <= Math.min(this.#asOfS, this.#asOfB)) this.#nudged.delete(id);
				else {
					if (created > this.#asOfS) applyToSettlements(sList, c, 1, this.blocks);
					if (created > this.#asOfB) applyToTiles(tList, c, 1, this.#tileOfBlock);
				}
			}
			this.error = null;
			this.loadedAt = Date.now();
			this.#publish(sList, tList, true);
		} catch (err) {
			if (!abort.signal.aborted) this.error = String(err);
		} finally {
			this.#inFlight = false;
			if (this.#again) {
				this.#again = false;
				this.#schedule();
			}
		}
	}

	#schedule(): void {
		const now = Date.now();
		this.#dirtySince ??= now;
		if (this.#debounce) clearTimeout(this.#debounce);
		const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.#dirtySince + MAX_WAIT_MS - now));
		this.#debounce = setTimeout(() => {
			this.#debounce = null;
			void this.refresh();
		}, wait);
	}

	/** returns true when the numbers moved */
	#nudge(incident: MapIncident): boolean {
		const created = Date.parse(incident.createdAt);
		const previous = this.#nudged.get(incident.id);
		// older incidents are in the last answer already; their changes arrive with the next refresh
		if (!previous && created <= Math.min(this.#asOfS, this.#asOfB)) return false;
		if (!previous && this.#nudged.size >= MAX_NUDGED) return false;
		const next: Contribution = {
			settlementId: incident.settlementId,
			block: incident.block,
			open: incident.status !== 'closed',
			overdue: incident.status !== 'closed' && incident.overdue,
			today: Date.parse(incident.receivedAt) >= startOfLocalDayMs(Date.now(), this.#timeZone)
		};
		if (previous && sameContribution(previous, next)) return false;
		const sList = this.settlements;
		const tList = this.tiles;
		if (created > this.#asOfS) {
			if (previous) applyToSettlements(sList, previous, -1, this.blocks);
			applyToSettlements(sList, next, 1, this.blocks);
		}
		if (created > this.#asOfB) {
			if (previous) applyToTiles(tList, previous, -1, this.#tileOfBlock);
			applyToTiles(tList, next, 1, this.#tileOfBlock);
		}
		this.#nudged.set(incident.id, next);
		return true;
	}

	#publish(sList: SettlementAggregate[], tList: TileAggregate[], derive: boolean): void {
		if (derive) {
			for (const s of sList) {
				s.per1000 = per1000(s.open, this.#population.get(s.id));
				s.growthPct = growthPct(s.todayCount, s.baselineSameWeekday);
			}
			for (const t of tList) t.trend = trend(t.today, t.baselineSameWeekday);
		}
		this.settlements = sList;
		this.tiles = tList;
		this.version++;
	}
}

function sameContribution(a: Contribution, b: Contribution): boolean {
	return a.settlementId === b.settlementId && a.block === b.block && a.open === b.open && a.overdue === b.overdue && a.today === b.today;
}

function applyToSettlements(list: SettlementAggregate[], c: Contribution, sign: 1 | -1, blocks: string[] | null): void {
	if (!c.settlementId || (blocks && (!c.block || !blocks.includes(c.block)))) return;
	const s = list.find((x) => x.id === c.settlementId);
	if (!s) return;
	if (c.open) s.open += sign;
	if (c.overdue) s.overdue += sign;
	if (c.today) s.todayCount += sign;
}

function applyToTiles(list: TileAggregate[], c: Contribution, sign: 1 | -1, tileOfBlock: Map<string, string>): void {
	const tileId = c.block ? tileOfBlock.get(c.block) : undefined;
	const t = list.find((x) => x.id === (tileId ?? list[list.length - 1]?.id));
	if (!t) return;
	if (c.open) t.open += sign;
	if (c.overdue) t.overdue += sign;
	if (c.today) t.today += sign;
}

export const wallAggregates = new WallAggregates();
