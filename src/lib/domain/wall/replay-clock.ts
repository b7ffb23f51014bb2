/**
 * The replay clock: maps wall time to replayed time. Pure and immutable; the browser asks it every frame.
 *
 * Replayed time runs from `fromMs` to `toMs` at `speed` × real time; `at(now)` clamps to `toMs` and `done(now)`
 * tells the wall to go back to live. Seeking or changing speed makes a new clock anchored at the current position.
 */
export const REPLAY_SPEEDS = [60, 120, 300, 600, 1200, 3600] as const;
export const REPLAY_HOURS = [24, 168] as const;
export type ReplayHours = (typeof REPLAY_HOURS)[number];

export interface ReplayClock {
	readonly fromMs: number;
	readonly toMs: number;
	readonly speed: number;
	/** wall time at which the clock stood at `anchorMs` */
	readonly startedAtMs: number;
	/** replayed time at `startedAtMs` */
	readonly anchorMs: number;
	readonly paused: boolean;
}

export function clampSpeed(speed: number): number {
	if (!Number.isFinite(speed)) return 600;
	return Math.min(3600, Math.max(60, Math.round(speed)));
}

export function createReplayClock(o: { fromMs: number; toMs: number; speed: number; nowMs: number }): ReplayClock {
	if (!(o.toMs > o.fromMs)) throw new RangeError('replay needs toMs > fromMs');
	return { fromMs: o.fromMs, toMs: o.toMs, speed: clampSpeed(o.speed), startedAtMs: o.nowMs, anchorMs: o.fromMs, paused: false };
}

/** replayed time at wall time `nowMs`, within [fromMs, toMs] */
export function replayAt(c: ReplayClock, nowMs: number): number {
	if (c.paused) return c.anchorMs;
	const t = c.anchorMs + Math.max(0, nowMs - c.startedAtMs) * c.speed;
	return Math.min(c.toMs, Math.max(c.fromMs, t));
}

/** 0..1 along the replayed span */
export function replayProgress(c: ReplayClock, nowMs: number): number {
	return (replayAt(c, nowMs) - c.fromMs) / (c.toMs - c.fromMs);
}

export function replayDone(c: ReplayClock, nowMs: number): boolean {
	return replayAt(c, nowMs) >= c.toMs;
}

/** jumps to a replayed instant (the slider); keeps speed and pause */
export function seek(c: ReplayClock, toReplayMs: number, nowMs: number): ReplayClock {
	return { ...c, anchorMs: Math.min(c.toMs, Math.max(c.fromMs, toReplayMs)), startedAtMs: nowMs };
}

export function withSpeed(c: ReplayClock, speed: number, nowMs: number): ReplayClock {
	return { ...c, speed: clampSpeed(speed), anchorMs: replayAt(c, nowMs), startedAtMs: nowMs };
}

export function pause(c: ReplayClock, nowMs: number): ReplayClock {
	return c.paused ? c : { ...c, anchorMs: replayAt(c, nowMs), startedAtMs: nowMs, paused: true };
}

export function resume(c: ReplayClock, nowMs: number): ReplayClock {
	return c.paused ? { ...c, startedAtMs: nowMs, paused: false } : c;
}

/** wall milliseconds the whole replay lasts at its speed */
export function replayDurationMs(c: Pick<ReplayClock, 'fromMs' | 'toMs' | 'speed'>): number {
	return (c.toMs - c.fromMs) / c.speed;
}
