import { sql, type Insertable, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Db } from '../client.ts';
import type { Database, IncidentsTable } from '../schema.ts';
import type { OutboxEntry } from './outbox.repository.ts';
import { JsonRows } from '../json-rows.ts';
import type { Channel, IncidentStatus } from '#domain/incident.ts';
import type { MapIncident } from '#domain/wall/map-points.ts';

export type IncidentRow = Selectable<IncidentsTable>;
export type NewIncidentRow = Insertable<IncidentsTable>;
export type IncidentUpdate = Omit<Updateable<IncidentsTable>, 'id' | 'version' | 'source' | 'external_id'>;
export type NewAuthor = { name?: string | null; phone?: string | null; email?: string | null };
type Executor = Db | Transaction<Database>;

// one lock id serialises outbox inserts so seq order equals commit order (a reader never skips a late commit)
const OUTBOX_LOCK = 7263002;

// the columns ingest writes, with their SQL types: the shape of the JSON batch handed to PostgreSQL in one parameter
const INGEST_COLUMNS = [
	['source', 'text'],
	['external_id', 'text'],
	['channel', 'text'],
	['received_at', 'timestamptz'],
	['title', 'text'],
	['text', 'text'],
	['text_public', 'text'],
	['category', 'text'],
	['block', 'text'],
	['department_id', 'text'],
	['lat', 'float8'],
	['lon', 'float8'],
	['address', 'text'],
	['settlement_hint', 'text'],
	['settlement_id', 'text'],
	['placement', 'text'],
	['urgent', 'boolean'],
	['due_at', 'timestamptz'],
	['deadlines', 'jsonb'],
	['lifecycle', 'jsonb'],
	['sla_started', 'jsonb'],
	['overdue_clocks', 'jsonb'],
	['overdue', 'boolean'],
	['overdue_since', 'timestamptz'],
	['sla_next_at', 'timestamptz']
] as const satisfies ReadonlyArray<readonly [keyof NewIncidentRow, string]>;
type IngestColumn = (typeof INGEST_COLUMNS)[number][0];
type JsonColumn = Extract<(typeof INGEST_COLUMNS)[number], readonly [string, 'jsonb']>[0];
/** JSON columns as values: they travel nested in the batch's JSON, not as JSON text escaped inside it */
export type IngestRow = Omit<Pick<NewIncidentRow, IngestColumn>, JsonColumn> & Pick<IncidentRow, JsonColumn> & { author?: NewAuthor | null };

// JSON columns are read as json and cast after: json_to_recordset straight into jsonb took 6× as long
const recordsetColumns = [...INGEST_COLUMNS.map(([c, t]) => `${c} ${t === 'jsonb' ? 'json' : t}`), 'author json'].join(', ');
const recordsetNames = [...INGEST_COLUMNS.map(([c]) => c), 'author'].join(', ');
const insertColumns = INGEST_COLUMNS.map(([c]) => c).join(', ');
const selectColumns = INGEST_COLUMNS.map(([c, t]) => (t === 'jsonb' ? `${c}::jsonb` : c)).join(', ');
// every column of an incident by name, checked against the schema type (a missing or unknown one does not
// compile): the prepared statement's result then keeps its type when a migration adds a column while servers
// run, where `*` made PostgreSQL refuse it («cached plan must not change result type») until they restarted
const EVERY_COLUMN: Record<keyof IncidentsTable, true> = {
	id: true, source: true, external_id: true, channel: true, received_at: true, title: true, text: true, text_public: true,
	category: true, block: true, settlement_id: true, placement: true, department_id: true, lat: true, lon: true,
	address: true, settlement_hint: true, status: true, urgent: true, hot: true, due_at: true, deadlines: true,
	lifecycle: true, overdue: true, overdue_since: true, overdue_clocks: true, sla_started: true, sla_next_at: true,
	version: true, created_at: true, updated_at: true
};
const incidentColumns = Object.keys(EVERY_COLUMN) as Array<keyof IncidentsTable>;
const rowColumns = (alias: string) => incidentColumns.map((c) => `${alias}.${c}`).join(', ');
// what the database itself sets on a new incident (id, defaults, timestamps): the rest it stores as sent
const ingestColumnNames = new Set<string>(INGEST_COLUMNS.map(([c]) => c));
// a created row comes back as its generated columns only, the others null: decoding every stored value again
// (31 columns, 8 of them dates and JSON) was a third of the server's time per new incident
const createdColumns = incidentColumns.map((c) => (ingestColumnNames.has(c) ? `null as ${c}` : `ins.${c}`)).join(', ');

