import type { Channel, IncidentInput, SlaClockName } from '#domain/incident.ts';
import {
	CLOCKS,
	createLifecycleState,
	LifecycleStateSchema,
	runningClocks,
	receivedState,
	type Clock,
	type ClockTimes,
	type LifecycleState
} from '#domain/lifecycle.ts';
import { SLA_DEFAULTS, type WorkCalendar } from '#domain/sla.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';

/**
 * How the stored life-cycle state turns into the incident's SLA columns. Pure: the action service, the SLA jobs
 * and the view all go through here, so `overdue`, `overdue_clocks` and `sla_next_at` never disagree.
 */

// the wall's clock names and the domain's are one list
const _sameClocks: readonly SlaClockName[] = CLOCKS;
void _sameClocks;

const MINUTE = 60_000;

/** The satisfaction window is not an obligation of the МЦУ: it closes the incident, it never makes it overdue. */
export const OBLIGATION_CLOCKS: readonly Clock[] = CLOCKS.filter((c) => c !== 'satisfaction');

export type ClockStarts = Partial<Record<Clock, string>>;

export interface SlaEvaluation {
	/** running obligation clocks whose due time has come (now >= due) */
	overdueClocks: Clock[];
	/** the earliest due time among them */
	overdueSince: string | null;
	/** the next instant the state changes by itself: an unflagged running deadline, or the satisfaction window's end */
	nextAt: string | null;
}

const ms = (iso: string) => Date.parse(iso);

/** Evaluates the clocks of a state at `now`. */
export function evaluateSla(state: LifecycleState, now: Date): SlaEvaluation {
	const t = now.getTime();
	const overdueClocks: Clock[] = [];
	let overdueSince: string | null = null;
	let nextAt: string | null = null;
	for (const clock of runningClocks(state)) {
		const due = state.deadlines[clock] as string;
		if (clock !== 'satisfaction' && t >= ms(due)) {
			overdueClocks.push(clock);
			if (overdueSince === null || ms(due) < ms(overdueSince)) overdueSince = due;
		} else if (nextAt === null || ms(due) < ms(nextAt)) {
			nextAt = due;
		}
	}
	return { overdueClocks, overdueSince, nextAt };
}

/** The checks to schedule: every running clock not flagged yet, with its due time (past ones too: they run at once). */
export function pendingChecks(state: LifecycleState, flagged: readonly string[]): Array<{ clock: Clock; dueAt: string }> {
	return runningClocks(state)
		.filter((c) => !flagged.includes(c))
		.map((clock) => ({ clock, dueAt: new Date(state.deadlines[clock] as string).toISOString() }));
}

/**
 * Start of each clock's current term. A clock that starts, restarts after a stop, or is named in `restart`
 * (a new executor) starts now; a running clock whose due time only moves keeps its start, so the "due soon"
 * share counts over the whole term.
 */
export function clockStarts(prev: LifecycleState, next: LifecycleState, prevStarts: ClockStarts, now: Date, restart: readonly Clock[] = []): ClockStarts {
	const out: ClockStarts = {};
	for (const clock of CLOCKS) {
		if (next.deadlines[clock] === undefined) continue;
		const isNew = prev.deadlines[clock] === undefined;
		const restarted = prev.stopped[clock] !== undefined && next.stopped[clock] === undefined;
		const kept = prevStarts[clock];
		out[clock] = isNew || restarted || restart.includes(clock) || !kept ? now.toISOString() : kept;
	}
	return out;
}

/** The instant a clock becomes "due soon": less than 30 minutes or 20 % of its term left (sla.ts `dueSoon`). */
export function dueSoonAt(startedAt: string, dueAt: string): string {
	const due = ms(dueAt);
	const term = Math.max(0, due - ms(startedAt));
	return new Date(due - Math.max(SLA_DEFAULTS.dueSoonMinutes * MINUTE, SLA_DEFAULTS.dueSoonShare * term)).toISOString();
}

/**
 * The initial state of an ingested incident. Equal to `createLifecycleState(input, calendar)`; it takes the
 * deadlines the ingest already computed on the municipality's calendar instead of computing them twice.
 */
export function initialLifecycle(input: Pick<IncidentInput, 'urgent'>, deadlines: Record<string, string>): LifecycleState {
	const times: ClockTimes = {};
	for (const clock of CLOCKS) if (deadlines[clock]) times[clock] = deadlines[clock];
	return receivedState(input.urgent ?? false, times);
}

/** Every clock of a new incident starts when it was received. */
export function initialClockStarts(receivedAt: string, deadlines: Record<string, string>): ClockStarts {
	const iso = new Date(receivedAt).toISOString();
	const out: ClockStarts = {};
	for (const clock of CLOCKS) if (deadlines[clock]) out[clock] = iso;
	return out;
}

/**
 * The stored state of a row. Rows stored before the life cycle existed (an empty `lifecycle`) get the state
 * ingest would have given them, with the status and flags they carry.
 */
export function lifecycleOf(row: IncidentRow, cal: WorkCalendar): LifecycleState {
	const parsed = LifecycleStateSchema.safeParse(row.lifecycle);
	if (parsed.success) return parsed.data;
	const state = createLifecycleState(
		{
			channel: row.channel as Channel,
			receivedAt: new Date(row.received_at),
			urgent: row.urgent,
			dueAt: row.due_at ? new Date(row.due_at) : undefined
		},
		cal
	);
	return { ...state, status: row.status as LifecycleState['status'], hot: row.hot };
}

export function clockStartsOf(row: IncidentRow): ClockStarts {
	const started = (row.sla_started ?? {}) as ClockStarts;
	if (Object.keys(started).length > 0) return started;
	return initialClockStarts(new Date(row.received_at).toISOString(), (row.deadlines ?? {}) as Record<string, string>);
}

/** The columns that mirror a state, JSON ones as values; `stateColumns` is what an UPDATE writes. */
export function stateValues(state: LifecycleState, starts: ClockStarts, now: Date) {
	const sla = evaluateSla(state, now);
	return {
		sla,
		values: {
			status: state.status,
			urgent: state.urgent,
			hot: state.hot,
			lifecycle: state,
			deadlines: state.deadlines,
			sla_started: starts,
			overdue: sla.overdueClocks.length > 0,
			overdue_since: sla.overdueSince,
			overdue_clocks: sla.overdueClocks,
			sla_next_at: sla.nextAt
		}
	};
}

/** The columns that mirror a state; written in the same UPDATE as the state itself. */
export function stateColumns(state: LifecycleState, starts: ClockStarts, now: Date) {
	const { sla, values } = stateValues(state, starts, now);
	return {
		sla,
		columns: {
			...values,
			lifecycle: JSON.stringify(values.lifecycle),
			deadlines: JSON.stringify(values.deadlines),
			sla_started: JSON.stringify(values.sla_started),
			overdue_clocks: JSON.stringify(values.overdue_clocks)
		}
	};
}
