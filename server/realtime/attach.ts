import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { PING_INTERVAL_MS, PING_TIMEOUT_MS, WALL_ROOM } from '#contracts/events.ts';
import type { Logger } from '../logger.ts';
import type { IoServer } from './relay.ts';
import { buildSync, type SyncDeps } from './sync.ts';

export interface RealtimeDeps {
	pub: Redis;
	sub: Redis;
	prefix: string;
	logger: Logger;
	sync: SyncDeps;
}

const SinceSeq = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** Socket.IO on the given http server, sharing rooms with every other process through Redis. */
export function attachRealtime(httpServer: http.Server, deps: RealtimeDeps): IoServer {
	const io: IoServer = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		pingInterval: PING_INTERVAL_MS,
		pingTimeout: PING_TIMEOUT_MS,
		maxHttpBufferSize: 64 * 1024
	});
	io.adapter(createAdapter(deps.pub, deps.sub, { key: `${deps.prefix}:sio` }));

	io.on('connection', async (socket) => {
		const sinceSeq = SinceSeq(socket.handshake.auth?.sinceSeq);
		socket.data.sinceSeq = sinceSeq;
		// join before reading the cursor: see buildSync
		await socket.join(WALL_ROOM);
		try {
			socket.emit('sync', await buildSync(deps.sync, sinceSeq));
		} catch (err) {
			deps.logger.error({ err }, 'sync failed; closing the socket so the screen retries');
			socket.disconnect(true);
		}

		socket.on('sync:request', async (since, ack) => {
			if (typeof ack !== 'function') return;
			try {
				ack(await buildSync(deps.sync, SinceSeq(since)));
			} catch (err) {
				deps.logger.error({ err }, 'sync:request failed');
			}
		});
	});
	return io;
}
