/**
 * Plain planar geometry on lon/lat rings, for checking and normalising uploaded settlements:
 * self-intersection, orientation, and a label point well inside a polygon. Rings are closed
 * ([first] = [last]) arrays of [x, y]; nothing here allocates per vertex beyond a sort.
 */

export type Position = [number, number];

export interface RingCrossing {
	/** segments i→i+1 and j→j+1, i < j (vertex indices of the ring as given) */
	segments: [number, number];
	/** roughly where they meet */
	at: Position;
}

/** Twice the signed area; positive for counter-clockwise rings (x east, y north). */
export function signedArea2(ring: Position[]): number {
	let sum = 0;
	for (let i = 0, n = ring.length - 1; i < n; i++) {
		sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	}
	return sum;
}

/**
 * The first place where a closed ring crosses or touches itself, or null for a simple ring.
 * Segments are swept by x with bbox pruning: about O(n log n) on real boundaries, O(n²) only for
 * pathological zig-zags. Neighbouring segments may share their vertex but not fold back over each other.
 * Expects no repeated consecutive positions (see dropRepeats).
 */
export function findSelfIntersection(ring: Position[]): RingCrossing | null {
	const m = ring.length - 1;
	if (m < 3) return null;
	const minX = new Float64Array(m);
	const maxX = new Float64Array(m);
	const order = new Uint32Array(m);
	for (let i = 0; i < m; i++) {
		const a = ring[i][0];
		const b = ring[i + 1][0];
		minX[i] = a < b ? a : b;
		maxX[i] = a < b ? b : a;
		order[i] = i;
	}
	order.sort((a, b) => minX[a] - minX[b]);

	for (let oi = 0; oi < m; oi++) {
		const s = order[oi];
		const p1 = ring[s];
		const p2 = ring[s + 1];
		const sy0 = Math.min(p1[1], p2[1]);
		const sy1 = Math.max(p1[1], p2[1]);
		for (let oj = oi + 1; oj < m && minX[order[oj]] <= maxX[s]; oj++) {
			const t = order[oj];
			const q1 = ring[t];
			const q2 = ring[t + 1];
			if (Math.max(q1[1], q2[1]) < sy0 || Math.min(q1[1], q2[1]) > sy1) continue;
			const i = Math.min(s, t);
			const j = Math.max(s, t);
			if (j === i + 1 || (i === 0 && j === m - 1)) {
				// neighbours share one vertex; they are wrong only when the ring folds back along itself
				const [prev, shared, next] = j === i + 1 ? [ring[i], ring[j], ring[j + 1]] : [ring[j], ring[0], ring[1]];
				if (
					orient(prev, shared, next) === 0 &&
					(prev[0] - shared[0]) * (next[0] - shared[0]) + (prev[1] - shared[1]) * (next[1] - shared[1]) > 0
				) {
					return { segments: [i, j], at: [shared[0], shared[1]] };
				}
				continue;
			}
			if (segmentsIntersect(p1, p2, q1, q2)) return { segments: [i, j], at: meetingPoint(p1, p2, q1, q2) };
		}
	}
	return null;
}

/** Drops positions equal to the one before; returns the same array when there are none. */
export function dropRepeats(ring: Position[]): Position[] {
	let repeats = false;
	for (let i = 1; i < ring.length && !repeats; i++) repeats = ring[i][0] === ring[i - 1][0] && ring[i][1] === ring[i - 1][1];
	if (!repeats) return ring;
	return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
}

/** Even-odd test over a polygon's rings (the first is the exterior, the others holes). */
export function inPolygon(rings: Position[][], x: number, y: number): boolean {
	let inside = false;
	for (const ring of rings) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const [xi, yi] = ring[i];
			const [xj, yj] = ring[j];
			if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
		}
	}
	return inside;
}

/**
 * A label point far from the edges ("pole of inaccessibility", the polylabel grid search), on the
 * polygon with the largest area. Longitudes are shrunk by cos(latitude) while searching so that
 * "far" means far on the ground. `precision` is a fraction of the polygon's larger side.
 */
export function labelPoint(polygons: Position[][][], precision = 0.005): Position {
	let best = polygons[0];
	let bestArea = -1;
	for (const p of polygons) {
		const area = Math.abs(signedArea2(p[0]));
		if (area > bestArea) {
			bestArea = area;
			best = p;
		}
	}
	const [x0, y0, x1, y1] = ringBox(best[0]);
	const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180) || 1;
	const search = (rings: Position[][]): Position => {
		const [px, py] = polylabel(
			rings.map((r) => r.map(([x, y]) => [x * k, y] as Position)),
			Math.max((x1 - x0) * k, y1 - y0) * precision
		);
		return [px / k, py];
	};
	// a detailed boundary is searched thinned out first; the point must still fall inside the real one
	const thin = best.map((r) => thinRing(r, LABEL_VERTICES));
	if (thin.every((r, i) => r === best[i])) return search(best);
	const guess = search(thin);
	return inPolygon(best, guess[0], guess[1]) ? guess : search(best);
}

const LABEL_VERTICES = 600;

