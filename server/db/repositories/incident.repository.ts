import { sql, type Insertable, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../client.ts';
import type { Database, IncidentsTable } from '../schema.ts';

export type IncidentRow = Selectable<IncidentsTable>;
export type NewIncidentRow = Insertable<IncidentsTable>;
export type IncidentUpdate = Omit<Updateable<IncidentsTable>, 'id' | 'version' | 'source' | 'external_id'>;
export type NewAuthor = { name?: string | null; phone?: string | null; email?: string | null };
type Executor = Db | Transaction<Database>;

// one lock id serialises outbox inserts so seq order equals commit order (a reader never skips a late commit)
const OUTBOX_LOCK = 7263002;

export const incidentRepository = {
	/** Inserts new rows; rows whose (source, external_id) exist already are skipped, not updated. */
	async insertNew(trx: Executor, rows: NewIncidentRow[]): Promise<IncidentRow[]> {
		if (rows.length === 0) return [];
		return trx
			.insertInto('incidents')
			.values(rows)
			.onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
			.returningAll()
			.execute();
	},

	async findByKeys(db: Executor, keys: Array<{ source: string; externalId: string }>): Promise<IncidentRow[]> {
		if (keys.length === 0) return [];
		const sources = keys.map((k) => k.source);
		const ids = keys.map((k) => k.externalId);
		return db
			.selectFrom('incidents')
			.selectAll()
			.where(sql<boolean>`(source, external_id) in (select * from unnest(${sources}::text[], ${ids}::text[]))`)
			.execute();
	},

	async findById(db: Executor, id: string): Promise<IncidentRow | undefined> {
		return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
	},

	async findByIds(db: Executor, ids: string[]): Promise<IncidentRow[]> {
		if (ids.length === 0) return [];
		return db.selectFrom('incidents').selectAll().where('id', 'in', ids).execute();
	},

	async insertAuthors(trx: Executor, authors: Array<NewAuthor & { incidentId: string }>): Promise<void> {
		if (authors.length === 0) return;
		await trx
			.insertInto('incident_authors')
			.values(authors.map((a) => ({ incident_id: a.incidentId, name: a.name ?? null, phone: a.phone ?? null, email: a.email ?? null })))
			.execute();
	},

	async appendEvents(trx: Executor, events: Array<{ incidentId: string; type: string; actor: string; data?: Record<string, unknown>; at?: Date }>): Promise<void> {
		if (events.length === 0) return;
		await trx
			.insertInto('incident_events')
			.values(events.map((e) => ({ incident_id: e.incidentId, type: e.type, actor: e.actor, data: JSON.stringify(e.data ?? {}), ...(e.at ? { at: e.at } : {}) })))
			.execute();
	},

	/** The row, locked until the transaction ends: every change of an incident starts here. */
	async lockById(trx: Transaction<Database>, id: string): Promise<IncidentRow | undefined> {
		return trx.selectFrom('incidents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
	},

	/** Writes a change and bumps the version; the caller appends the history event and the outbox row. */
	async update(trx: Transaction<Database>, id: string, changes: IncidentUpdate): Promise<IncidentRow> {
		return trx
			.updateTable('incidents')
			.set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
			.where('id', '=', id)
			.returningAll()
			.executeTakeFirstOrThrow();
	},

	/** The history of one incident, oldest first. */
	async events(db: Executor, id: string, limit: number): Promise<Array<{ id: string; type: string; actor: string; data: Record<string, unknown>; at: Date }>> {
		return db
			.selectFrom('incident_events')
			.select(['id', 'type', 'actor', 'data', 'at'])
			.where('incident_id', '=', id)
			.orderBy('id')
			.limit(limit)
			.execute();
	},

	/** Open incidents whose SLA state changes by `until` (a deadline to flag, a window to close), by id after `afterId`. */
	async slaDue(db: Executor, until: Date, limit: number, afterId: string | null = null): Promise<IncidentRow[]> {
		let q = db
			.selectFrom('incidents')
			.selectAll()
			.where('sla_next_at', '<=', until)
			.where('status', '<>', 'closed')
			.orderBy('id')
			.limit(limit);
		if (afterId) q = q.where('id', '>', afterId);
		return q.execute();
	},

	/** Only the scheduling hint; not a change of the incident (no event, no version). */
	async setSlaNextAt(trx: Executor, id: string, at: Date | string | null): Promise<void> {
		await trx.updateTable('incidents').set({ sla_next_at: at }).where('id', '=', id).execute();
	},

	/** Must run inside the transaction that made the change: the lock is held until commit. */
	async appendOutbox(trx: Transaction<Database>, rows: Array<{ event: 'incident:created' | 'incident:updated'; incidentId: string }>): Promise<void> {
		if (rows.length === 0) return;
		await sql`select pg_advisory_xact_lock(${OUTBOX_LOCK})`.execute(trx);
		await trx
			.insertInto('outbox')
			.values(rows.map((r) => ({ event: r.event, incident_id: r.incidentId })))
			.execute();
	},

	/** Incidents received since `since`, newest first, at most `limit`: the wall's window. */
	async window(db: Executor, since: Date, limit: number): Promise<IncidentRow[]> {
		return db.selectFrom('incidents').selectAll().where('received_at', '>=', since).orderBy('received_at', 'desc').limit(limit).execute();
	},

	async pendingPlacement(db: Executor, limit: number): Promise<string[]> {
		const rows = await db.selectFrom('incidents').select('id').where('placement', '=', 'pending').orderBy('created_at').limit(limit).execute();
		return rows.map((r) => r.id);
	},

	async stats(db: Executor, todayStart: Date): Promise<{ today: number; open: number; hot: number; overdue: number }> {
		const [today, open] = await Promise.all([
			db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where('received_at', '>=', todayStart).executeTakeFirstOrThrow(),
			db
				.selectFrom('incidents')
				.select((eb) => [
					eb.fn.countAll<number>().as('open'),
					sql<number>`count(*) filter (where hot)`.as('hot'),
					sql<number>`count(*) filter (where overdue)`.as('overdue')
				])
				.where('status', '<>', 'closed')
				.executeTakeFirstOrThrow()
		]);
		return { today: Number(today.n), open: Number(open.open), hot: Number(open.hot), overdue: Number(open.overdue) };
	}
};
