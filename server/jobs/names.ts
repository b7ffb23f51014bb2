import { z } from 'zod';

/** Every queue the product uses. */
export const QueueName = { Incidents: 'incidents' } as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Every job name; each has exactly one processor (workers/index.ts refuses to start otherwise). */
export const JobName = { IncidentPlace: 'IncidentPlace' } as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export const JobPayloadSchemas = {
	[JobName.IncidentPlace]: z.object({ incidentId: z.uuid() })
} satisfies Record<JobName, z.ZodType>;

export type JobPayloads = { [K in JobName]: z.infer<(typeof JobPayloadSchemas)[K]> };

export const JobQueue: Record<JobName, QueueName> = {
	[JobName.IncidentPlace]: QueueName.Incidents
};

/** Job ids come from business keys so a retry or a second enqueue is harmless (no ':' allowed). */
export const jobId = {
	[JobName.IncidentPlace]: (p: JobPayloads['IncidentPlace']) => `IncidentPlace-${p.incidentId}`
} satisfies { [K in JobName]: (p: JobPayloads[K]) => string };
