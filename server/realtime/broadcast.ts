import { WALL_ROOM } from '#contracts/events.ts';
import type { Incident } from '#domain/incident.ts';
import type { OutboxEventName } from '../db/repositories/outbox.repository.ts';
import type { IoServer } from './relay.ts';

export interface PublishedEvent {
	type: OutboxEventName;
	seq: number;
	incident: Incident;
}

/** Where the leading relay hands a published batch to the screens of every other server process. */
export const publishedChannel = (prefix: string) => `${prefix}:outbox:published`;

/**
 * One Redis message per published batch instead of one adapter publish per event: the Socket.IO Redis adapter
 * encodes and publishes every emit on its own, which cost the relay more than everything else at high rates.
 * The message starts with the sender's id, so a process skips its own batch without decoding it.
 */
export function encodeBatch(senderId: string, events: PublishedEvent[]): string {
	return `${senderId}\n${JSON.stringify(events)}`;
}

/** The events of another process's batch; null for this process's own. */
export function decodeBatch(ownId: string, message: string): PublishedEvent[] | null {
	const cut = message.indexOf('\n');
	if (cut < 0 || message.slice(0, cut) === ownId) return null;
	return JSON.parse(message.slice(cut + 1)) as PublishedEvent[];
}

/** Emits to the screens connected to this process only, in the given (seq) order. */
export function emitLocal(io: IoServer, events: PublishedEvent[]): void {
	const room = io.local.to(WALL_ROOM);
	for (const e of events) room.emit(e.type, { seq: e.seq, incident: e.incident });
}
