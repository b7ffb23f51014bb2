import http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import { createRedis, publishingWithoutRejection } from '../../server/redis.ts';

let redis: PrivateRedis;
beforeAll(async () => {
	redis = await startPrivateRedis();
});
afterAll(async () => {
	await redis?.stop();
});

describe('an emit through the Redis adapter racing shutdown', () => {
	it('rejects nothing unhandled when the publishing connection closes under it (a server process would exit with an error)', async () => {
		const pub = publishingWithoutRejection(createRedis(redis.url, 'consumer'));
		const sub = createRedis(redis.url, 'consumer');
		const io = new Server(http.createServer());
		io.adapter(createAdapter(pub, sub, { key: `t${Date.now()}:sio` }));
		await new Promise((r) => setTimeout(r, 100));
		// what the relay's last counters emit met at shutdown: the adapter publishes without awaiting, then the
		// connection closes. An unhandled rejection fails this run (vitest reports it), as it ended the server
		io.to('wall').emit('stats:updated', { seq: 1 });
		pub.disconnect();
		await new Promise((r) => setTimeout(r, 200));
		// the lost publish reads as nobody listening
		expect(await pub.publish('any', 'message')).toBe(0);
		// in the server's order: the adapter unsubscribes as io closes, before its connection goes
		await new Promise<void>((resolve) => io.close(() => resolve()));
		sub.disconnect();
	});
});