/**
 * One statement, so atomic without a transaction and one round trip: the batch arrives as one JSON parameter;
 * new incidents, their `created` history events, authors and outbox rows are written together. Inserting in key
 * order means two concurrent batches sharing keys wait on each other in the same order and never deadlock.
 * The outbox lock is taken only after every incident row is written (the count needs them all): it is never
 * held while waiting for another transaction's row, and from there to commit is a few inserts. The rows
 * returned with `created = false` were committed before the statement began; a key committed by another sender
 * while the statement waited for it is in neither part. Prepared on PostgreSQL (see db/prepared-pool.ts): planning
 * it was half the time of storing one incident.
 */
const INGEST_SQL = `/* prepare: mcu_ingest */
with input as (
  -- the rows exactly as the server serialises them; their position is \`ord\`
  select * from rows from (json_to_recordset(:batch::json) as (${recordsetColumns})) with ordinality as x(${recordsetNames}, ord)
),
first as (
  select distinct on (source, external_id) * from input order by source, external_id, ord
),
ins as (
  insert into incidents (${insertColumns})
  select ${selectColumns} from input order by source, external_id, ord
  on conflict (source, external_id) do nothing
  returning ${incidentColumns.join(', ')}
),
ev as (
  insert into incident_events (incident_id, type, actor, data)
  select id, 'created', source,
    jsonb_build_object('channel', channel) || case when placement = 'pending' then '{}'::jsonb
      else jsonb_build_object('settlementId', settlement_id, 'placement', placement) end
  from ins
),
au as (
  insert into incident_authors (incident_id, name, phone, email)
  select ins.id, a.name, a.phone, a.email
  from ins join first f using (source, external_id)
  cross join lateral (select f.author->>'name' as name, f.author->>'phone' as phone, f.author->>'email' as email) a
  where coalesce(nullif(a.name, ''), nullif(a.phone, ''), nullif(a.email, '')) is not null
),
lk as (
  select pg_advisory_xact_lock(:lock) from (select count(*) as n from ins) c where c.n > 0
),
ob as (
  insert into outbox (event, incident_id)
  select 'incident:created', ins.id from ins join first f using (source, external_id) cross join lk order by f.ord
  returning seq, incident_id
)
select true as created, ob.seq as outbox_seq, f.ord::int, ${createdColumns}
from ins join ob on ob.incident_id = ins.id join first f using (source, external_id)
union all
select false as created, null::bigint as outbox_seq, null::int as ord, ${rowColumns('i')} from first f
  -- one unique-index probe per key the statement did not create (the limit keeps the planner from turning it into a
  -- scan of every incident); a created key is not in the statement's snapshot, so probing it found nothing anyway
  cross join lateral (select * from incidents i where i.source = f.source and i.external_id = f.external_id limit 1) i
  where not exists (select from ins where ins.source = f.source and ins.external_id = f.external_id)`;
const [INGEST_A, INGEST_B, INGEST_C] = INGEST_SQL.split(/:batch|:lock/);

const dateOrNull = (v: Date | string | null | undefined) => (v === null || v === undefined ? null : new Date(v));

/**
 * The row as stored: the values sent (timestamps as dates, as the driver decodes them) and the columns the database
 * generated, from the statement's result row. One literal, not the result spread and the values copied over it:
 * those copies of 34 properties took a tenth of a bulk ingest's server CPU. A column the literal misses does not
 * compile; `ingest.test` reads every such row back and compares.
 */
function storedRow(s: IngestRow, r: IncidentRow): IncidentRow {
	const row = {
		id: r.id,
		status: r.status,
		hot: r.hot,
		version: r.version,
		created_at: r.created_at,
		updated_at: r.updated_at,
		source: s.source,
		external_id: s.external_id,
		channel: s.channel,
		received_at: new Date(s.received_at),
		title: s.title ?? null,
		text: s.text,
		text_public: s.text_public,
		category: s.category ?? null,
		block: s.block ?? null,
		settlement_id: s.settlement_id ?? null,
		placement: s.placement ?? null,
		department_id: s.department_id ?? null,
		lat: s.lat ?? null,
		lon: s.lon ?? null,
		address: s.address ?? null,
		settlement_hint: s.settlement_hint ?? null,
		urgent: s.urgent ?? null,
		due_at: dateOrNull(s.due_at),
		deadlines: s.deadlines,
		lifecycle: s.lifecycle,
		overdue: s.overdue ?? null,
		overdue_since: dateOrNull(s.overdue_since),
		overdue_clocks: s.overdue_clocks,
		sla_started: s.sla_started,
		sla_next_at: dateOrNull(s.sla_next_at)
	} satisfies Record<keyof IncidentRow, unknown>;
	return row as IncidentRow;
}

