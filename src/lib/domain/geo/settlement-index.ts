/**
 * Point-in-settlement lookup: flatbush over the bboxes of polygon parts, then exact ray casting.
 * Holes and MultiPolygons are handled; rings are kept as flat Float64Arrays with their own bboxes.
 */
import Flatbush from 'flatbush';
import type { Ring, Settlement, SettlementCollection } from './municipality.schema.ts';

export interface SettlementIndex {
	/** the settlement containing the point, or null when the point is outside every settlement */
	locate(lon: number, lat: number): Settlement | null;
}

interface Part {
	feature: number;
	outer: Float64Array;
	holes: Float64Array[];
	// minX, minY, maxX, maxY per hole
	holeBoxes: Float64Array;
}

export function createSettlementIndex(settlements: SettlementCollection): SettlementIndex {
	const parts: Part[] = [];
	settlements.features.forEach((f, feature) => {
		const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
		for (const [outer, ...holes] of polygons) {
			const holeBoxes = new Float64Array(holes.length * 4);
			const flatHoles = holes.map((h, i) => {
				const flat = flatten(h);
				holeBoxes.set(ringBox(flat), i * 4);
				return flat;
			});
			parts.push({ feature, outer: flatten(outer), holes: flatHoles, holeBoxes });
		}
	});

	const tree = new Flatbush(parts.length);
	for (const p of parts) {
		const [x0, y0, x1, y1] = ringBox(p.outer);
		tree.add(x0, y0, x1, y1);
	}
	tree.finish();

	const props = settlements.features.map((f) => f.properties);
	// query state lives here so the search filter is allocated once, not per lookup
	let qx = 0;
	let qy = 0;
	let best = -1;
	const test = (i: number): boolean => {
		const p = parts[i];
		// on overlapping (bad) data the first feature in file order wins, whatever the tree order
		if (best !== -1 && p.feature >= best) return false;
		if (inPart(p, qx, qy)) best = p.feature;
		return false;
	};

	return {
		locate(lon, lat) {
			if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
			if (lon < tree.minX || lon > tree.maxX || lat < tree.minY || lat > tree.maxY) return null;
			qx = lon;
			qy = lat;
			best = -1;
			tree.search(lon, lat, lon, lat, test);
			return best === -1 ? null : props[best];
		}
	};
}

function inPart(p: Part, x: number, y: number): boolean {
	if (!inRing(p.outer, x, y)) return false;
	const b = p.holeBoxes;
	for (let h = 0; h < p.holes.length; h++) {
		const o = h * 4;
		if (x < b[o] || y < b[o + 1] || x > b[o + 2] || y > b[o + 3]) continue;
		if (inRing(p.holes[h], x, y)) return false;
	}
	return true;
}

/** Even-odd ray casting over a closed ring stored as [x0, y0, x1, y1, …]. */
export function inRing(ring: Float64Array, x: number, y: number): boolean {
	let inside = false;
	const n = ring.length;
	for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
		const yi = ring[i + 1];
		const yj = ring[j + 1];
		if (yi > y !== yj > y) {
			const xi = ring[i];
			if (x < ((ring[j] - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
		}
	}
	return inside;
}

function flatten(ring: Ring): Float64Array {
	const flat = new Float64Array(ring.length * 2);
	ring.forEach((pos, i) => {
		flat[i * 2] = pos[0];
		flat[i * 2 + 1] = pos[1];
	});
	return flat;
}

function ringBox(flat: Float64Array): [number, number, number, number] {
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (let i = 0; i < flat.length; i += 2) {
		const x = flat[i];
		const y = flat[i + 1];
		if (x < x0) x0 = x;
		if (x > x1) x1 = x;
		if (y < y0) y0 = y;
		if (y > y1) y1 = y;
	}
	return [x0, y0, x1, y1];
}
