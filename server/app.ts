import type http from 'node:http';
import type { Config } from './config.ts';
import { createContext, type AppContext, type ContextOptions } from './context.ts';
import { setAppContext } from './app-context.ts';
import { attachRealtime } from './realtime/attach.ts';
import { OutboxRelay, type IoServer } from './realtime/relay.ts';
import { createRedis, publishingWithoutRejection } from './redis.ts';
import { startWorkers, type WorkersHandle } from '../workers/start.ts';
import { outboxRepository } from './db/repositories/outbox.repository.ts';
import { settleWithin } from './settle.ts';

/** how long closing waits for the http server's last connections (the caller closes them once answered) */
const IO_CLOSE_MS = 3000;

export interface App {
	ctx: AppContext;
	io: IoServer;
	relay: OutboxRelay;
	workers: WorkersHandle | null;
	/** stop accepting is the caller's (http server); this drains the outbox, closes sockets, lets jobs finish */
	close(): Promise<void>;
}

/** Wires storage, realtime, the relay and (optionally) in-process workers onto an http server. */
export async function startApp(config: Config, httpServer: http.Server, opts: ContextOptions = {}): Promise<App> {
	const ctx = await createContext(config, opts);
	const pub = publishingWithoutRejection(createRedis(config.redis.url, 'consumer'));
	const sub = createRedis(config.redis.url, 'consumer');
	const pokeSub = createRedis(config.redis.url, 'consumer');
	const io = attachRealtime(httpServer, {
		pub,
		sub,
		prefix: config.redis.prefix,
		logger: ctx.logger,
		sync: {
			db: ctx.db,
			toIncident: ctx.toIncident,
			stats: ctx.stats,
			maxCatchUpEvents: config.maxCatchUpEvents,
			window: { days: config.wall.windowDays, maxPoints: config.wall.maxPoints },
			now: ctx.now
		}
	});
	const relay = new OutboxRelay({
		db: ctx.db,
		redis: ctx.redis,
		subscriber: pokeSub,
		prefix: config.redis.prefix,
		selfId: ctx.instanceId,
		io,
		queues: ctx.queues,
		logger: ctx.logger,
		toIncident: ctx.toIncident,
		stats: ctx.stats
	});
	ctx.onOutbox = (committed) => relay.poke(committed);
	ctx.metrics.setCollectors({
		sockets: () => io.engine.clientsCount,
		outboxLag: async () => (await outboxRepository.maxSeq(ctx.db)) - (await outboxRepository.cursor(ctx.db))
	});
	await relay.start();
	const workers = config.runWorkers ? await startWorkers(ctx) : null;
	setAppContext(ctx);

	let closing: Promise<void> | null = null;
	return {
		ctx,
		io,
		relay,
		workers,
		close: () =>
			(closing ??= (async () => {
				await workers?.close();
				await relay.stop();
				// io.close ends when the http server has no connection left; one that outlives the caller's closing
				// must not hold the rest of the shutdown (the caller destroys it after this), but it is worth a line
				if (!(await settleWithin(new Promise<void>((resolve) => io.close(() => resolve())), IO_CLOSE_MS))) {
					const open = await new Promise<number>((resolve) => httpServer.getConnections((_err, n) => resolve(n ?? -1)));
					ctx.logger.warn({ connections: open }, `the http server still had connections ${IO_CLOSE_MS} ms into closing; going on`);
				}
				pub.disconnect();
				sub.disconnect();
				pokeSub.disconnect();
				setAppContext(undefined);
				await ctx.close();
			})())
	};
}
