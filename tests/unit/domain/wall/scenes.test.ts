import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYLIST, nextIndex, parsePlaylist, sceneMeasure } from '../../../../src/lib/domain/wall/scenes.ts';
import { aggregateTiles, tilesFor } from '../../../../src/lib/domain/wall/tiles.ts';
import { placeLabels } from '../../../../src/lib/domain/wall/label-placement.ts';
import { startOfLocalDayMs } from '../../../../src/lib/domain/wall/local-day.ts';
import { loadMunicipality } from '../../../../server/municipality/load.ts';

describe('the scene playlist', () => {
	it('plays live → per 1 000 → overdue → growth → hexagons, 30 s each, by default', () => {
		expect(DEFAULT_PLAYLIST.map((p) => p.scene)).toEqual(['live', 'per1000', 'overdue', 'growth', 'hexagons']);
		expect(DEFAULT_PLAYLIST.every((p) => p.durationMs === 30_000)).toBe(true);
		expect(nextIndex(DEFAULT_PLAYLIST, 4)).toBe(0);
	});
	it('reads a playlist from the address, skipping unknown scenes', () => {
		expect(parsePlaylist('live:10,nope:5,growth')).toEqual([
			{ scene: 'live', durationMs: 10_000 },
			{ scene: 'growth', durationMs: 30_000 }
		]);
		expect(parsePlaylist('nope')).toEqual([...DEFAULT_PLAYLIST]);
	});
	it('maps choropleth scenes to their measure', () => {
		expect(sceneMeasure('growth')).toBe('growthPct');
		expect(sceneMeasure('live')).toBeNull();
	});
});

describe('block tiles of Tuapse', () => {
	const m = loadMunicipality().municipality;
	const tiles = tilesFor(m.blocks, m.wallTiles);
	it('groups 16 blocks into 8 tiles, «Дороги и транспорт» among them, every block counted once', () => {
		expect(tiles).toHaveLength(8);
		expect(tiles.find((t) => t.id === 'roads_transport')).toMatchObject({ name: 'Дороги и транспорт', blocks: ['roads', 'transport'] });
		const all = tiles.flatMap((t) => t.blocks).sort();
		expect(all).toEqual(m.blocks.map((b) => b.id).sort());
	});
	it('sums blocks into a tile and points its arrow up after a burst', () => {
		const [roads] = aggregateTiles(
			tiles.filter((t) => t.id === 'roads_transport'),
			[
				{ block: 'roads', open: 10, todayCount: 12, overdue: 2, baselineSameWeekday: 3 },
				{ block: 'transport', open: 4, todayCount: 3, overdue: 0, baselineSameWeekday: 2 }
			]
		);
		expect(roads).toMatchObject({ open: 14, today: 15, overdue: 2, baselineSameWeekday: 5, trend: 'up' });
	});
	it('skips blocks a tile names but the municipality lacks', () => {
		const own = tilesFor([{ id: 'roads', name: 'Дороги' }, { id: 'misc', name: 'Прочее' }], m.wallTiles);
		expect(own.map((t) => [t.id, t.blocks])).toEqual([['roads_transport', ['roads', 'misc']]]);
	});
	it('without wallTiles shows one tile per block, the rest in the last', () => {
		const plain = tilesFor(m.blocks, undefined);
		expect(plain).toHaveLength(8);
		expect(plain[7].blocks.length).toBe(9);
	});
});

describe('label placement', () => {
	it('moves the smaller of two colliding labels off the bigger one', () => {
		const offsets = placeLabels([
			{ id: 'big', x: 100, y: 100, width: 120, height: 50, priority: 60_000 },
			{ id: 'small', x: 130, y: 105, width: 120, height: 50, priority: 7_000 }
		]);
		expect(offsets.get('big')).toEqual({ dx: 0, dy: 0 });
		const o = offsets.get('small')!;
		const overlapX = 120 - Math.abs(130 + o.dx - 100);
		const overlapY = 50 - Math.abs(105 + o.dy - 100);
		expect(overlapX <= 0 || overlapY <= 0).toBe(true);
	});
});

describe('local midnight', () => {
	it('is 21:00 UTC the day before in Moscow', () => {
		expect(new Date(startOfLocalDayMs(Date.parse('2026-11-23T10:15:00Z'), 'Europe/Moscow')).toISOString()).toBe('2026-11-22T21:00:00.000Z');
		expect(new Date(startOfLocalDayMs(Date.parse('2026-11-23T22:15:00Z'), 'Europe/Moscow')).toISOString()).toBe('2026-11-23T21:00:00.000Z');
	});
});
