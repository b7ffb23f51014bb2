import type { AppContext } from '../../server/context.ts';
import { incidentRepository } from '../../server/db/repositories/incident.repository.ts';
import { scheduleFromRow } from '../../server/incidents/incident-sla.service.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';

/**
 * A change of an incident was published: schedule a delayed SlaCheck per running deadline, on the context's
 * clock. Reads the current row, so an older version's job schedules the newest deadlines too (ids dedupe).
 */
export async function slaSchedule(ctx: AppContext, { incidentId }: JobPayloads['SlaSchedule']): Promise<'done' | 'skipped'> {
	const row = await incidentRepository.findById(ctx.db, incidentId);
	if (!row) return 'skipped';
	return (await scheduleFromRow(ctx, row)) > 0 ? 'done' : 'skipped';
}
