import type { Incident, WallStats } from '#domain/incident.ts';
import type { MapPoints } from '#domain/wall/map-points.ts';
import type { MetricsUpdate } from './metrics.ts';

/** One outbox row as it reaches a screen: `seq` is the outbox's monotonic sequence number. */
export interface IncidentEvent {
	seq: number;
	incident: Incident;
}

/** What a screen receives once per (re)connection, before any live event is applied. */
export interface SyncPayload {
	/** events after the client's `sinceSeq`, in order (empty when a snapshot is sent) */
	events: PublishedEvent[];
	/**
	 * the bounded window when the client had no usable `sinceSeq`: its newest incidents whole, newest first, and
	 * the older ones in `points`
	 */
	snapshot: Incident[] | null;
	/** the rest of the snapshot's window, older than every incident in `snapshot`: only what the map and the counts read */
	points: MapPoints | null;
	/** every event up to this seq is covered by this payload; live events above it follow */
	upTo: number;
	stats: WallStats;
	serverTime: string;
}

export interface ServerToClientEvents {
	'incident:created': (e: IncidentEvent) => void;
	'incident:updated': (e: IncidentEvent) => void;
	'stats:updated': (e: { seq: number; stats: WallStats }) => void;
	sync: (p: SyncPayload) => void;
	/** coalesced, at most every 2 s: the metric aggregates moved (issue 6) */
	'metrics:update': (e: MetricsUpdate) => void;
}

export interface ClientToServerEvents {
	/** a screen that saw a gap asks again; answered through the ack */
	'sync:request': (sinceSeq: number, ack: (p: SyncPayload) => void) => void;
}

/** One published outbox row with its event name, as a sync payload lists it and the relay emits it. */
export type PublishedEvent = IncidentEvent & { type: 'incident:created' | 'incident:updated' };

/**
 * Between server processes through Socket.IO (`io.serverSideEmit`): none. The leading relay announces the seq range
 * of each batch on a Redis channel of its own, and the other processes read the rows (server/realtime/broadcast.ts).
 */
export type InterServerEvents = Record<never, never>;

export interface SocketData {
	sinceSeq: number | null;
}

/** Handshake auth a screen sends: `io(url, { auth: { sinceSeq } })`. */
export interface HandshakeAuth {
	sinceSeq?: number;
	screen?: 'wall' | 'tablet' | 'duty';
}

export const WALL_ROOM = 'wall';

/** the server pings every screen this often: a live connection is never silent for longer */
export const PING_INTERVAL_MS = 10_000;
/**
 * how long the server waits for a pong. Long, because a screen working through a burst answers a ping only after
 * every event queued before it; a silent connection is the screen's own watchdog's to close (client/liveness.ts)
 */
export const PING_TIMEOUT_MS = 30_000;
