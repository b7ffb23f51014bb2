import type { Layer } from '@deck.gl/core';
import type { GeoJsonLayer as GeoJsonLayerClass, ScatterplotLayer as ScatterplotLayerClass, ScatterplotLayerProps, TextLayer as TextLayerClass } from '@deck.gl/layers';
import type { HexagonLayer as HexagonLayerClass } from '@deck.gl/aggregation-layers';
import type { IncidentRow } from '$lib/client/incidents.svelte.ts';
import type { ReplayData, ReplayPoint } from '$lib/client/replay.svelte.ts';
import type { SettlementFeature } from '$lib/client/wall-aggregates.svelte.ts';
import { colourOf, formatMeasure, type Choropleth, type Rgba } from '#domain/wall/measures.ts';
import { WallFilterExtension, type WallFilterProps } from './wall-filter-extension.ts';

export const HOT_RING: Rgba = [255, 56, 196, 255];
/** hexagon ramp, dark → bright, also shown by the legend */
export const HEX_RAMP: Rgba[] = [
	[38, 70, 110, 200],
	[30, 130, 160, 210],
	[80, 190, 150, 220],
	[230, 200, 60, 230],
	[250, 130, 40, 235],
	[255, 50, 90, 245]
];
export const REPLAY_COLOUR: Rgba = [255, 184, 28, 255];
export const REPLAY_CLOSED: Rgba = [150, 160, 172, 200];

const parameters = { depthCompare: 'always', depthWriteEnabled: false } as const;
const wallFilter = new WallFilterExtension();

export interface LabelRow {
	id: string;
	name: string;
	position: [number, number];
	population: number;
}

/** css px sizes of the two label lines at scale 1 */
export const LABEL_NAME_PX = 19;
export const LABEL_VALUE_PX = 30;

export function labelRows(features: readonly SettlementFeature[]): LabelRow[] {
	return features
		.filter((f) => f.properties.label_lonlat)
		.map((f) => ({
			id: f.properties.id,
			name: f.properties.short_name_ru ?? f.properties.name_ru,
			position: f.properties.label_lonlat as [number, number],
			population: f.properties.population ?? 0
		}));
}

export interface SceneLayerOptions {
	classes: {
		GeoJsonLayer: typeof GeoJsonLayerClass;
		ScatterplotLayer: typeof ScatterplotLayerClass;
		TextLayer: typeof TextLayerClass;
		HexagonLayer: typeof HexagonLayerClass | null;
	};
	features: { type: 'FeatureCollection'; features: SettlementFeature[] };
	labels: LabelRow[];
	/** pixel offsets of label blocks that would collide at their anchors (see label-placement.ts) */
	labelOffsets: Map<string, { dx: number; dy: number }>;
	/** bumps when the offsets or the scale change */
	labelVersion: number;
	/** the choropleth of the scene, or null when the scene is not one */
	choropleth: Choropleth | null;
	/** bumps whenever aggregates change */
	aggregatesVersion: number;
	hot: readonly IncidentRow[];
	hexData: readonly IncidentRow[] | null;
	showHex: boolean;
	replay: ReplayData | null;
	replaySeconds: number;
	tileMask: number;
	tileOf: (block: string | null | undefined) => number;
	tileOfRow: (r: IncidentRow) => number;
	scale: number;
	beforeId?: string;
}

/** colour the choropleth paints a settlement with */
export function settlementColour(c: Choropleth | null, id: string): Rgba | null {
	if (!c) return null;
	return colourOf(c.values.get(id) ?? null, c.classes);
}