export const incidentRepository = {
	/**
	 * Stores a batch in one statement (see INGEST_SQL): rows whose (source, external_id) exist already are skipped,
	 * not updated. Returns the rows it created and the pre-existing ones it found; a key committed by a concurrent
	 * sender while this ran is in neither (read it with `findByKeys`).
	 */
	async ingest(db: Db, rows: IngestRow[]): Promise<{ created: IncidentRow[]; existing: IncidentRow[]; outbox: OutboxEntry[] }> {
		if (rows.length === 0) return { created: [], existing: [], outbox: [] };
		const { rows: out } = await sql<IncidentRow & { created: boolean; outbox_seq: string | number | null; ord: number | null }>`${sql.raw(INGEST_A)}${new JsonRows(rows)}${sql.raw(INGEST_B)}${OUTBOX_LOCK}${sql.raw(INGEST_C)}`.execute(db);
		const created: IncidentRow[] = [];
		const existing: IncidentRow[] = [];
		const outbox: OutboxEntry[] = [];
		for (const result of out) {
			if (!result.created) {
				const { created: _c, outbox_seq: _s, ord: _o, ...row } = result;
				existing.push(row);
			} else {
				const stored = storedRow(rows[result.ord! - 1], result);
				created.push(stored);
				outbox.push({ seq: Number(result.outbox_seq), event: 'incident:created', incident: stored });
			}
		}
		return { created, existing, outbox };
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

	/**
	 * Must run inside the transaction that made the change, as its last statement: the lock is held until commit.
	 * Lock and insert are one statement (the insert's rows need the lock's row first), so the lock waits for no
	 * client round trip but the commit.
	 */
	async appendOutbox(trx: Transaction<Database>, rows: Array<{ event: 'incident:created' | 'incident:updated'; incidentId: string }>): Promise<void> {
		if (rows.length === 0) return;
		const events = rows.map((r) => r.event);
		const ids = rows.map((r) => r.incidentId);
		await sql`with lk as (select pg_advisory_xact_lock(${OUTBOX_LOCK}))
			insert into outbox (event, incident_id)
			select r.event, r.incident_id from unnest(${events}::text[], ${ids}::uuid[]) with ordinality as r(event, incident_id, ord)
			cross join lk order by r.ord`.execute(trx);
	},

	/** Incidents received since `since`, newest first, at most `limit`: the wall's window. */
	async window(db: Executor, since: Date, limit: number): Promise<IncidentRow[]> {
		// id breaks ties, so mapWindow's offset continues exactly where this stops
		return db.selectFrom('incidents').selectAll().where('received_at', '>=', since).orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
	},

	/** What the wall's map reads of the window's incidents after the newest `offset`, newest first. */
	async mapWindow(db: Executor, since: Date, offset: number, limit: number): Promise<MapIncident[]> {
		const rows = await db
			.selectFrom('incidents')
			.select(['id', 'version', 'channel', 'received_at', 'created_at', 'block', 'settlement_id', 'department_id', 'lat', 'lon', 'status', 'urgent', 'hot', 'overdue', 'overdue_since'])
			.where('received_at', '>=', since)
			.orderBy('received_at', 'desc')
			.orderBy('id', 'desc')
			.offset(offset)
			.limit(limit)
			.execute();
		return rows.map((r) => ({
			id: r.id,
			version: r.version,
			channel: r.channel as Channel,
			receivedAt: new Date(r.received_at).toISOString(),
			createdAt: new Date(r.created_at).toISOString(),
			block: r.block,
			settlementId: r.settlement_id,
			departmentId: r.department_id,
			lat: r.lat,
			lon: r.lon,
			status: r.status as IncidentStatus,
			urgent: r.urgent,
			hot: r.hot,
			overdue: r.overdue,
			overdueSince: r.overdue_since === null ? null : new Date(r.overdue_since).toISOString()
		}));
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
