/**
 * The baseline of the wall's fps bench (bench/wall.bench.ts): maplibre + deck.gl's MapLibreOverlay with the
 * heat (hexagons) scene's visible layer and the wall's map options, and nothing else — no Svelte, no store,
 * no panels. Data comes from /data.json (the rows the wall holds, written by the bench); the map size from the
 * query (`?w=…&h=…`, the wall's map canvas), so both pages draw the same pixels.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import * as maplibre from 'maplibre-gl';
import type { LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { HexagonLayer } from '@deck.gl/aggregation-layers';
import { HEX_RAMP } from '../../src/lib/components/map/wall-layers.ts';

interface Row {
	position: [number, number];
}

declare global {
	interface Window {
		/** the map the bench pans (the wall's is found through the DevTools protocol) */
		__benchMap?: MapLibreMap;
		__benchReady?: boolean;
	}
}

const params = new URL(location.href).searchParams;
const width = Number(params.get('w') ?? innerWidth);
const height = Number(params.get('h') ?? innerHeight);
const bbox = (params.get('bbox') ?? '38.625,43.99789,39.505,44.545').split(',').map(Number) as [number, number, number, number];
const container = document.getElementById('map')!;
container.style.width = `${width}px`;
container.style.height = `${height}px`;

maplibre.setWorkerUrl(workerUrl);
const rows: Row[] = await (await fetch('/data.json')).json();

// the wall's map options (src/lib/components/map/WallMap.svelte)
const map = new maplibre.Map({
	container,
	style: '/basemap/style.json',
	bounds: bbox as LngLatBoundsLike,
	fitBoundsOptions: { padding: 24 },
	interactive: false,
	attributionControl: false,
	maxCanvasSize: [16384, 16384],
	pixelRatio: window.devicePixelRatio || 1,
	fadeDuration: 0,
	canvasContextAttributes: { antialias: true }
});
window.__benchMap = map;

map.on('load', () => {
	// the same basemap additions as the wall: settlement boundaries under the district outline
	map.addSource('settlements', { type: 'geojson', data: '/municipalities/tuapse/settlements.geojson' });
	map.addLayer(
		{ id: 'settlement-boundaries', type: 'line', source: 'settlements', paint: { 'line-color': '#6f8fb0', 'line-width': 1.1, 'line-opacity': 0.85 } },
		map.getLayer('district-outline') ? 'district-outline' : undefined
	);
	// and the wall's frame outside the basemap's extent, and its 1080p label size
	const extent = (map.getStyle().metadata as Record<string, unknown> | undefined)?.['mcu:bbox'] as number[] | undefined;
	if (extent?.length === 4) {
		const [w, s, e, n] = extent;
		map.addSource('outside-extent', {
			type: 'geojson',
			data: {
				type: 'Feature',
				properties: {},
				geometry: { type: 'Polygon', coordinates: [[[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]], [[w, s], [w, n], [e, n], [e, s], [w, s]]] }
			}
		});
		map.addLayer(
			{ id: 'outside-extent', type: 'fill', source: 'outside-extent', paint: { 'fill-color': '#05090e', 'fill-opacity': 0.88 } },
			map.getLayer('coastline') ? 'coastline' : undefined
		);
	}
	if (map.getLayer('place-labels')) {
		map.setLayoutProperty('place-labels', 'text-size', ['*', 1.25, map.getLayoutProperty('place-labels', 'text-size') ?? 14] as never);
		map.setPaintProperty('place-labels', 'text-halo-width', 1.5);
	}
	if (map.getLayer('district-outline')) map.setPaintProperty('district-outline', 'line-width', 1.8);
	const padding = Math.round(Math.min(width, height) * 0.03);
	map.fitBounds(bbox as LngLatBoundsLike, { padding, animate: false });
	const beforeId = map.getLayer('place-labels') ? 'place-labels' : undefined;
	const overlay = new MapLibreOverlay({
		interleaved: true,
		layers: [
			// the wall's `incidents-hex` (src/lib/components/map/wall-layers.ts), prop for prop
			new HexagonLayer<Row>({
				id: 'incidents-hex',
				data: rows,
				getPosition: (r) => r.position,
				gpuAggregation: true,
				radius: 1100,
				coverage: 0.9,
				extruded: false,
				colorRange: HEX_RAMP as never,
				colorScaleType: 'quantize',
				opacity: 0.9,
				parameters: { depthCompare: 'always', depthWriteEnabled: false },
				...(beforeId ? { beforeId } : {})
			})
		]
	});
	map.addControl(overlay);
	map.once('idle', () => (window.__benchReady = true));
});
