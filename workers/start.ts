import { Worker, type Job } from 'bullmq';
import type { AppContext } from '../server/context.ts';
import { JobName, JobPayloadSchemas, JobQueue, QueueConcurrency, QueueName, type JobPayloads } from '../server/jobs/names.ts';
import { enqueuePlacement } from '../server/jobs/enqueue.ts';
import { incidentRepository } from '../server/db/repositories/incident.repository.ts';
import { createRedis } from '../server/redis.ts';
import { incidentPlace } from './processors/incident-place.processor.ts';
import { slaCheck } from './processors/sla-check.processor.ts';
import { slaSchedule } from './processors/sla-schedule.processor.ts';
import { slaSweep } from './processors/sla-sweep.processor.ts';
import { metricsApply } from './processors/metrics-apply.processor.ts';
import { metricsRecompute } from './processors/metrics-recompute.processor.ts';
import { closeMetricsPusher } from '../server/analytics/push.ts';
import { enqueueStartMetrics, enqueueStartSweep, upsertSchedules } from './schedules.ts';

type Processor<N extends JobName> = (ctx: AppContext, data: JobPayloads[N]) => Promise<'done' | 'skipped'>;

/** Exactly one processor per job name. */
export const processors: { [N in JobName]: Processor<N> } = {
	[JobName.IncidentPlace]: incidentPlace,
	[JobName.SlaSchedule]: slaSchedule,
	[JobName.SlaCheck]: slaCheck,
	[JobName.SlaSweep]: slaSweep,
	[JobName.MetricsApply]: metricsApply,
	[JobName.MetricsRecompute]: metricsRecompute
};

export interface WorkersHandle {
	close(): Promise<void>;
}

export async function startWorkers(ctx: AppContext, opts: { concurrency?: number } = {}): Promise<WorkersHandle> {
	const missing = Object.values(JobName).filter((n) => typeof processors[n] !== 'function');
	if (missing.length) throw new Error(`no processor for job(s): ${missing.join(', ')}`);

	const connection = createRedis(ctx.config.redis.url, 'consumer');
	const workers = Object.values(QueueName).map((queue) => {
		const w = new Worker(
			queue,
			async (job: Job) => {
				const name = job.name as JobName;
				if (JobQueue[name] !== queue) throw new Error(`unknown job ${job.name} on ${queue}`);
				const data = JobPayloadSchemas[name].parse(job.data);
				return (processors[name] as Processor<typeof name>)(ctx, data);
			},
			{ connection, prefix: `${ctx.config.redis.prefix}:bull`, concurrency: QueueConcurrency[queue] ?? opts.concurrency ?? 8 }
		);
		w.on('error', (err) => ctx.logger.warn({ err, queue }, 'worker error'));
		w.on('failed', (job, err) => ctx.logger.warn({ err, job: job?.id }, 'job failed'));
		return w;
	});

	// catch up on what was committed while no worker ran (ids dedupe against queued jobs)
	const pending = await incidentRepository.pendingPlacement(ctx.db, 10_000);
	await enqueuePlacement(ctx.queues, pending);
	if (pending.length) ctx.logger.info({ pending: pending.length }, 'placement sweep enqueued');
	// deadlines that passed while nothing ran, then every minute
	await enqueueStartSweep(ctx);
	// metric aggregates: catch up on the outbox and reconcile once at start
	await enqueueStartMetrics(ctx);
	await upsertSchedules(ctx);

	return {
		async close() {
			// lets running jobs finish
			await Promise.all(workers.map((w) => w.close()));
			await closeMetricsPusher(ctx);
			connection.disconnect();
		}
	};
}
