import { PING_INTERVAL_MS } from '#contracts/events.ts';

const TICK_MS = 1000;

/** silence beyond the server's ping interval after which a connection is taken for dead */
export const SILENCE_MARGIN_MS = 5_000;
const LIMIT_MS = PING_INTERVAL_MS + SILENCE_MARGIN_MS;

/**
 * A connection is alive while anything arrives. Socket.IO's client counts server pings only: during a burst the
 * ping waits behind every event queued before it, so a screen still working through that backlog (thousands of
 * events on a software-rendered wall) closed a connection that was delivering all along, then paid a reconnect
 * and a snapshot. The server's pong timeout is long (PING_TIMEOUT_MS), so this watchdog decides instead: any
 * packet counts, and after the ping interval plus a margin of silence it calls `onSilence` (a pulled cable is
 * noticed within 15 s; it took 20 before).
 */
export class Liveness {
	readonly #onSilence: () => void;
	readonly #now: () => number;
	#last = 0;
	#lastTick = 0;
	#timer: ReturnType<typeof setInterval> | null = null;

	constructor(onSilence: () => void, now: () => number = Date.now) {
		this.#onSilence = onSilence;
		this.#now = now;
	}

	/** something arrived */
	touch(): void {
		this.#last = this.#now();
	}

	/** a connection opened: watch it */
	start(): void {
		this.touch();
		this.#lastTick = this.#now();
		this.#timer ??= setInterval(() => {
			const now = this.#now();
			// a page too busy to run this tick on time could not read its socket either: that time is not silence
			// (after a long task the browser may run this timer before the messages that arrived meanwhile)
			const blocked = now - this.#lastTick - TICK_MS;
			if (blocked > TICK_MS) this.#last += blocked;
			this.#lastTick = now;
			if (now - this.#last <= LIMIT_MS) return;
			this.stop();
			this.#onSilence();
		}, TICK_MS);
	}

	/** the connection closed: nothing to watch until the next one opens */
	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}
}
