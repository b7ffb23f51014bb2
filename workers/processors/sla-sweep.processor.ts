import type { AppContext } from '../../server/context.ts';
import { sweepSla } from '../../server/incidents/incident-sla.service.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';

/**
 * At worker start and every minute: flips deadlines that passed while nothing ran, closes elapsed satisfaction
 * windows, and re-schedules the deadlines of the next two minutes in case their delayed job was lost.
 */
export async function slaSweep(ctx: AppContext, _data: JobPayloads['SlaSweep']): Promise<'done' | 'skipped'> {
	const { settled, scheduled } = await sweepSla(ctx);
	if (settled) ctx.logger.info({ settled, scheduled }, 'SLA sweep settled passed deadlines');
	return settled > 0 ? 'done' : 'skipped';
}
