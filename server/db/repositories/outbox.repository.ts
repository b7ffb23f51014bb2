import { sql } from 'kysely';
import type { Db } from '../client.ts';
import type { IncidentRow } from './incident.repository.ts';

export type OutboxEventName = 'incident:created' | 'incident:updated';
export interface OutboxEntry {
	seq: number;
	event: OutboxEventName;
	incident: IncidentRow;
}

export const outboxRepository = {
	/** Rows with after < seq <= upTo (when given), in seq order, with the incident's current state. */
	async readAfter(db: Db, after: number, limit: number, upTo?: number): Promise<OutboxEntry[]> {
		// each row's incident by its key, never a join over the whole table: before its first ANALYZE a young database
		// made the planner hash every incident for each read (22–30 ms at 7,000 incidents, about ten reads a second
		// at a live pace, and growing with the table). `limit 1` keeps the planner from flattening the lateral
		// subquery back into that join
		let q = db
			.selectFrom('outbox as o')
			.innerJoinLateral(
				(eb) => eb.selectFrom('incidents').selectAll().whereRef('incidents.id', '=', 'o.incident_id').limit(1).as('i'),
				(join) => join.onTrue()
			)
			.select(['o.seq as outbox_seq', 'o.event as outbox_event'])
			.selectAll('i')
			.where('o.seq', '>', after as never)
			.orderBy('o.seq')
			.limit(limit);
		if (upTo !== undefined) q = q.where('o.seq', '<=', upTo as never);
		const rows = await q.execute();
		return rows.map(({ outbox_seq, outbox_event, ...incident }) => ({
			seq: Number(outbox_seq),
			event: outbox_event as OutboxEventName,
			incident: incident as IncidentRow
		}));
	},

	async cursor(db: Db): Promise<number> {
		const row = await db.selectFrom('outbox_cursor').select('seq').where('name', '=', 'relay').executeTakeFirst();
		return Number(row?.seq ?? 0);
	},

	async advanceCursor(db: Db, seq: number): Promise<void> {
		// never move backwards: a slow former leader must not rewind the position. The commit does not wait for the
		// disk (synchronous_commit off for this one statement): a position lost in a crash only re-publishes rows,
		// which screens drop by seq and jobs dedupe, and it keeps a WAL flush off every broadcast's path
		await sql`with c as (select set_config('synchronous_commit', 'off', true))
			update outbox_cursor set seq = greatest(seq, ${seq}) from c where name = 'relay'`.execute(db);
	},

	async maxSeq(db: Db): Promise<number> {
		const row = await db.selectFrom('outbox').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
		return Number(row?.m ?? 0);
	}
};
