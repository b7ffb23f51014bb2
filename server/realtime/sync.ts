import type { SyncPayload } from '#contracts/events.ts';
import type { Incident, WallStats } from '#domain/incident.ts';
import { encodeMapPoints } from '#domain/wall/map-points.ts';
import type { Db } from '../db/client.ts';
import { incidentRepository, type IncidentRow } from '../db/repositories/incident.repository.ts';
import { outboxRepository } from '../db/repositories/outbox.repository.ts';
import { toPublished } from './broadcast.ts';

export interface SyncDeps {
	db: Db;
	toIncident(row: IncidentRow): Incident;
	stats(): Promise<WallStats>;
	maxCatchUpEvents: number;
	window: { days: number; maxPoints: number };
	now(): Date;
}

/**
 * What a screen gets on (re)connection. Call it after the socket joined the room. It reaches up to the newest
 * committed seq, not the relay's cursor: the relay shows a batch before it moves its cursor, so a row above the
 * cursor may already have been emitted before the join. Every row above the seq read here commits after the read,
 * so it is emitted after the join and arrives live; the overlap is dropped by seq on the screen.
 */
export async function buildSync(deps: SyncDeps, sinceSeq: number | null): Promise<SyncPayload> {
	const { db } = deps;
	const upTo = await outboxRepository.maxSeq(db);
	const usable = sinceSeq !== null && sinceSeq <= upTo && upTo - sinceSeq <= deps.maxCatchUpEvents;
	const stats = await deps.stats();
	const serverTime = deps.now().toISOString();
	if (usable) {
		const rows = sinceSeq < upTo ? await outboxRepository.readAfter(db, sinceSeq, deps.maxCatchUpEvents, upTo) : [];
		return {
			events: toPublished(rows, deps.toIncident),
			snapshot: null,
			points: null,
			upTo: Math.max(upTo, sinceSeq),
			stats,
			serverTime
		};
	}
	const since = new Date(deps.now().getTime() - deps.window.days * 86_400_000);
	const whole = Math.min(SNAPSHOT_WITH_WORDS, deps.window.maxPoints);
	const rows = await incidentRepository.window(db, since, whole);
	// read after the newest: a row committed in between pushes one row into both reads, and the screen keeps one
	const older = deps.window.maxPoints > whole ? await incidentRepository.mapWindow(db, since, whole, deps.window.maxPoints - whole) : [];
	return { events: [], snapshot: rows.map(deps.toIncident), points: encodeMapPoints(older), upTo, stats, serverTime };
}

/**
 * A screen lists the words of its newest incidents only; the rest of a snapshot (up to the window's 20k rows) feeds
 * the map and the counts, and travels as columns of what they read (`MapPoints`): about a ninth of whole incidents,
 * which a wall waits for before its first frame. A later `incident:updated` brings an incident whole.
 */
export const SNAPSHOT_WITH_WORDS = 200;
