/**
 * Greedy label placement for the choropleth: each label tries a few offsets around its anchor, most important
 * first, and takes the first that overlaps no label placed before (or the least bad one). Pure: screen boxes in,
 * pixel offsets out; the map recomputes it when the wall's size changes.
 */
export interface LabelBox {
	id: string;
	/** anchor on screen, px */
	x: number;
	y: number;
	width: number;
	height: number;
	/** higher is placed first (e.g. population) */
	priority: number;
}

export interface Offset {
	dx: number;
	dy: number;
}

interface Rect {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

function overlapArea(a: Rect, b: Rect): number {
	const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
	const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
	return w > 0 && h > 0 ? w * h : 0;
}

export function placeLabels(labels: readonly LabelBox[], bounds?: { width: number; height: number }, pad = 4): Map<string, Offset> {
	const placed: Rect[] = [];
	const out = new Map<string, Offset>();
	for (const l of [...labels].sort((a, b) => b.priority - a.priority)) {
		const { width: w, height: h } = l;
		const candidates: Offset[] = [
			{ dx: 0, dy: 0 },
			{ dx: 0, dy: -h * 0.8 },
			{ dx: 0, dy: h * 0.8 },
			{ dx: w * 0.6, dy: 0 },
			{ dx: -w * 0.6, dy: 0 },
			{ dx: w * 0.55, dy: -h * 0.7 },
			{ dx: -w * 0.55, dy: -h * 0.7 },
			{ dx: w * 0.55, dy: h * 0.7 },
			{ dx: -w * 0.55, dy: h * 0.7 },
			{ dx: 0, dy: -h * 1.5 },
			{ dx: 0, dy: h * 1.5 }
		];
		let best: { o: Offset; cost: number; r: Rect } | null = null;
		for (const o of candidates) {
			const r = { x0: l.x + o.dx - w / 2 - pad, y0: l.y + o.dy - h / 2 - pad, x1: l.x + o.dx + w / 2 + pad, y1: l.y + o.dy + h / 2 + pad };
			let cost = placed.reduce((s, p) => s + overlapArea(r, p), 0);
			if (bounds) {
				const outside = w * h - overlapArea(r, { x0: 0, y0: 0, x1: bounds.width, y1: bounds.height });
				cost += Math.max(0, outside) * 2;
			}
			// prefer staying near the anchor among equally free places
			cost += Math.hypot(o.dx, o.dy) * 1e-3;
			if (!best || cost < best.cost) best = { o, cost, r };
			if (cost < 1) break;
		}
		placed.push(best!.r);
		out.set(l.id, best!.o);
	}
	return out;
}
