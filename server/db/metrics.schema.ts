import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** 004_metrics: how far the aggregation has applied the outbox. */
export interface MetricCursorTable {
	name: string;
	seq: ColumnType<number, number, number>;
	applied: ColumnType<number, number | undefined, number>;
	updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** 004_metrics: each incident's current contribution (cube cell and rating facts). */
export interface MetricIncidentsTable {
	incident_id: string;
	received_at: Timestamp;
	block: string | null;
	settlement_id: string | null;
	department_id: string | null;
	channel: string;
	status: string;
	/** local date 'YYYY-MM-DD' */
	day: string;
	answered: number;
	on_time: number;
	first_answer_bucket: number | null;
	resolution_bucket: number | null;
	reopened: number;
	rated: number;
	satisfied: number;
}

/** 004_metrics: the cube; '' = none. */
export interface MetricCountsTable {
	size: string;
	bucket: Timestamp;
	block: string;
	settlement_id: string;
	department_id: string;
	channel: string;
	status: string;
	n: number;
	/** generated: hashtext of the dimensions */
	cell_hash: ColumnType<number, never, never>;
}

/** 004_metrics: the ratings' per-unit, per-channel, per-day facts. */
export interface MetricUnitDaysTable {
	kind: string;
	unit: string;
	channel: string;
	day: string;
	n: number;
	answered: number;
	answered_on_time: number;
	reopened: number;
	rated: number;
	satisfied: number;
	first_answer_hist: number[];
	resolution_hist: number[];
}

export interface MetricRecomputesTable {
	id: Generated<number>;
	at: ColumnType<Date, Date | string | undefined, never>;
	cursor_seq: number;
	cube_cells: number;
	cube_drift: number;
	facts_incidents: number;
	facts_drift: number;
	duration_ms: number;
	sample: ColumnType<unknown, string | undefined, string>;
}

export interface MetricsDatabase {
	metric_cursor: MetricCursorTable;
	metric_incidents: MetricIncidentsTable;
	metric_counts: MetricCountsTable;
	metric_unit_days: MetricUnitDaysTable;
	metric_recomputes: MetricRecomputesTable;
}
