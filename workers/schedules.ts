import type { AppContext } from '../server/context.ts';
import { JobName, JobQueue, jobId, METRICS_APPLY_SCHEDULER_ID, METRICS_RECOMPUTE_SCHEDULER_ID, SLA_SWEEP_SCHEDULER_ID } from '../server/jobs/names.ts';

/** Repeating jobs; scheduler ids are stable, so every worker start upserts the same ones. */
export async function upsertSchedules(ctx: AppContext): Promise<void> {
	await ctx.queues[JobQueue[JobName.SlaSweep]].upsertJobScheduler(SLA_SWEEP_SCHEDULER_ID, { every: 60_000 }, { name: JobName.SlaSweep, data: {} });
	// the relay enqueues MetricsApply after each publish; this catches an enqueue lost to a Redis blip
	await ctx.queues[JobQueue[JobName.MetricsApply]].upsertJobScheduler(METRICS_APPLY_SCHEDULER_ID, { every: 5000 }, { name: JobName.MetricsApply, data: {} });
	// the full recompute at 03:30 on the municipality's clock
	await ctx.queues[JobQueue[JobName.MetricsRecompute]].upsertJobScheduler(
		METRICS_RECOMPUTE_SCHEDULER_ID,
		{ pattern: '30 3 * * *', tz: ctx.calendar.timeZone },
		{ name: JobName.MetricsRecompute, data: {} }
	);
}

/** A one-off sweep now: catches deadlines that passed while no worker ran. */
export async function enqueueStartSweep(ctx: AppContext): Promise<void> {
	const data = { at: ctx.now().toISOString() };
	await ctx.queues[JobQueue[JobName.SlaSweep]].add(JobName.SlaSweep, data, { jobId: jobId[JobName.SlaSweep](data) });
}

/** At worker start: apply what the outbox holds, then reconcile the aggregates with the incidents once. */
export async function enqueueStartMetrics(ctx: AppContext): Promise<void> {
	const data = { at: ctx.now().toISOString() };
	const q = ctx.queues[JobQueue[JobName.MetricsRecompute]];
	await q.add(JobName.MetricsApply, {}, { jobId: `MetricsApply-start-${Date.parse(data.at)}` });
	await q.add(JobName.MetricsRecompute, data, { jobId: jobId[JobName.MetricsRecompute](data) });
}
