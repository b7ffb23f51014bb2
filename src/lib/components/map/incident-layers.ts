import type { Layer } from '@deck.gl/core';
import type { ScatterplotLayer as ScatterplotLayerClass, ScatterplotLayerProps } from '@deck.gl/layers';
import type { IncidentRow, IncidentsStore, RowRange } from '$lib/client/incidents.svelte.ts';
import { WallFilterExtension, type WallFilterProps } from './wall-filter-extension.ts';

type Rgba = [number, number, number, number];

/** an incident younger than this is "new" on the map */
export const NEW_FOR_MS = 15 * 60 * 1000;
/** an open incident older than this turns red */
export const OLD_AFTER_MS = 24 * 60 * 60 * 1000;

/** map colours, also used by the legend (css) so both stay in step */
export const INCIDENT_COLOURS = {
	new: [90, 225, 255, 255],
	open: [255, 184, 28, 240],
	old: [255, 84, 56, 245],
	hot: [255, 56, 196, 255],
	closed: [132, 142, 154, 120]
} satisfies Record<string, Rgba>;

export type IncidentColourKey = keyof typeof INCIDENT_COLOURS;

export function colourKey(row: IncidentRow, nowMs: number): IncidentColourKey {
	if (row.status === 'closed') return 'closed';
	if (row.hot) return 'hot';
	const age = nowMs - row.receivedAtMs;
	if (row.overdue || age >= OLD_AFTER_MS) return 'old';
	return age < NEW_FOR_MS ? 'new' : 'open';
}

export function cssColour(key: IncidentColourKey): string {
	const [r, g, b, a] = INCIDENT_COLOURS[key];
	return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;
}

/**
 * Feeds the store's growing `rows` array to one deck.gl layer as partial updates.
 *
 * deck.gl only diffs data when `dataComparator` says it changed; the same array object is passed every time, so
 * the comparator asks the store which row ranges changed since the version deck last consumed and hands them to
 * `_dataDiff`. A new array (trim, snapshot) or a log that no longer reaches back means a full rebuild.
 */
export class RowFeed {
	#store: IncidentsStore;
	#seenVersion: number | null = null;
	#pending: RowRange[] | null = null;
	/** how many partial / full data updates deck was asked for (debugging, tests) */
	partialUpdates = 0;
	fullUpdates = 0;

	constructor(store: IncidentsStore) {
		this.#store = store;
	}

	props(): {
		data: readonly IncidentRow[];
		dataComparator: (a: unknown, b: unknown) => boolean;
		_dataDiff: () => RowRange[];
	} {
		// the first layer is built in full from whatever the array holds when deck reads it
		this.#seenVersion ??= this.#store.version;
		return { data: this.#store.rows, dataComparator: this.#compare, _dataDiff: this.#diff };
	}

	#compare = (newData: unknown, oldData: unknown): boolean => {
		const version = this.#store.version;
		if (newData !== oldData) {
			this.#seenVersion = version;
			this.#pending = null;
			this.fullUpdates++;
			return false;
		}
		if (this.#seenVersion === version) return true;
		const ranges = this.#store.rangesSince(this.#seenVersion ?? -1);
		this.#seenVersion = version;
		if (ranges && ranges.length === 0) return true;
		this.#pending = ranges;
		if (ranges) this.partialUpdates++;
		else this.fullUpdates++;
		return false;
	};

	// null falls back to deck's "data changed" reason, i.e. a full rebuild (deck's type omits null)
	#diff = (() => this.#pending) as () => RowRange[];
}

export interface IncidentLayerOptions {
	ScatterplotLayer: typeof ScatterplotLayerClass;
	feed: RowFeed;
	pulses: readonly IncidentRow[];
	/** changes when ages should be re-coloured (a minute tick) */
	colourEpoch: number;
	nowMs: number;
	/** css-pixel scale of the wall (1 at 1080 px high) */
	scale: number;
	/** 0..1 position in the pulse cycle */
	pulsePhase: number;
	beforeId?: string;
	/** false hides the points (other scenes); deck.gl keeps their buffers and keeps appending */
	visible?: boolean;
	/** the wall tile of a row (block filter, on the GPU); bit i of `tileMask` shows tile i, −1 everything */
	tileOfRow?: (r: IncidentRow) => number;
	tileMask?: number;
	/** changes when the block → tile mapping changes */
	tileTrigger?: unknown;
}

const wallFilter = new WallFilterExtension();

const RADIUS = { hot: 9, closed: 4, other: 6 };

export function createIncidentLayers(o: IncidentLayerOptions): Layer[] {
	const { ScatterplotLayer } = o;
	const nowMs = o.nowMs;
	// interleaved MapLibreOverlay reads `beforeId` from layer props; deck's own prop types do not list it
	const placement = o.beforeId ? { beforeId: o.beforeId } : {};
	// flat points on a flat map: maplibre's depth buffer (per-layer depth ranges) must not hide them
	const parameters = { depthCompare: 'always', depthWriteEnabled: false } as const;
	return [
		new ScatterplotLayer<IncidentRow>(<ScatterplotLayerProps<IncidentRow> & WallFilterProps<IncidentRow>>{
			id: 'incidents',
			...o.feed.props(),
			getPosition: (r) => r.position,
			getFillColor: (r) => INCIDENT_COLOURS[colourKey(r, nowMs)],
			getRadius: (r) => (r.status === 'closed' ? RADIUS.closed : r.hot ? RADIUS.hot : RADIUS.other),
			getLineColor: [4, 10, 18, 220],
			getLineWidth: 1,
			stroked: true,
			radiusUnits: 'pixels',
			radiusScale: o.scale,
			radiusMinPixels: 2,
			lineWidthUnits: 'pixels',
			lineWidthScale: o.scale,
			updateTriggers: { getFillColor: o.colourEpoch, getWallTile: o.tileTrigger },
			visible: o.visible ?? true,
			extensions: [wallFilter],
			getWallTile: o.tileOfRow ?? -1,
			wallTileMask: o.tileMask ?? -1,
			parameters,
			...placement
		}),
		new ScatterplotLayer<IncidentRow>({
			id: 'incidents-pulse',
			data: o.pulses,
			getPosition: (r) => r.position,
			getRadius: 7,
			getLineColor: [150, 240, 255, 255],
			getLineWidth: 2.5,
			filled: false,
			stroked: true,
			radiusUnits: 'pixels',
			radiusScale: o.scale * (1 + 2.6 * o.pulsePhase),
			lineWidthUnits: 'pixels',
			lineWidthScale: o.scale,
			opacity: Math.max(0, 1 - o.pulsePhase),
			visible: o.pulses.length > 0 && (o.visible ?? true),
			parameters,
			...placement
		})
	];
}
