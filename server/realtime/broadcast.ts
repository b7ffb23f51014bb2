import { WALL_ROOM, type PublishedEvent } from '#contracts/events.ts';
import type { IoServer } from './relay.ts';

export type { PublishedEvent };

/** Emits to the screens connected to this process only, in the given (seq) order. */
export function emitLocal(io: IoServer, events: PublishedEvent[]): void {
	const room = io.local.to(WALL_ROOM);
	for (const e of events) room.emit(e.type, { seq: e.seq, incident: e.incident });
}

/**
 * Shows a published batch on every screen: this process's directly, the other processes' through the Socket.IO
 * Redis adapter as one inter-server message per batch. (An adapter broadcast per event encodes and publishes
 * each emit on its own, which cost the relay more than everything else at high ingest rates.)
 */
export function broadcast(io: IoServer, events: PublishedEvent[]): void {
	emitLocal(io, events);
	io.serverSideEmit('outbox:published', events);
}

/** Every process shows on its screens the batches another process's relay published. */
export function listenForPublished(io: IoServer): void {
	io.on('outbox:published', (events) => emitLocal(io, events));
}
