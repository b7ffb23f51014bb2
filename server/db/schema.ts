import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { MetricsDatabase } from './metrics.schema.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface IncidentsTable {
	id: Generated<string>;
	source: string;
	external_id: string;
	channel: string;
	received_at: Timestamp;
	title: string | null;
	text: string;
	text_public: string;
	category: string | null;
	block: string | null;
	settlement_id: string | null;
	placement: Generated<string>;
	department_id: string | null;
	lat: number | null;
	lon: number | null;
	address: string | null;
	settlement_hint: string | null;
	status: Generated<string>;
	urgent: Generated<boolean>;
	hot: Generated<boolean>;
	due_at: Timestamp | null;
	deadlines: ColumnType<Record<string, string>, string | undefined, string>;
	lifecycle: ColumnType<Record<string, unknown>, string | undefined, string>;
	overdue: Generated<boolean>;
	overdue_since: Timestamp | null;
	/** the clocks flagged overdue (002) */
	overdue_clocks: ColumnType<string[], string | undefined, string>;
	/** when the current term of each clock started (002) */
	sla_started: ColumnType<Record<string, string>, string | undefined, string>;
	/** the next instant the SLA state changes by itself; null when none (002) */
	sla_next_at: Timestamp | null;
	version: Generated<number>;
	created_at: ColumnType<Date, Date | string | undefined, Date | string>;
	updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IncidentAuthorsTable {
	incident_id: string;
	name: string | null;
	phone: string | null;
	email: string | null;
}

export interface IncidentEventsTable {
	id: Generated<string>;
	incident_id: string;
	type: string;
	actor: string;
	data: JSONColumnType<Record<string, unknown>>;
	at: ColumnType<Date, Date | string | undefined, never>;
}

export interface OutboxTable {
	seq: ColumnType<number, never, never>;
	event: string;
	incident_id: string;
	created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface OutboxCursorTable {
	name: string;
	seq: ColumnType<number, number, number>;
}

export interface SchemaMigrationsTable {
	version: string;
	applied_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CalendarDaysTable {
	/** read it as `day::text`: drivers turn a bare `date` into a Date at some zone's midnight */
	day: ColumnType<string, string, string>;
	kind: 'holiday' | 'working';
	reason: string;
	actor: string;
	created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface Database extends MetricsDatabase {
	calendar_days: CalendarDaysTable;
	incidents: IncidentsTable;
	incident_authors: IncidentAuthorsTable;
	incident_events: IncidentEventsTable;
	outbox: OutboxTable;
	outbox_cursor: OutboxCursorTable;
	schema_migrations: SchemaMigrationsTable;
}
