import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobName, JobQueue, jobId, MAX_JOB_BATCH, QueueName, type JobPayloads } from './names.ts';

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: Redis, prefix: string): Queues {
	const queues = {} as Queues;
	for (const name of Object.values(QueueName)) {
		const q = new Queue(name, {
			connection,
			prefix: `${prefix}:bull`,
			defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: 1000, removeOnFail: 5000 }
		});
		q.on('error', () => {});
		queues[name] = q;
	}
	return queues;
}

/** Typed enqueue of many jobs of one name; ids from business keys make it idempotent. */
export async function enqueueMany<N extends JobName>(queues: Queues, name: N, payloads: JobPayloads[N][]): Promise<void> {
	if (payloads.length === 0) return;
	const id = jobId[name] as (p: JobPayloads[N]) => string;
	await queues[JobQueue[name]].addBulk(payloads.map((data) => ({ name, data, opts: { jobId: id(data) } })));
}

/** New incidents to place, as jobs of up to MAX_JOB_BATCH ids each. */
export async function enqueuePlacement(queues: Queues, incidentIds: string[]): Promise<void> {
	await enqueueMany(queues, JobName.IncidentPlace, chunks(incidentIds).map((ids) => ({ incidentIds: ids })));
}

/** Changed incidents whose deadlines to (re)schedule, as jobs of up to MAX_JOB_BATCH each. */
export async function enqueueSlaSchedule(queues: Queues, incidents: Array<{ incidentId: string; version: number }>): Promise<void> {
	await enqueueMany(queues, JobName.SlaSchedule, chunks(incidents).map((batch) => ({ incidents: batch })));
}

function chunks<T>(xs: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < xs.length; i += MAX_JOB_BATCH) out.push(xs.slice(i, i + MAX_JOB_BATCH));
	return out;
}

/**
 * MetricsApply coalesces: at most one running and one waiting (the latest), however fast the relay publishes;
 * each run applies everything committed before it, so nothing is left behind.
 */
export async function enqueueMetricsApply(queues: Queues, upToSeq: number): Promise<void> {
	const data = { upToSeq };
	await queues[JobQueue.MetricsApply].add(JobName.MetricsApply, data, {
		jobId: jobId.MetricsApply(data),
		deduplication: { id: JobName.MetricsApply, keepLastIfActive: true }
	});
}