/** the scene layers around the incidents layer: below it the choropleth and hexagons, above it hot rings, labels, replay */
export function createSceneLayers(o: SceneLayerOptions): { below: Layer[]; above: Layer[] } {
	const { GeoJsonLayer, ScatterplotLayer, TextLayer, HexagonLayer } = o.classes;
	const placement = o.beforeId ? { beforeId: o.beforeId } : {};
	const s = o.scale;
	const c = o.choropleth;
	const replaying = o.replay !== null;
	const offset = (r: LabelRow, dy: number): [number, number] => {
		const p = o.labelOffsets.get(r.id);
		return p ? [p.dx, p.dy + dy] : [0, dy];
	};
	const showChoropleth = c !== null && !replaying;

	const below: Layer[] = [
		new GeoJsonLayer({
			id: 'settlements-choropleth',
			data: o.features as never,
			filled: true,
			stroked: false,
			getFillColor: ((f: SettlementFeature) => settlementColour(c, f.properties.id) ?? [0, 0, 0, 0]) as never,
			updateTriggers: { getFillColor: [c?.measure ?? 'none', o.aggregatesVersion] },
			visible: showChoropleth,
			parameters,
			...placement
		})
	];
	if (HexagonLayer && o.hexData) {
		below.push(
			new HexagonLayer<IncidentRow>({
				id: 'incidents-hex',
				data: o.hexData as IncidentRow[],
				getPosition: (r) => r.position,
				gpuAggregation: true,
				radius: 1100,
				coverage: 0.9,
				extruded: false,
				colorRange: HEX_RAMP as never,
				colorScaleType: 'quantize',
				opacity: 0.9,
				visible: o.showHex && !replaying,
				parameters,
				...placement
			}) as unknown as Layer
		);
	}

	const above: Layer[] = [
		new ScatterplotLayer<IncidentRow>(<ScatterplotLayerProps<IncidentRow> & WallFilterProps<IncidentRow>>{
			id: 'incidents-hot',
			data: o.hot as IncidentRow[],
			getPosition: (r: IncidentRow) => r.position,
			getRadius: 14,
			getLineColor: HOT_RING,
			getLineWidth: 3.5,
			filled: false,
			stroked: true,
			radiusUnits: 'pixels',
			radiusScale: s,
			lineWidthUnits: 'pixels',
			lineWidthScale: s,
			visible: !replaying && o.hot.length > 0,
			extensions: [wallFilter],
			getWallTile: o.tileOfRow,
			wallTileMask: o.tileMask,
			updateTriggers: { getWallTile: o.aggregatesVersion > 0 },
			parameters,
			...placement
		}),
		new ScatterplotLayer<ReplayPoint>(<ScatterplotLayerProps<ReplayPoint> & WallFilterProps<ReplayPoint>>{
			id: 'replay-points',
			data: (o.replay?.points ?? []) as ReplayPoint[],
			getPosition: (p: ReplayPoint) => p.position,
			getFillColor: (p: ReplayPoint) => (p.closed ? REPLAY_CLOSED : REPLAY_COLOUR),
			getRadius: 6,
			getLineColor: [4, 10, 18, 200],
			getLineWidth: 1,
			stroked: true,
			radiusUnits: 'pixels',
			radiusScale: s,
			lineWidthUnits: 'pixels',
			lineWidthScale: s,
			visible: replaying,
			extensions: [wallFilter],
			getWallTime: (p: ReplayPoint) => p.t,
			getWallTile: (p: ReplayPoint) => o.tileOf(p.block),
			wallTimeOn: true,
			wallNow: o.replaySeconds,
			// a day's replay fades points over 3 h, a week's over a day
			wallFade: (o.replay?.hours ?? 24) > 24 ? 86_400 : 10_800,
			wallTileMask: o.tileMask,
			parameters,
			...placement
		}),
		new TextLayer<LabelRow>({
			id: 'settlement-labels',
			data: o.labels,
			getPosition: (r) => r.position,
			getText: (r) => r.name,
			getSize: LABEL_NAME_PX,
			sizeScale: s,
			getColor: [242, 246, 250, 255],
			getPixelOffset: (r: LabelRow) => offset(r, -14 * s),
			updateTriggers: { getPixelOffset: [o.labelVersion, s] },
			fontFamily: 'DejaVu Sans, Noto Sans, sans-serif',
			fontWeight: 'bold',
			characterSet: 'auto',
			fontSettings: { sdf: true, fontSize: 64, buffer: 8, radius: 12 },
			outlineWidth: 5,
			outlineColor: [5, 9, 14, 235],
			visible: showChoropleth,
			parameters,
			...placement
		}),
		new TextLayer<LabelRow>({
			id: 'settlement-values',
			data: o.labels,
			getPosition: (r) => r.position,
			getText: (r) => (c ? formatMeasure(c.measure, c.values.get(r.id) ?? null) : ''),
			getSize: LABEL_VALUE_PX,
			sizeScale: s,
			getColor: [255, 255, 255, 255],
			getPixelOffset: (r: LabelRow) => offset(r, 12 * s),
			fontFamily: 'DejaVu Sans, Noto Sans, sans-serif',
			fontWeight: 'bold',
			characterSet: 'auto',
			fontSettings: { sdf: true, fontSize: 64, buffer: 8, radius: 12 },
			outlineWidth: 6,
			outlineColor: [5, 9, 14, 240],
			updateTriggers: { getText: [c?.measure ?? 'none', o.aggregatesVersion], getPixelOffset: [o.labelVersion, s] },
			visible: showChoropleth,
			parameters,
			...placement
		})
	];
	return { below, above };
}
