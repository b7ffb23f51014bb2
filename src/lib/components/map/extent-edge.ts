/**
 * What the wall draws beyond the basemap's data extent. The map fits the settlements by height, so a wide wall
 * sees past the extent left and right, where the land and sea polygons stop in a straight cut. Instead of a dark
 * band there, the basemap fades over a short feather into one colour between its land and sea. Pure.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';

type Extent = [west: number, south: number, east: number, north: number];
type Ring = Array<[number, number]>;

/** the feather is this share of the extent's width: about 65 px at 1920×1080, 135 px at 5760×2160 */
export const FEATHER_SHARE = 0.06;
export const FEATHER_STEPS = 12;

const WORLD: Ring = [
	[-180, -85],
	[180, -85],
	[180, 85],
	[-180, 85],
	[-180, -85]
];

/**
 * The world outside the extent (`opacity` 1) and, inside its edge, rings of falling `opacity` that do not overlap,
 * so each point is covered once. Latitude steps are shortened by cos(latitude) so the feather is even on screen.
 */
export function extentEdgeBands(extent: Extent, steps = FEATHER_STEPS, share = FEATHER_SHARE): FeatureCollection<Polygon, { opacity: number }> {
	const [w, s, e, n] = extent;
	const dx = ((e - w) * share) / steps;
	const dy = dx * Math.cos((((s + n) / 2) * Math.PI) / 180);
	const inset = (k: number): Ring => box(w + k * dx, s + k * dy, e - k * dx, n - k * dy);
	const band = (outer: Ring, inner: Ring, opacity: number): Feature<Polygon, { opacity: number }> => ({
		type: 'Feature',
		properties: { opacity },
		// the hole winds the other way round
		geometry: { type: 'Polygon', coordinates: [outer, [...inner].reverse()] }
	});
	const features = [band(WORLD, inset(0), 1)];
	for (let k = 0; k < steps; k++) features.push(band(inset(k), inset(k + 1), 1 - (k + 0.5) / steps));
	return { type: 'FeatureCollection', features };
}

/** `#rrggbb` halfway between two `#rrggbb` colours; `fallback` when either is not one */
export function mixHex(a: unknown, b: unknown, fallback: string): string {
	const pa = parseHex(a);
	const pb = parseHex(b);
	if (!pa || !pb) return fallback;
	return `#${pa.map((x, i) => Math.round((x + pb[i]) / 2).toString(16).padStart(2, '0')).join('')}`;
}

function parseHex(v: unknown): [number, number, number] | null {
	if (typeof v !== 'string' || !/^#[0-9a-f]{6}$/i.test(v)) return null;
	return [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16)) as [number, number, number];
}

function box(w: number, s: number, e: number, n: number): Ring {
	return [
		[w, s],
		[e, s],
		[e, n],
		[w, n],
		[w, s]
	];
}
