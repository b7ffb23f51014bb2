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
