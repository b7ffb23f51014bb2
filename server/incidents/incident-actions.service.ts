import type { Transaction } from 'kysely';
import type { Channel } from '#domain/incident.ts';
import {
	allowedActions,
	applyAction,
	IncidentActionRequestSchema,
	type ActionName,
	type Clock,
	type IncidentAction,
	type LifecycleState
} from '#domain/lifecycle.ts';
import type { WorkCalendar } from '#domain/sla.ts';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import { incidentRepository, type IncidentRow } from '../db/repositories/incident.repository.ts';
import type { Database } from '../db/schema.ts';
import { clockStarts, clockStartsOf, lifecycleOf, stateColumns, type ClockStarts } from './incident-sla.ts';

export type IncidentActionRequest = z.output<typeof IncidentActionRequestSchema>;
export type ActionDeps = Pick<AppContext, 'db' | 'calendar' | 'now' | 'notifyOutbox' | 'municipality'>;

export interface StoredEvent {
	type: string;
	actor: string;
	data: Record<string, unknown>;
	at: string;
}

export type ActionOutcome =
	| { ok: true; row: IncidentRow; event: StoredEvent; allowed: ActionName[] }
	| { ok: false; error: 'not_found' }
	| { ok: false; error: 'unknown_department'; departmentId: string }
	| { ok: false; error: 'stale_version'; row: IncidentRow }
	| { ok: false; error: 'illegal_action'; allowed: ActionName[]; row: IncidentRow }
	| { ok: false; error: 'invalid'; message: string; row: IncidentRow };

/**
 * Applies one life-cycle action to an incident: row lock, optimistic version check, the pure transition, then
 * the new state with its mirror columns, history events and an outbox row, all in one transaction.
 * The relay publishes the change and (re)schedules its deadline jobs.
 */
export async function performIncidentAction(deps: ActionDeps, incidentId: string, request: IncidentActionRequest): Promise<ActionOutcome> {
	const { version, ...action } = request;
	// a department the municipality does not have would count in no rating and reach no one
	if (action.action === 'assign' && !deps.municipality.municipality.departments.some((d) => d.id === action.departmentId)) {
		return { ok: false, error: 'unknown_department', departmentId: action.departmentId };
	}
	const outcome = await deps.db.transaction().execute(async (trx): Promise<ActionOutcome> => {
		const row = await incidentRepository.lockById(trx, incidentId);
		if (!row) return { ok: false, error: 'not_found' };
		if (row.version !== version) return { ok: false, error: 'stale_version', row };
		return changeWithAction(trx, row, action as IncidentAction, { now: deps.now(), cal: deps.calendar });
	});
	if (outcome.ok) deps.notifyOutbox();
	return outcome;
}

/** Inside a transaction that holds the row lock: used by the HTTP actions and by the system's own (timeouts). */
export async function changeWithAction(
	trx: Transaction<Database>,
	row: IncidentRow,
	action: IncidentAction,
	env: { now: Date; cal: WorkCalendar }
): Promise<ActionOutcome> {
	const channel = row.channel as Channel;
	const state = lifecycleOf(row, env.cal);
	const result = applyAction(state, action, { channel, now: env.now, cal: env.cal });
	if (!result.ok) {
		return result.error === 'illegal_action'
			? { ok: false, error: 'illegal_action', allowed: result.allowed, row }
			: { ok: false, error: 'invalid', message: result.message, row };
	}
	// a (re)assignment hands the work to an executor whose term starts now
	const restart: Clock[] = action.action === 'assign' ? ['executor'] : [];
	const starts = clockStarts(state, result.state, clockStartsOf(row), env.now, restart);
	const event: StoredEvent = { type: result.event.type, actor: action.actor, data: result.event.data, at: env.now.toISOString() };
	const updated = await writeState(trx, row, result.state, starts, env.now, event);
	return { ok: true, row: updated, event, allowed: allowedActions(result.state, channel) };
}

/**
 * Stores a state with the columns that mirror it, bumps the version, appends the history (the action, and an
 * `overdue` event per clock that turns overdue now) and the outbox row. Call inside the row's transaction.
 */
export async function writeState(
	trx: Transaction<Database>,
	row: IncidentRow,
	state: LifecycleState,
	starts: ClockStarts,
	now: Date,
	event?: StoredEvent
): Promise<IncidentRow> {
	const { sla, columns } = stateColumns(state, starts, now);
	const flagged = (row.overdue_clocks ?? []) as string[];
	const newlyOverdue = sla.overdueClocks.filter((c) => !flagged.includes(c));
	const updated = await incidentRepository.update(trx, row.id, {
		...columns,
		department_id: state.departmentId ?? row.department_id,
		updated_at: now
	});
	await incidentRepository.appendEvents(trx, [
		...(event ? [{ incidentId: row.id, type: event.type, actor: event.actor, data: event.data, at: now }] : []),
		...newlyOverdue.map((clock) => ({
			incidentId: row.id,
			type: 'overdue',
			actor: 'system',
			data: { clock, dueAt: state.deadlines[clock] },
			at: now
		}))
	]);
	await incidentRepository.appendOutbox(trx, [{ event: 'incident:updated', incidentId: row.id }]);
	return updated;
}
