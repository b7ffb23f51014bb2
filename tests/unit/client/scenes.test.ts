import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scenes } from '../../../src/lib/client/scenes.svelte.ts';

describe('the scenes rune class', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('rotates on schedule, holds while pinned and while a replay runs, with one timer at a time', () => {
		const s = new Scenes();
		s.start([
			{ scene: 'live', durationMs: 10_000 },
			{ scene: 'per1000', durationMs: 20_000 }
		]);
		expect(s.current).toBe('live');
		vi.advanceTimersByTime(10_000);
		expect(s.current).toBe('per1000');
		vi.advanceTimersByTime(20_000);
		expect(s.current).toBe('live');
		s.pin('hexagons');
		vi.advanceTimersByTime(120_000);
		expect(s.current).toBe('hexagons');
		expect(vi.getTimerCount()).toBe(0);
		s.unpin();
		expect(s.current).toBe('live');
		s.hold(true);
		vi.advanceTimersByTime(60_000);
		expect(s.current).toBe('live');
		s.hold(false);
		expect(vi.getTimerCount()).toBe(1);
		vi.advanceTimersByTime(10_000);
		expect(s.current).toBe('per1000');
		s.filterBlock('housing');
		expect(s.block).toBe('housing');
		s.stop();
		expect(vi.getTimerCount()).toBe(0);
	});
});