// every n-th vertex, closed again; the ring itself when it is short enough
function thinRing(ring: Position[], max: number): Position[] {
	if (ring.length <= max) return ring;
	const step = Math.ceil(ring.length / max);
	const out: Position[] = [];
	for (let i = 0; i < ring.length - 1; i += step) out.push(ring[i]);
	out.push(ring[0]);
	return out.length >= 4 ? out : ring;
}

interface Cell {
	x: number;
	y: number;
	h: number;
	d: number;
	max: number;
}

const MAX_CELLS = 20_000;

function polylabel(rings: Position[][], precision: number): Position {
	const [minX, minY, maxX, maxY] = ringBox(rings[0]);
	const width = maxX - minX;
	const height = maxY - minY;
	const size = Math.min(width, height);
	if (size === 0) return [minX, minY];
	const cell = (x: number, y: number, h: number): Cell => {
		const d = pointToPolygonDistance(x, y, rings);
		return { x, y, h, d, max: d + h * Math.SQRT2 };
	};
	const queue = new MaxHeap<Cell>((c) => c.max);
	const h0 = size / 2;
	for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + h0, y + h0, h0));

	let best = centroidCell(rings, cell);
	const boxCell = cell(minX + width / 2, minY + height / 2, 0);
	if (boxCell.d > best.d) best = boxCell;

	for (let probes = 0; queue.size > 0 && probes < MAX_CELLS; probes++) {
		const c = queue.pop()!;
		if (c.d > best.d) best = c;
		if (c.max - best.d <= precision) continue;
		const h = c.h / 2;
		queue.push(cell(c.x - h, c.y - h, h));
		queue.push(cell(c.x + h, c.y - h, h));
		queue.push(cell(c.x - h, c.y + h, h));
		queue.push(cell(c.x + h, c.y + h, h));
	}
	return [best.x, best.y];
}

function centroidCell(rings: Position[][], cell: (x: number, y: number, h: number) => Cell): Cell {
	const ring = rings[0];
	let area = 0;
	let x = 0;
	let y = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [ax, ay] = ring[i];
		const [bx, by] = ring[j];
		const f = ax * by - bx * ay;
		x += (ax + bx) * f;
		y += (ay + by) * f;
		area += f * 3;
	}
	return area === 0 ? cell(ring[0][0], ring[0][1], 0) : cell(x / area, y / area, 0);
}

// signed: positive inside, negative outside
function pointToPolygonDistance(x: number, y: number, rings: Position[][]): number {
	let inside = false;
	let minSq = Infinity;
	for (const ring of rings) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const a = ring[i];
			const b = ring[j];
			if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
			const sq = segmentDistanceSq(x, y, a, b);
			if (sq < minSq) minSq = sq;
		}
	}
	return (inside ? 1 : -1) * Math.sqrt(minSq);
}

function segmentDistanceSq(px: number, py: number, a: Position, b: Position): number {
	let x = a[0];
	let y = a[1];
	let dx = b[0] - x;
	let dy = b[1] - y;
	if (dx !== 0 || dy !== 0) {
		const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
		if (t > 1) {
			x = b[0];
			y = b[1];
		} else if (t > 0) {
			x += dx * t;
			y += dy * t;
		}
	}
	dx = px - x;
	dy = py - y;
	return dx * dx + dy * dy;
}

export function ringBox(ring: Position[]): [number, number, number, number] {
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (const [x, y] of ring) {
		if (x < x0) x0 = x;
		if (x > x1) x1 = x;
		if (y < y0) y0 = y;
		if (y > y1) y1 = y;
	}
	return [x0, y0, x1, y1];
}

function orient(a: Position, b: Position, c: Position): number {
	const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
	return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

/** Closed segments a–b and c–d share at least one point (touching and collinear overlap count). */
export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
	const o1 = orient(a, b, c);
	const o2 = orient(a, b, d);
	const o3 = orient(c, d, a);
	const o4 = orient(c, d, b);
	if (o1 !== o2 && o3 !== o4) return true;
	return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

function meetingPoint(a: Position, b: Position, c: Position, d: Position): Position {
	const rx = b[0] - a[0];
	const ry = b[1] - a[1];
	const sx = d[0] - c[0];
	const sy = d[1] - c[1];
	const den = rx * sy - ry * sx;
	if (den !== 0) {
		const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den;
		return [a[0] + t * rx, a[1] + t * ry];
	}
	// collinear overlap: any shared endpoint will do
	for (const p of [c, d]) if (onSegment(a, b, p)) return [p[0], p[1]];
	return [a[0], a[1]];
}

class MaxHeap<T> {
	#items: T[] = [];
	constructor(readonly key: (item: T) => number) {}
	get size(): number {
		return this.#items.length;
	}
	push(item: T): void {
		const items = this.#items;
		items.push(item);
		let i = items.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (this.key(items[parent]) >= this.key(items[i])) break;
			[items[parent], items[i]] = [items[i], items[parent]];
			i = parent;
		}
	}
	pop(): T | undefined {
		const items = this.#items;
		const top = items[0];
		const last = items.pop();
		if (items.length > 0 && last !== undefined) {
			items[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < items.length && this.key(items[l]) > this.key(items[m])) m = l;
				if (r < items.length && this.key(items[r]) > this.key(items[m])) m = r;
				if (m === i) break;
				[items[m], items[i]] = [items[i], items[m]];
				i = m;
			}
		}
		return top;
	}
}
