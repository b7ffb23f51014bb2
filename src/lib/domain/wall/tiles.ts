/**
 * Block tiles of the wall: a municipality's thematic blocks grouped into at most 8 tiles (municipality.json
 * `wallTiles`); without that key every block is a tile of its own, the rest folded into the last one.
 */
import { trend, type Trend } from './measures.ts';

export const MAX_TILES = 8;

export interface WallTileDef {
	id: string;
	name: string;
	blocks: string[];
}

export interface BlockAggregate {
	block: string;
	open: number;
	todayCount: number;
	overdue: number;
	baselineSameWeekday: number;
}

export interface TileAggregate {
	id: string;
	name: string;
	blocks: string[];
	open: number;
	today: number;
	overdue: number;
	baselineSameWeekday: number;
	trend: Trend;
}

/** the tiles of a municipality; blocks listed in no tile join the last one, so no incident is uncounted */
export function tilesFor(blocks: ReadonlyArray<{ id: string; name: string }>, wallTiles?: readonly WallTileDef[] | null): WallTileDef[] {
	let tiles: WallTileDef[];
	const known = new Set(blocks.map((b) => b.id));
	const listed = (wallTiles ?? [])
		.map((t) => ({ ...t, blocks: t.blocks.filter((b) => known.has(b)) }))
		.filter((t) => t.blocks.length > 0)
		.slice(0, MAX_TILES);
	if (listed.length > 0) {
		tiles = listed;
	} else {
		tiles = blocks.slice(0, MAX_TILES).map((b) => ({ id: b.id, name: b.name, blocks: [b.id] }));
	}
	const covered = new Set(tiles.flatMap((t) => t.blocks));
	const rest = blocks.filter((b) => !covered.has(b.id)).map((b) => b.id);
	if (rest.length > 0) tiles[tiles.length - 1].blocks.push(...rest);
	return tiles;
}

/** block id → tile id */
export function tileOfBlock(tiles: readonly WallTileDef[]): Map<string, string> {
	const m = new Map<string, string>();
	for (const t of tiles) for (const b of t.blocks) m.set(b, t.id);
	return m;
}

/** sums block aggregates into tiles; the trend compares today with the same weekday's mean (same time of day) */
export function aggregateTiles(tiles: readonly WallTileDef[], blocks: readonly BlockAggregate[]): TileAggregate[] {
	const byBlock = new Map(blocks.map((b) => [b.block, b]));
	return tiles.map((t) => {
		let open = 0;
		let today = 0;
		let overdue = 0;
		let baseline = 0;
		for (const id of t.blocks) {
			const b = byBlock.get(id);
			if (!b) continue;
			open += b.open;
			today += b.todayCount;
			overdue += b.overdue;
			baseline += b.baselineSameWeekday;
		}
		baseline = Math.round(baseline * 10) / 10;
		return { id: t.id, name: t.name, blocks: [...t.blocks], open, today, overdue, baselineSameWeekday: baseline, trend: trend(today, baseline) };
	});
}
