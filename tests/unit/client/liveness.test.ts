import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Liveness, SILENCE_MARGIN_MS } from '../../../src/lib/client/liveness.ts';
import { PING_INTERVAL_MS, PING_TIMEOUT_MS } from '../../../src/lib/contracts/events.ts';

describe('connection liveness', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	/** a watchdog on a connection that has just opened */
	function watching(now?: () => number) {
		const onSilence = vi.fn();
		const liveness = new Liveness(onSilence, now);
		liveness.start();
		return { liveness, onSilence };
	}

	it('keeps a connection that is busy delivering events while the ping waits behind them', () => {
		const { liveness, onSilence } = watching();
		// a minute of a burst: events every 200 ms, no ping gets through
		for (let t = 0; t < 60_000; t += 200) {
			vi.advanceTimersByTime(200);
			liveness.touch();
		}
		expect(onSilence).not.toHaveBeenCalled();
		liveness.stop();
	});

	it('gives up on a silent connection after the ping interval and the margin, once', () => {
		const { onSilence } = watching();
		vi.advanceTimersByTime(PING_INTERVAL_MS + SILENCE_MARGIN_MS);
		expect(onSilence).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1000);
		expect(onSilence).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(60_000);
		expect(onSilence).toHaveBeenCalledTimes(1);
	});

	it('decides before the server would: its pong timeout is longer than the watchdog', () => {
		expect(PING_INTERVAL_MS + SILENCE_MARGIN_MS).toBeLessThan(PING_INTERVAL_MS + PING_TIMEOUT_MS);
	});

	it('does not count a page too busy to read its socket as silence', () => {
		let clock = 0;
		const { liveness, onSilence } = watching(() => clock);
		clock += 3000;
		vi.advanceTimersByTime(3000);
		// a 20-second long task: no timer and no message ran meanwhile
		clock += 20_000;
		vi.advanceTimersByTime(1000);
		expect(onSilence).not.toHaveBeenCalled();
		// the messages that queued up arrive right after
		liveness.touch();
		clock += 5000;
		vi.advanceTimersByTime(5000);
		expect(onSilence).not.toHaveBeenCalled();
		liveness.stop();
	});

	it('watches nothing between connections', () => {
		const { liveness, onSilence } = watching();
		liveness.stop();
		vi.advanceTimersByTime(120_000);
		expect(onSilence).not.toHaveBeenCalled();
	});
});
