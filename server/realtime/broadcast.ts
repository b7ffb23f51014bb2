import type { Redis } from 'ioredis';
import { WALL_ROOM, type PublishedEvent } from '#contracts/events.ts';
import type { IoServer } from './relay.ts';

export type { PublishedEvent };

export const publishedChannel = (prefix: string) => `${prefix}:outbox:published`;

/** Emits to the screens connected to this process only, in the given (seq) order. */
export function emitLocal(io: IoServer, events: PublishedEvent[]): void {
	// Socket.IO encodes a packet before it looks for receivers: a process with no screen skips that work
	if (!io.sockets.adapter.rooms.get(WALL_ROOM)?.size) return;
	const room = io.local.to(WALL_ROOM);
	for (const e of events) room.emit(e.type, { seq: e.seq, incident: e.incident });
}

/**
 * Shows the leading relay's batches on every screen: this process's directly, the other processes' through one
 * Redis message per batch, the sender's id and then the batch's JSON.
 *
 * Not `io.serverSideEmit`: the adapter sends that on a channel every process reads, its own sender included, and
 * each of them parses the whole batch before it looks at who sent it. At a high ingest rate that parse was a
 * fifth of the leading process's time. Here a process drops its own message by its first bytes.
 */
export class Broadcast {
	readonly #io: IoServer;
	readonly #redis: Redis;
	readonly #channel: string;
	readonly #selfId: string;
	readonly #self: Buffer;

	constructor(io: IoServer, redis: Redis, prefix: string, selfId: string) {
		this.#io = io;
		this.#redis = redis;
		this.#channel = publishedChannel(prefix);
		this.#selfId = selfId;
		this.#self = Buffer.from(selfId);
	}

	/** in seq order; one connection publishes, so the other processes see the batches in that order too */
	publish(events: PublishedEvent[]): void {
		emitLocal(this.#io, events);
		this.#redis.publish(this.#channel, this.#selfId + JSON.stringify(events)).catch(() => {
			// the other processes' screens see a gap at the next event and ask for it (sync:request)
		});
	}

	/** Shows on this process's screens the batches another process's relay published. */
	async listen(subscriber: Redis): Promise<void> {
		await subscriber.subscribe(this.#channel);
		const channel = Buffer.from(this.#channel);
		subscriber.on('messageBuffer', (from: Buffer, message: Buffer) => {
			if (!from.equals(channel) || this.#self.compare(message, 0, this.#self.length) === 0) return;
			emitLocal(this.#io, JSON.parse(message.toString('utf8', this.#self.length)) as PublishedEvent[]);
		});
	}
}
