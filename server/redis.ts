import { Redis, type RedisOptions } from 'ioredis';

export { Redis };

/**
 * Producers fail fast (a request waits at most one reconnect); blocking consumers (BullMQ workers,
 * pub/sub) wait forever, as BullMQ requires `maxRetriesPerRequest: null`.
 */
export function createRedis(url: string, role: 'producer' | 'consumer'): Redis {
	const opts: RedisOptions =
		role === 'producer'
			? { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false }
			: { maxRetriesPerRequest: null, enableReadyCheck: false };
	const client = new Redis(url, opts);
	// errors surface through commands and /readyz; without a listener ioredis would print every retry
	client.on('error', () => {});
	return client;
}

/**
 * For a client that Socket.IO's Redis adapter or emitter publishes through: they do not await a publish, so one that
 * fails (the connection closed at shutdown, under an emit still on its way) rejected unhandled and ended the process
 * with an error. Such an emit is lost as on a dropped connection: the screens catch up with the next one.
 */
export function publishingWithoutRejection(client: Redis): Redis {
	const publish = client.publish.bind(client);
	client.publish = ((...args: Parameters<typeof publish>) => publish(...args).catch(() => 0)) as typeof publish;
	return client;
}
