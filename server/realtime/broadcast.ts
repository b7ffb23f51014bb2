import type { Redis } from 'ioredis';
import { WALL_ROOM, type PublishedEvent } from '#contracts/events.ts';
import type { Incident } from '#domain/incident.ts';
import type { Db } from '../db/client.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';
import { outboxRepository, type OutboxEntry } from '../db/repositories/outbox.repository.ts';
import type { Logger } from '../logger.ts';
import type { IoServer } from './relay.ts';

export type { PublishedEvent };

/** a channel of its own: a process of the version that sent whole batches on `outbox:published` never sees these */
export const publishedChannel = (prefix: string) => `${prefix}:outbox:range`;

const READ_BATCH = 500;

export interface BroadcastDeps {
	io: IoServer;
	redis: Redis;
	db: Db;
	prefix: string;
	selfId: string;
	logger: Logger;
	toIncident(row: IncidentRow): Incident;
}

/** Outbox rows as screens receive them: the event name, the seq and the incident's wall view. */
export function toPublished(rows: readonly OutboxEntry[], toIncident: (row: IncidentRow) => Incident): PublishedEvent[] {
	return rows.map((r) => ({ type: r.event, seq: r.seq, incident: toIncident(r.incident) }));
}

/** Emits rows to the screens connected to this process only, in the given (seq) order. */
export function emitLocal(io: IoServer, rows: readonly OutboxEntry[], toIncident: (row: IncidentRow) => Incident): void {
	// Socket.IO encodes a packet before it looks for receivers, and a wall view takes building: a process with no
	// screen skips both (a bulk load's sender that asked for a minimal answer then never needs the views at all)
	if (!hasScreens(io)) return;
	const room = io.local.to(WALL_ROOM);
	for (const e of toPublished(rows, toIncident)) room.emit(e.type, { seq: e.seq, incident: e.incident });
}

const hasScreens = (io: IoServer) => (io.sockets.adapter.rooms.get(WALL_ROOM)?.size ?? 0) > 0;

/**
 * Shows the leading relay's batches on every screen: this process's directly; to the other processes it says which
 * seqs it published (one short Redis message per batch: the sender's id, then `from-to`), and each of them that has
 * screens reads those rows from the database and emits them, in order.
 *
 * Not the batch itself: encoding every incident of a burst for Redis, and writing it there, took a seventh of the
 * leading process's ingest throughput, for nothing when it is the only process (the demo, a small МЦУ). Not
 * `io.serverSideEmit` either: every process, the sender too, parses such a message whole before it looks at who
 * sent it.
 */
export class Broadcast {
	readonly #deps: BroadcastDeps;
	readonly #channel: string;
	readonly #self: Buffer;
	/** seqs announced and not read yet: consecutive batches follow on, so one range holds them all */
	#pending: { from: number; to: number } | null = null;
	#reading: Promise<void> | null = null;

	constructor(deps: BroadcastDeps) {
		this.#deps = deps;
		this.#channel = publishedChannel(deps.prefix);
		this.#self = Buffer.from(deps.selfId);
	}

	/** in seq order; one connection publishes, so the other processes see the batches in that order too */
	publish(rows: readonly OutboxEntry[]): void {
		if (rows.length === 0) return;
		emitLocal(this.#deps.io, rows, this.#deps.toIncident);
		const range = `${this.#deps.selfId}${rows[0].seq}-${rows[rows.length - 1].seq}`;
		this.#deps.redis.publish(this.#channel, range).catch(() => {
			// the other processes' screens see a gap at the next event and ask for it (sync:request)
		});
	}

	/** Shows on this process's screens the batches another process's relay published. */
	async listen(subscriber: Redis): Promise<void> {
		await subscriber.subscribe(this.#channel);
		const channel = Buffer.from(this.#channel);
		subscriber.on('messageBuffer', (from: Buffer, message: Buffer) => {
			if (!from.equals(channel) || this.#self.compare(message, 0, this.#self.length) === 0) return;
			const [first, last] = message.toString('latin1', this.#self.length).split('-').map(Number);
			if (Number.isSafeInteger(first) && Number.isSafeInteger(last) && first <= last) this.#follow(first, last);
		});
	}

	/** Lets a read in progress finish (shutdown). */
	async stop(): Promise<void> {
		this.#pending = null;
		await this.#reading;
	}

	#follow(from: number, to: number): void {
		// no screen here: nothing to read. One that joins later reads its sync after joining, and these rows were
		// committed before they were announced, so the sync has them
		if (!hasScreens(this.#deps.io)) return;
		this.#pending = this.#pending ? { from: Math.min(from, this.#pending.from), to: Math.max(to, this.#pending.to) } : { from, to };
		this.#reading ??= this.#readPending().finally(() => (this.#reading = null));
	}

	async #readPending(): Promise<void> {
		const { db, io, toIncident, logger } = this.#deps;
		try {
			for (let range = this.#pending; range; range = this.#pending) {
				this.#pending = null;
				for (let after = range.from - 1; after < range.to; ) {
					const rows = await outboxRepository.readAfter(db, after, READ_BATCH, range.to);
					if (rows.length === 0) break;
					emitLocal(io, rows, toIncident);
					after = rows[rows.length - 1].seq;
				}
			}
		} catch (err) {
			// as with a lost message: the screens ask for what they missed at the next event
			logger.warn({ err }, 'reading a published batch failed');
		}
	}
}
