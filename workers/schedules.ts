import type { AppContext } from '../server/context.ts';
import { JobName, JobQueue, jobId, SLA_SWEEP_SCHEDULER_ID } from '../server/jobs/names.ts';

/** Repeating jobs; scheduler ids are stable, so every worker start upserts the same ones. */
export async function upsertSchedules(ctx: AppContext): Promise<void> {
	await ctx.queues[JobQueue[JobName.SlaSweep]].upsertJobScheduler(SLA_SWEEP_SCHEDULER_ID, { every: 60_000 }, { name: JobName.SlaSweep, data: {} });
}

/** A one-off sweep now: catches deadlines that passed while no worker ran. */
export async function enqueueStartSweep(ctx: AppContext): Promise<void> {
	const data = { at: ctx.now().toISOString() };
	await ctx.queues[JobQueue[JobName.SlaSweep]].add(JobName.SlaSweep, data, { jobId: jobId[JobName.SlaSweep](data) });
}
