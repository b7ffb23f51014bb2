import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SidePanels } from '../../../src/lib/client/side-panels.svelte.ts';

describe('the side-panel rune class', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('turns on schedule, stops while pinned, jumps on show, with one timer at a time', () => {
		const s = new SidePanels();
		s.start([
			{ panel: 'overdue', durationMs: 10_000 },
			{ panel: 'rating', durationMs: 20_000 },
			{ panel: 'dynamics', durationMs: 5_000 }
		]);
		expect(s.view.shown).toEqual(['overdue']);
		expect(s.view.upcoming).toEqual(['rating', 'dynamics']);
		vi.advanceTimersByTime(10_000);
		expect(s.view.shown).toEqual(['rating']);
		vi.advanceTimersByTime(19_999);
		expect(s.view.shown).toEqual(['rating']);
		vi.advanceTimersByTime(1);
		expect(s.view.shown).toEqual(['dynamics']);

		s.pin('volume');
		expect(s.pinned).toBe('dynamics');
		vi.advanceTimersByTime(120_000);
		expect(s.view.shown).toEqual(['dynamics']);
		expect(vi.getTimerCount()).toBe(0);
		s.unpin();
		expect(vi.getTimerCount()).toBe(1);
		vi.advanceTimersByTime(5_000);
		expect(s.view.shown).toEqual(['overdue']);

		s.show('departments');
		expect(s.view.shown).toEqual(['rating']);
		s.pin('nonsense');
		expect(s.pinned).toBeNull();

		// everything fits: nothing turns
		s.setSlots(3);
		expect(s.view.shown).toEqual(['rating', 'dynamics', 'overdue']);
		expect(vi.getTimerCount()).toBe(0);
		s.setSlots(2);
		expect(vi.getTimerCount()).toBe(1);
		s.stop();
		expect(vi.getTimerCount()).toBe(0);
	});
});
