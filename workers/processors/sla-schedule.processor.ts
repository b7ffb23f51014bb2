import type { AppContext } from '../../server/context.ts';
import { incidentRepository } from '../../server/db/repositories/incident.repository.ts';
import { scheduleFromRows } from '../../server/incidents/incident-sla.service.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';

/**
 * Changes of incidents were published: schedule a delayed SlaCheck per running deadline, on the context's
 * clock. Reads the current rows, so an older version's job schedules the newest deadlines too (ids dedupe).
 */
export async function slaSchedule(ctx: AppContext, { incidents }: JobPayloads['SlaSchedule']): Promise<'done' | 'skipped'> {
	const rows = await incidentRepository.findByIds(ctx.db, [...new Set(incidents.map((i) => i.incidentId))]);
	// one Redis round trip for the whole batch, not one per incident
	return (await scheduleFromRows(ctx, rows)) > 0 ? 'done' : 'skipped';
}
