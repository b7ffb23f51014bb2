import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SlaClockNameSchema } from '#domain/incident.ts';

/** Every queue the product uses. SLA jobs have their own, so a burst of placements never delays a deadline. */
export const QueueName = { Incidents: 'incidents', Sla: 'sla', Metrics: 'metrics' } as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Every job name; each has exactly one processor (workers/index.ts refuses to start otherwise). */
export const JobName = {
	/** new incidents (one published outbox batch): place each in its settlement */
	IncidentPlace: 'IncidentPlace',
	/** committed changes of incidents (one published outbox batch): (re)schedule a SlaCheck per running deadline */
	SlaSchedule: 'SlaSchedule',
	/** a delayed job at one deadline: flag the clock overdue, or close an elapsed satisfaction window */
	SlaCheck: 'SlaCheck',
	/** at worker start and every minute: settle deadlines passed while nothing ran, schedule the next ones */
	SlaSweep: 'SlaSweep',
	/** committed outbox rows → the metric aggregates, exactly once (a cursor under an advisory lock) */
	MetricsApply: 'MetricsApply',
	/** nightly and at worker start: rebuild the aggregates from the incidents, report and repair the drift */
	MetricsRecompute: 'MetricsRecompute'
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

const isoInstant = z.iso.datetime({ offset: true });

/** The most incidents one IncidentPlace or SlaSchedule job carries (the relay publishes 500 rows at a time). */
export const MAX_JOB_BATCH = 1000;
const isSingle = (v: unknown): v is { incidentId: string } =>
	typeof v === 'object' && v !== null && 'incidentId' in v && !('incidentIds' in v) && !('incidents' in v);

export const JobPayloadSchemas = {
	// one job per published outbox batch, not per incident: Redis work stays per batch at any ingest rate.
	// `{ incidentId }` / `{ incidentId, version }` are jobs queued by an older version, read as a batch of one
	[JobName.IncidentPlace]: z.preprocess(
		(v) => (isSingle(v) ? { incidentIds: [v.incidentId] } : v),
		z.object({ incidentIds: z.array(z.uuid()).min(1).max(MAX_JOB_BATCH) })
	),
	[JobName.SlaSchedule]: z.preprocess(
		(v) => (isSingle(v) ? { incidents: [v] } : v),
		z.object({ incidents: z.array(z.object({ incidentId: z.uuid(), version: z.number().int().positive() })).min(1).max(MAX_JOB_BATCH) })
	),
	[JobName.SlaCheck]: z.object({ incidentId: z.uuid(), clock: SlaClockNameSchema, dueAt: isoInstant }),
	// absent `at`: the every-minute scheduler's template; present: a one-off sweep requested at that instant
	[JobName.SlaSweep]: z.object({ at: isoInstant.optional() }),
	// `upToSeq`: the relay published the outbox up to there; absent: the safety-net scheduler's template
	[JobName.MetricsApply]: z.object({ upToSeq: z.number().int().nonnegative().optional() }),
	[JobName.MetricsRecompute]: z.object({ at: isoInstant.optional() })
} satisfies Record<JobName, z.ZodType>;

export type JobPayloads = { [K in JobName]: z.infer<(typeof JobPayloadSchemas)[K]> };

export const JobQueue: Record<JobName, QueueName> = {
	[JobName.IncidentPlace]: QueueName.Incidents,
	[JobName.SlaSchedule]: QueueName.Sla,
	[JobName.SlaCheck]: QueueName.Sla,
	[JobName.SlaSweep]: QueueName.Sla,
	[JobName.MetricsApply]: QueueName.Metrics,
	[JobName.MetricsRecompute]: QueueName.Metrics
};

/** Job ids come from business keys so a retry or a second enqueue is harmless (no ':' allowed). */
export const jobId = {
	// the same batch twice (a re-published tail) is one job; a batch cut differently is another, found done by its processor
	[JobName.IncidentPlace]: (p: JobPayloads['IncidentPlace']) => `IncidentPlace-${digest(p.incidentIds)}`,
	[JobName.SlaSchedule]: (p: JobPayloads['SlaSchedule']) => `SlaSchedule-${digest(p.incidents.map((i) => `${i.incidentId}v${i.version}`))}`,
	// a moved deadline is a new job; the old one finds its due time gone and skips
	[JobName.SlaCheck]: (p: JobPayloads['SlaCheck']) => `SlaCheck-${p.incidentId}-${p.clock}-${Date.parse(p.dueAt)}`,
	[JobName.SlaSweep]: (p: JobPayloads['SlaSweep']) => `SlaSweep-${p.at ? Date.parse(p.at) : 'scheduled'}`,
	[JobName.MetricsApply]: (p: JobPayloads['MetricsApply']) => `MetricsApply-${p.upToSeq ?? 'scheduled'}`,
	[JobName.MetricsRecompute]: (p: JobPayloads['MetricsRecompute']) => `MetricsRecompute-${p.at ? Date.parse(p.at) : 'scheduled'}`
} satisfies { [K in JobName]: (p: JobPayloads[K]) => string };

function digest(keys: string[]): string {
	return `${keys.length}x${createHash('sha1').update(keys.join(',')).digest('hex').slice(0, 24)}`;
}

/** The stable id of the every-minute sweep's job scheduler. */
export const SLA_SWEEP_SCHEDULER_ID = 'SlaSweep-every-minute';

/** The metric aggregation's scheduler ids: a safety net for lost enqueues, and the nightly recompute. */
export const METRICS_APPLY_SCHEDULER_ID = 'MetricsApply-every-5s';
export const METRICS_RECOMPUTE_SCHEDULER_ID = 'MetricsRecompute-nightly';

/** Jobs of one queue run one at a time per process: the metric jobs serialise on one lock anyway. */
export const QueueConcurrency: Partial<Record<QueueName, number>> = { [QueueName.Metrics]: 1 };
