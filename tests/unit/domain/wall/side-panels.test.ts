import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SIDE_PLAYLIST,
	groupsThatFit,
	nextSideIndex,
	parseSidePlaylist,
	resolveSidePanel,
	sideRotates,
	sideView
} from '../../../../src/lib/domain/wall/side-panels.ts';

const at = (spec: string) => parseSidePlaylist(spec);

describe('the side-panel playlist', () => {
	it('plays latest → overdue → rating → dynamics → spikes, 25 s each, by default', () => {
		expect(DEFAULT_SIDE_PLAYLIST.map((p) => p.panel)).toEqual(['latest', 'overdue', 'rating', 'dynamics', 'spikes']);
		expect(DEFAULT_SIDE_PLAYLIST.every((p) => p.durationMs === 25_000)).toBe(true);
	});

	it('reads a playlist from the address: seconds, analytics ids as their group, no repeats, nothing too short', () => {
		expect(at('overdue:30,volume,nope:9,trends:40,rating:2')).toEqual([
			{ panel: 'overdue', durationMs: 30_000 },
			{ panel: 'dynamics', durationMs: 25_000 },
			{ panel: 'rating', durationMs: 25_000 }
		]);
		expect(at('nope,,')).toEqual([...DEFAULT_SIDE_PLAYLIST]);
		expect(parseSidePlaylist(null)).toEqual([...DEFAULT_SIDE_PLAYLIST]);
	});

	it('pins by group or by the id of a panel inside it', () => {
		expect(resolveSidePanel('overdue')).toBe('overdue');
		expect(resolveSidePanel('settlements')).toBe('rating');
		expect(resolveSidePanel('escalations')).toBe('spikes');
		expect(resolveSidePanel('map')).toBeNull();
		expect(resolveSidePanel(undefined)).toBeNull();
	});
});

describe('what the side column shows', () => {
	const playlist = DEFAULT_SIDE_PLAYLIST;

	it('shows one group and names the rest in the order they come', () => {
		expect(sideView(playlist, 3, 1)).toEqual({ shown: ['dynamics'], upcoming: ['spikes', 'latest', 'overdue', 'rating'] });
		expect(nextSideIndex(playlist, 3, 1)).toBe(4);
		expect(nextSideIndex(playlist, 4, 1)).toBe(0);
	});

	it('turns a page of two at a time on a tall column, every group on screen in turn', () => {
		const seen: string[][] = [];
		let index = 0;
		for (let turn = 0; turn < 5; turn++) {
			seen.push(sideView(playlist, index, 2).shown);
			index = nextSideIndex(playlist, index, 2);
		}
		expect(seen).toEqual([
			['latest', 'overdue'],
			['rating', 'dynamics'],
			['spikes', 'latest'],
			['overdue', 'rating'],
			['dynamics', 'spikes']
		]);
	});

	it('holds still when everything fits or a group is pinned', () => {
		expect(sideView(playlist, 2, 9)).toEqual({ shown: ['rating', 'dynamics', 'spikes', 'latest', 'overdue'], upcoming: [] });
		expect(sideRotates(playlist, 5, null)).toBe(false);
		expect(sideRotates(playlist, 1, null)).toBe(true);
		expect(sideRotates(playlist, 1, 'overdue')).toBe(false);
		expect(sideView(playlist, 0, 1, 'overdue')).toEqual({ shown: ['overdue'], upcoming: [] });
		expect(sideView(playlist, 0, 2, 'spikes').shown).toEqual(['spikes', 'latest']);
		// a group left out of the playlist can still be pinned
		expect(sideView(at('latest,rating'), 0, 2, 'overdue').shown).toEqual(['overdue', 'latest']);
	});

	it('stacks as many groups as the measured height holds, at least one', () => {
		// 1920×1080: about 40 wall units of column at 10.8 px
		expect(groupsThatFit(432, 10.8, 5)).toBe(1);
		expect(groupsThatFit(52 * 10.8, 10.8, 5)).toBe(1);
		// a 5760×2160 column: 58 units at 21.6 px
		expect(groupsThatFit(58 * 21.6, 21.6, 5)).toBe(2);
		expect(groupsThatFit(200 * 21.6, 21.6, 5)).toBe(5);
		expect(groupsThatFit(0, 10.8, 5)).toBe(1);
		expect(groupsThatFit(100, 0, 5)).toBe(1);
	});
});
