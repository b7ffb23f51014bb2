import { sql } from 'kysely';
import type { Db } from '../db/client.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';

/** open incidents with a running deadline, without the citizen's text (the due-soon rule needs clocks only) */
export type ClockRow = Omit<IncidentRow, 'text' | 'text_public'>;

const CLOCK_COLUMNS = [
	'id',
	'source',
	'external_id',
	'channel',
	'received_at',
	'title',
	'category',
	'block',
	'settlement_id',
	'placement',
	'department_id',
	'lat',
	'lon',
	'address',
	'settlement_hint',
	'status',
	'urgent',
	'hot',
	'due_at',
	'deadlines',
	'lifecycle',
	'overdue',
	'overdue_since',
	'overdue_clocks',
	'sla_started',
	'sla_next_at',
	'version',
	'created_at',
	'updated_at'
] as const satisfies ReadonlyArray<keyof ClockRow>;

/** The wall's overdue ticker: what is overdue now and what may soon be. */
export const overdueRepository = {
	/** Overdue open incidents, longest overdue first (earliest `overdue_since`), at most `limit`. */
	async longestOverdue(db: Db, limit: number): Promise<IncidentRow[]> {
		return db
			.selectFrom('incidents')
			.selectAll()
			.where('overdue', '=', true)
			.where('status', '<>', 'closed')
			.orderBy(sql`overdue_since asc nulls last`)
			.orderBy('id')
			.limit(limit)
			.execute();
	},

	/** Overdue open incidents counted per (block, department); nulls are their own group. */
	async overdueCounts(db: Db): Promise<Array<{ block: string | null; departmentId: string | null; n: number }>> {
		const rows = await db
			.selectFrom('incidents')
			.select((eb) => ['block', 'department_id', eb.fn.countAll<string>().as('n')])
			.where('overdue', '=', true)
			.where('status', '<>', 'closed')
			.groupBy(['block', 'department_id'])
			.execute();
		return rows.map((r) => ({ block: r.block, departmentId: r.department_id, n: Number(r.n) }));
	},

	/**
	 * Open, not overdue incidents with a running deadline: the candidates for "due soon". Which of them are due
	 * soon is the domain's rule (`dueSoonClocks`), evaluated on the caller's clock, not here.
	 */
	async withRunningDeadline(db: Db): Promise<ClockRow[]> {
		return db
			.selectFrom('incidents')
			.select(CLOCK_COLUMNS)
			.where('overdue', '=', false)
			.where('status', '<>', 'closed')
			.where('sla_next_at', 'is not', null)
			.execute();
	}
};
