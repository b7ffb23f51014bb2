/**
 * `metrics:update` to the walls, coalesced: at most one every 2 s across every worker process (a Redis key with a
 * 2 s expiry decides who may send), with a trailing push so the last change is never left out. Workers have no
 * Socket.IO server: they emit through the Redis adapter's channel with the same typed event map.
 */
import { Emitter } from '@socket.io/redis-emitter';
import { WALL_ROOM, type ServerToClientEvents } from '#contracts/events.ts';
import type { MetricsUpdate } from '#contracts/metrics.ts';
import { startOfLocalDay } from '#domain/sla.ts';
import type { AppContext } from '../context.ts';
import { createRedis, publishingWithoutRejection, type Redis } from '../redis.ts';
import { metricsRepository } from './metrics.repository.ts';

export const PUSH_INTERVAL_MS = 2000;
const HOUR_MS = 3_600_000;

export class MetricsPusher {
	readonly #ctx: AppContext;
	readonly #redis: Redis;
	readonly #emitter: Emitter<ServerToClientEvents>;
	#timer: NodeJS.Timeout | null = null;
	#closed = false;
	#dirty = false;
	/** pushes sent by this process */
	sent = 0;

	constructor(ctx: AppContext) {
		this.#ctx = ctx;
		this.#redis = publishingWithoutRejection(createRedis(ctx.config.redis.url, 'producer'));
		this.#emitter = new Emitter<ServerToClientEvents>(this.#redis, { key: `${ctx.config.redis.prefix}:sio` });
	}

	/** The aggregates changed: push soon (now, or when the 2 s slot frees up). */
	dirty(): void {
		this.#dirty = true;
		if (this.#closed || this.#timer) return;
		this.#timer = setTimeout(() => void this.#fire(), 0);
	}

	async #fire(): Promise<void> {
		const { config, logger } = this.#ctx;
		const key = `${config.redis.prefix}:metrics:push`;
		try {
			const wait = await this.#redis.pttl(key);
			if (wait > 0) return this.#rearm(wait + 5);
			// build first, then take the 2 s slot and emit at once: the slot's start is the emit's time
			this.#dirty = false;
			const update = await buildMetricsUpdate(this.#ctx);
			if ((await this.#redis.set(key, '1', 'PX', PUSH_INTERVAL_MS, 'NX')) !== 'OK') return this.#rearm(20);
			this.#timer = null;
			this.#emitter.to(WALL_ROOM).emit('metrics:update', update);
			this.sent++;
			// changes that came in while this one was built: a trailing push in the next slot
			if (this.#dirty) this.#rearm(PUSH_INTERVAL_MS);
		} catch (err) {
			this.#timer = null;
			logger.warn({ err }, 'metrics push failed');
		}
	}

	#rearm(ms: number): void {
		this.#timer = this.#closed ? null : setTimeout(() => void this.#fire(), Math.max(20, ms));
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		// quit, not disconnect: a publish still in flight completes instead of rejecting unhandled
		await this.#redis.quit().catch(() => this.#redis.disconnect());
	}
}

/** Today's hourly counts from the cube. */
export async function buildMetricsUpdate(ctx: Pick<AppContext, 'db' | 'calendar' | 'now'>): Promise<MetricsUpdate> {
	const now = ctx.now();
	const start = startOfLocalDay(now, ctx.calendar.timeZone);
	const hourly = await metricsRepository.hourly(ctx.db, start, new Date(start.getTime() + 24 * HOUR_MS));
	const { seq } = await metricsRepository.cursor(ctx.db);
	return { at: now.toISOString(), seq, today: { startAt: start.toISOString(), hourly, total: hourly.reduce((a, b) => a + b, 0) } };
}

const pushers = new WeakMap<AppContext, MetricsPusher>();

/** One pusher per context (the workers of a process share it). */
export function metricsPusherOf(ctx: AppContext): MetricsPusher {
	let p = pushers.get(ctx);
	if (!p) pushers.set(ctx, (p = new MetricsPusher(ctx)));
	return p;
}

export async function closeMetricsPusher(ctx: AppContext): Promise<void> {
	const p = pushers.get(ctx);
	pushers.delete(ctx);
	await p?.close();
}
