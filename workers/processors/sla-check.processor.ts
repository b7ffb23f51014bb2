import type { AppContext } from '../../server/context.ts';
import { settleSla } from '../../server/incidents/incident-sla.service.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';

/**
 * Fires at one deadline. Under the row lock: if the clock still runs with this due time, now >= due and it is not
 * flagged yet, the incident turns overdue (an `overdue` event and an outbox row); an elapsed satisfaction window
 * closes the incident (`satisfaction_timeout` by `system`). Anything else — a moved deadline, a stopped clock,
 * a second worker — is 'skipped'.
 */
export async function slaCheck(ctx: AppContext, { incidentId, clock, dueAt }: JobPayloads['SlaCheck']): Promise<'done' | 'skipped'> {
	return settleSla(ctx, incidentId, { clock, dueAt });
}
