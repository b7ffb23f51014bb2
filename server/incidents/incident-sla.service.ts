import { runningClocks, type Clock } from '#domain/lifecycle.ts';
import type { AppContext } from '../context.ts';
import { incidentRepository, type IncidentRow } from '../db/repositories/incident.repository.ts';
import { jobId, JobName, JobQueue, type JobPayloads } from '../jobs/names.ts';
import { changeWithAction, writeState } from './incident-actions.service.ts';
import { clockStartsOf, evaluateSla, lifecycleOf, pendingChecks } from './incident-sla.ts';

export type SlaDeps = Pick<AppContext, 'db' | 'calendar' | 'now' | 'notifyOutbox' | 'queues'>;

/**
 * Enqueues one delayed SlaCheck per deadline, `delay = due − now` on the context's clock, in one Redis round trip.
 * Ids carry the due time: enqueueing the same deadline twice is a no-op, a moved deadline is a new job.
 */
export async function scheduleSlaChecks(
	deps: Pick<SlaDeps, 'now' | 'queues'>,
	items: Array<{ incidentId: string; checks: Array<{ clock: Clock; dueAt: string }> }>,
	idSuffix = ''
): Promise<number> {
	const now = deps.now().getTime();
	const jobs = items.flatMap(({ incidentId, checks }) =>
		checks.map((c) => {
			const data: JobPayloads['SlaCheck'] = { incidentId, clock: c.clock, dueAt: c.dueAt };
			return { name: JobName.SlaCheck, data, opts: { jobId: jobId[JobName.SlaCheck](data) + idSuffix, delay: Math.max(0, Date.parse(c.dueAt) - now) } };
		})
	);
	if (jobs.length > 0) await deps.queues[JobQueue[JobName.SlaCheck]].addBulk(jobs);
	return jobs.length;
}

/** Schedules every running deadline not flagged yet of each row. */
export async function scheduleFromRows(deps: SlaDeps, rows: IncidentRow[]): Promise<number> {
	const open = rows.filter((row) => row.status !== 'closed');
	return scheduleSlaChecks(
		deps,
		open.map((row) => ({ incidentId: row.id, checks: pendingChecks(lifecycleOf(row, deps.calendar), (row.overdue_clocks ?? []) as string[]) }))
	);
}

/**
 * Settles what is due on one incident at `now`, under its row lock: closes an elapsed satisfaction window
 * (`satisfaction_timeout` by `system`), flags running deadlines that passed (`overdue` events). With `expect`
 * (a SlaCheck), does nothing unless that clock still runs with that due time and is not flagged yet, so a
 * moved deadline's old job, a second job or a second worker find nothing to do.
 */
export async function settleSla(deps: SlaDeps, incidentId: string, expect?: { clock: Clock; dueAt: string }): Promise<'done' | 'skipped'> {
	let early = false;
	const result = await deps.db.transaction().execute(async (trx): Promise<'done' | 'skipped'> => {
		const row = await incidentRepository.lockById(trx, incidentId);
		if (!row || row.status === 'closed') return 'skipped';
		const now = deps.now();
		const state = lifecycleOf(row, deps.calendar);
		const running = runningClocks(state);
		if (expect) {
			const due = state.deadlines[expect.clock];
			if (!running.includes(expect.clock) || !due || Date.parse(due) !== Date.parse(expect.dueAt)) return 'skipped';
			if (now.getTime() < Date.parse(due)) {
				// the producer's clock ran ahead of this worker's: try again at the due time
				early = true;
				return 'skipped';
			}
		}
		const window = state.deadlines.satisfaction;
		if (running.includes('satisfaction') && window && now.getTime() >= Date.parse(window)) {
			const out = await changeWithAction(trx, row, { action: 'satisfaction_timeout', actor: 'system' }, { now, cal: deps.calendar });
			return out.ok ? 'done' : 'skipped';
		}
		const sla = evaluateSla(state, now);
		const flagged = (row.overdue_clocks ?? []) as string[];
		const newlyOverdue = sla.overdueClocks.filter((c) => !flagged.includes(c));
		if (newlyOverdue.length === 0 || (expect && !newlyOverdue.includes(expect.clock))) {
			// keep the sweep's hint true (rows from before the life cycle, or a hint that ran ahead)
			const hint = row.sla_next_at ? new Date(row.sla_next_at).getTime() : null;
			const want = sla.nextAt ? Date.parse(sla.nextAt) : null;
			if (hint !== want && newlyOverdue.length === 0) await incidentRepository.setSlaNextAt(trx, row.id, sla.nextAt);
			return 'skipped';
		}
		await writeState(trx, row, state, clockStartsOf(row), now);
		return 'done';
	});
	if (result === 'done') deps.notifyOutbox();
	if (early && expect) await scheduleSlaChecks(deps, [{ incidentId, checks: [expect] }], `-early${deps.now().getTime()}`);
	return result;
}

/** How far ahead the sweep schedules deadlines: a lost delayed job is recreated before it is due. */
export const SWEEP_HORIZON_MS = 2 * 60_000;

/**
 * Settles every open incident whose SLA state was due by now (deadlines passed while nothing ran), and
 * schedules the checks of those due within the horizon. Pages by id, so it ends whatever it finds.
 */
export async function sweepSla(deps: SlaDeps, pageSize = 500): Promise<{ settled: number; scheduled: number }> {
	const now = deps.now();
	const until = new Date(now.getTime() + SWEEP_HORIZON_MS);
	let settled = 0;
	let scheduled = 0;
	let after: string | null = null;
	for (;;) {
		const rows = await incidentRepository.slaDue(deps.db, until, pageSize, after);
		const due = (row: IncidentRow) => row.sla_next_at !== null && new Date(row.sla_next_at).getTime() <= now.getTime();
		for (const row of rows.filter(due)) if ((await settleSla(deps, row.id)) === 'done') settled += 1;
		scheduled += await scheduleFromRows(deps, rows.filter((row) => !due(row)));
		if (rows.length < pageSize) break;
		after = rows[rows.length - 1].id;
	}
	return { settled, scheduled };
}
