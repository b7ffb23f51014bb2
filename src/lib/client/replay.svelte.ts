import { WallReplaySchema, type WallReplay } from '#domain/wall/api.ts';
import {
	clampSpeed,
	createReplayClock,
	pause,
	replayAt,
	replayDone,
	replayProgress,
	resume,
	seek,
	withSpeed,
	type ReplayClock
} from '#domain/wall/replay-clock.ts';

export type ReplayPhase = 'live' | 'loading' | 'playing' | 'paused' | 'ended' | 'error';

/** one replayed point; `t` is seconds after the replay's start (deck.gl's per-row time attribute) */
export interface ReplayPoint {
	id: string;
	position: [number, number];
	t: number;
	block: string | null;
	closed: boolean;
}

export interface ReplayData {
	fromMs: number;
	toMs: number;
	hours: number;
	truncated: boolean;
	points: ReplayPoint[];
}

export interface ReplayStateView {
	phase: ReplayPhase;
	hours: number | null;
	speed: number;
	/** replayed instant (ISO) or null when live */
	at: string | null;
	progress: number;
	points: number;
	truncated: boolean;
}

// the map redraws at most this often while replaying; the label at most every 250 ms
const FRAME_MS = 33;
const LABEL_MS = 250;
/** after the end the last frame stays this long, then the wall is live again */
export const END_HOLD_MS = 3_000;

/**
 * Replay of the last 24 h or 7 days: fetches compact points once, then a pure clock (src/lib/domain/wall)
 * maps wall time to replayed time. The map reads `seconds` (replayed seconds after `from`) every frame and hands
 * it to its layer as a uniform: no buffer is rebuilt while the replay runs.
 */
export class Replay {
	phase = $state<ReplayPhase>('live');
	data = $state.raw<ReplayData | null>(null);
	clock = $state.raw<ReplayClock | null>(null);
	/** replayed seconds after the start; changes every frame while playing */
	seconds = $state(0);
	/** replayed instant for labels, updated a few times a second */
	atMs = $state<number | null>(null);
	speed = $state(600);
	error = $state<string | null>(null);

	#raf = 0;
	#lastFrame = 0;
	#lastLabel = 0;
	#endTimer: ReturnType<typeof setTimeout> | null = null;
	#abort: AbortController | null = null;
	/** called when the replay starts and when it ends (the scenes hold their rotation meanwhile) */
	onactive: ((active: boolean) => void) | null = null;

	get active(): boolean {
		return this.phase !== 'live';
	}

	async start(hours: number, speed = 600): Promise<void> {
		this.#reset();
		const h = hours >= 168 ? 168 : 24;
		this.speed = clampSpeed(speed);
		this.phase = 'loading';
		this.onactive?.(true);
		const abort = (this.#abort = new AbortController());
		try {
			const res = await fetch(`/api/v1/wall/replay?hours=${h}`, { signal: abort.signal });
			const body = WallReplaySchema.parse(await res.json());
			if (abort.signal.aborted) return;
			this.data = toData(body);
			this.clock = createReplayClock({ fromMs: this.data.fromMs, toMs: this.data.toMs, speed: this.speed, nowMs: performance.now() });
			this.seconds = 0;
			this.atMs = this.data.fromMs;
			this.phase = 'playing';
			this.#loop();
		} catch (err) {
			if (abort.signal.aborted) return;
			this.error = String(err);
			this.phase = 'error';
			this.#endTimer = setTimeout(() => this.stop(), END_HOLD_MS);
		}
	}

	/** back to live at once */
	stop(): void {
		const was = this.active;
		this.#reset();
		this.phase = 'live';
		this.data = null;
		this.clock = null;
		this.atMs = null;
		this.seconds = 0;
		if (was) this.onactive?.(false);
	}

	togglePause(): void {
		if (!this.clock) return;
		const now = performance.now();
		if (this.phase === 'playing') {
			this.clock = pause(this.clock, now);
			this.phase = 'paused';
		} else if (this.phase === 'paused') {
			this.clock = resume(this.clock, now);
			this.phase = 'playing';
			this.#loop();
		}
	}

	setSpeed(speed: number): void {
		this.speed = clampSpeed(speed);
		if (this.clock) this.clock = withSpeed(this.clock, this.speed, performance.now());
	}

	/** jumps to a share (0..1) of the replayed span */
	seekTo(share: number): void {
		if (!this.clock) return;
		const c = this.clock;
		this.clock = seek(c, c.fromMs + Math.min(1, Math.max(0, share)) * (c.toMs - c.fromMs), performance.now());
		if (this.phase === 'ended') {
			if (this.#endTimer) clearTimeout(this.#endTimer);
			this.#endTimer = null;
			this.phase = 'playing';
		}
		this.#frame(performance.now(), true);
		if (this.phase === 'playing') this.#loop();
	}

	view(): ReplayStateView {
		const c = this.clock;
		return {
			phase: this.phase,
			hours: this.data?.hours ?? null,
			speed: this.speed,
			at: c ? new Date(replayAt(c, performance.now())).toISOString() : null,
			progress: c ? replayProgress(c, performance.now()) : 0,
			points: this.data?.points.length ?? 0,
			truncated: this.data?.truncated ?? false
		};
	}

	#loop(): void {
		if (this.#raf) return;
		const tick = (t: number) => {
			this.#raf = 0;
			if (this.phase !== 'playing') return;
			if (t - this.#lastFrame >= FRAME_MS) this.#frame(t, false);
			if (this.phase === 'playing') this.#raf = requestAnimationFrame(tick);
		};
		this.#raf = requestAnimationFrame(tick);
	}

	#frame(now: number, force: boolean): void {
		const c = this.clock;
		if (!c) return;
		this.#lastFrame = now;
		const at = replayAt(c, now);
		this.seconds = (at - c.fromMs) / 1000;
		if (force || now - this.#lastLabel >= LABEL_MS) {
			this.#lastLabel = now;
			this.atMs = at;
		}
		if (this.phase === 'playing' && replayDone(c, now)) {
			this.atMs = c.toMs;
			this.phase = 'ended';
			this.#endTimer = setTimeout(() => this.stop(), END_HOLD_MS);
		}
	}

	#reset(): void {
		this.#abort?.abort();
		this.#abort = null;
		if (this.#raf) cancelAnimationFrame(this.#raf);
		this.#raf = 0;
		if (this.#endTimer) clearTimeout(this.#endTimer);
		this.#endTimer = null;
		this.error = null;
	}
}

function toData(body: WallReplay): ReplayData {
	const p = body.points;
	const closedIndex = body.statuses.indexOf('closed');
	const points: ReplayPoint[] = new Array(p.id.length);
	for (let i = 0; i < p.id.length; i++) {
		points[i] = { id: p.id[i], position: [p.lon[i], p.lat[i]], t: p.t[i], block: p.block[i] >= 0 ? body.blocks[p.block[i]] : null, closed: p.status[i] === closedIndex };
	}
	return { fromMs: Date.parse(body.from), toMs: Date.parse(body.to), hours: body.hours, truncated: body.truncated, points };
}

export const replay = new Replay();
