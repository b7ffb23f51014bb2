import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/client.ts';
import type { Database } from '../db/schema.ts';

type Executor = Db | Transaction<Database>;

/** one day window [from, to): today so far, or the same weekday and time range k weeks back */
export interface DayWindow {
	from: Date;
	to: Date;
}

export interface GroupCounts {
	key: string;
	open: number;
	overdue: number;
	/** count per window, in the order the windows were given */
	windows: number[];
}

export interface ReplayRow {
	id: string;
	lon: number;
	lat: number;
	received_at: Date;
	block: string | null;
	status: string;
}

/** SQL of the wall's aggregates; the measures built from these counts live in src/lib/domain/wall. */
export const wallRepository = {
	/**
	 * Open / overdue counts and day-window counts grouped by settlement or block, optionally only for some blocks.
	 * Two grouped scans: open incidents (partial index), and the union of the windows' received_at ranges.
	 */
	async groupCounts(db: Executor, by: 'settlement_id' | 'block', windows: DayWindow[], blocks: string[] | null): Promise<GroupCounts[]> {
		const key = sql.ref(by);
		const blockFilter = blocks ? sql`and block = any(${blocks}::text[])` : sql``;
		const openRows = await sql<{ key: string; open: number; overdue: number }>`
			select ${key} as key, count(*)::int as open, (count(*) filter (where overdue))::int as overdue
			from incidents
			where status <> 'closed' and ${key} is not null ${blockFilter}
			group by ${key}`.execute(db);
		const out = new Map<string, GroupCounts>();
		const entry = (k: string) => {
			let e = out.get(k);
			if (!e) out.set(k, (e = { key: k, open: 0, overdue: 0, windows: windows.map(() => 0) }));
			return e;
		};
		for (const r of openRows.rows) Object.assign(entry(r.key), { open: Number(r.open), overdue: Number(r.overdue) });
		if (windows.length > 0) {
			const counts = windows.map((w, i) => sql`(count(*) filter (where received_at >= ${w.from} and received_at < ${w.to}))::int as ${sql.ref(`w${i}`)}`);
			const ranges = windows.map((w) => sql`(received_at >= ${w.from} and received_at < ${w.to})`);
			const windowRows = await sql<Record<string, number> & { key: string }>`
				select ${key} as key, ${sql.join(counts)}
				from incidents
				where (${sql.join(ranges, sql` or `)}) and ${key} is not null ${blockFilter}
				group by ${key}`.execute(db);
			for (const r of windowRows.rows) {
				const e = entry(r.key);
				e.windows = windows.map((_, i) => Number(r[`w${i}`] ?? 0));
			}
		}
		return [...out.values()];
	},

	/** the newest `limit` located incidents received in [from, to), oldest first */
	async replayPoints(db: Executor, from: Date, to: Date, limit: number): Promise<ReplayRow[]> {
		const rows = await db
			.selectFrom('incidents')
			.select(['id', 'lon', 'lat', 'received_at', 'block', 'status'])
			.where('received_at', '>=', from)
			.where('received_at', '<', to)
			.where('lat', 'is not', null)
			.where('lon', 'is not', null)
			.orderBy('received_at', 'desc')
			.limit(limit)
			.execute();
		return rows.reverse() as ReplayRow[];
	},

	async maxSeq(db: Executor): Promise<number> {
		const row = await db.selectFrom('outbox').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
		return Number(row?.m ?? 0);
	}
};
