import { describe, expect, it } from 'vitest';
import {
	clampSpeed,
	createReplayClock,
	pause,
	replayAt,
	replayDone,
	replayDurationMs,
	replayProgress,
	resume,
	seek,
	withSpeed
} from '../../../../src/lib/domain/wall/replay-clock.ts';

const H = 60 * 60 * 1000;
const from = Date.parse('2026-11-22T12:00:00Z');
const to = from + 24 * H;

describe('the replay clock', () => {
	it('runs 24 hours in 144 s at ×600', () => {
		const c = createReplayClock({ fromMs: from, toMs: to, speed: 600, nowMs: 1000 });
		expect(replayDurationMs(c)).toBe(144_000);
		expect(replayAt(c, 1000)).toBe(from);
		expect(replayAt(c, 1000 + 6_000)).toBe(from + H);
		expect(replayProgress(c, 1000 + 72_000)).toBeCloseTo(0.5);
		expect(replayDone(c, 1000 + 143_999)).toBe(false);
		expect(replayDone(c, 1000 + 144_000)).toBe(true);
		expect(replayAt(c, 1000 + 10_000_000)).toBe(to);
	});
	it('keeps speeds between ×60 and ×3600', () => {
		expect(clampSpeed(10)).toBe(60);
		expect(clampSpeed(10_000)).toBe(3600);
		expect(clampSpeed(Number.NaN)).toBe(600);
	});
	it('seeks, pauses and changes speed from where it stands', () => {
		let c = createReplayClock({ fromMs: from, toMs: to, speed: 3600, nowMs: 0 });
		c = seek(c, from + 12 * H, 5_000);
		expect(replayAt(c, 5_000)).toBe(from + 12 * H);
		expect(replayAt(c, 6_000)).toBe(from + 13 * H);
		c = pause(c, 6_000);
		expect(replayAt(c, 60_000)).toBe(from + 13 * H);
		c = resume(c, 60_000);
		c = withSpeed(c, 60, 60_000);
		expect(replayAt(c, 61_000)).toBe(from + 13 * H + 60_000);
	});
	it('refuses an empty span', () => {
		expect(() => createReplayClock({ fromMs: to, toMs: from, speed: 600, nowMs: 0 })).toThrow(RangeError);
	});
});
