import { sql } from 'kysely';
import type { LocalDay, LocalDayInput } from '#domain/calendar/local-days.ts';
import type { Db } from '../db/client.ts';

export const calendarDaysRepository = {
	async list(db: Db): Promise<LocalDay[]> {
		const rows = await db
			.selectFrom('calendar_days')
			.select([sql<string>`day::text`.as('day'), 'kind', 'reason', 'actor', 'created_at'])
			.orderBy('day')
			.execute();
		return rows.map((r) => ({ day: r.day, kind: r.kind, reason: r.reason, actor: r.actor, createdAt: new Date(r.created_at).toISOString() }));
	},

	/** Adds or replaces the entry of that day. */
	async upsert(db: Db, d: LocalDayInput): Promise<void> {
		await db
			.insertInto('calendar_days')
			.values({ day: d.day, kind: d.kind, reason: d.reason, actor: d.actor })
			.onConflict((oc) => oc.column('day').doUpdateSet({ kind: d.kind, reason: d.reason, actor: d.actor }))
			.execute();
	},

	async remove(db: Db, day: string): Promise<boolean> {
		const r = await db.deleteFrom('calendar_days').where('day', '=', day).executeTakeFirst();
		return Number(r.numDeletedRows) > 0;
	}
};
