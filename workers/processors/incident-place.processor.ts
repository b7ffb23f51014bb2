import type { AppContext } from '../../server/context.ts';
import { incidentRepository } from '../../server/db/repositories/incident.repository.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';
import { placeIncident } from '#domain/geo/place-incident.ts';

/**
 * Places the new incidents of a published batch in their settlements (coordinates → address → settlement field)
 * and publishes the updates, in one transaction: one outbox commit for the batch, not one per incident, since
 * outbox commits take turns. The row locks and the `pending` check make a second run, or a second worker, a
 * no-op for every incident already placed.
 */
export async function incidentPlace(ctx: AppContext, { incidentIds }: JobPayloads['IncidentPlace']): Promise<'done' | 'skipped'> {
	const { index, gazetteer } = ctx.municipality;
	const placed = await ctx.db.transaction().execute(async (trx) => {
		const rows = await trx
			.selectFrom('incidents')
			.select(['id', 'lat', 'lon', 'address', 'settlement_hint', 'text', 'placement'])
			.where('id', 'in', incidentIds)
			.where('placement', '=', 'pending')
			// one lock order for every job, so two jobs sharing incidents wait instead of deadlocking
			.orderBy('id')
			.forUpdate()
			.execute();
		if (rows.length === 0) return 0;
		const events = [];
		for (const row of rows) {
			const placed = placeIncident(
				{ lat: row.lat, lon: row.lon, address: row.address, settlement: row.settlement_hint, text: row.text },
				index,
				gazetteer
			);
			await trx
				.updateTable('incidents')
				.set((eb) => ({
					settlement_id: placed.settlementId,
					placement: placed.placement,
					version: eb('version', '+', 1),
					updated_at: new Date()
				}))
				.where('id', '=', row.id)
				.execute();
			events.push({ incidentId: row.id, type: 'placed', actor: 'system', data: { settlementId: placed.settlementId, placement: placed.placement } });
		}
		await incidentRepository.appendEvents(trx, events);
		await incidentRepository.appendOutbox(trx, rows.map((r) => ({ event: 'incident:updated' as const, incidentId: r.id })));
		return rows.length;
	});
	if (placed > 0) ctx.notifyOutbox();
	return placed > 0 ? 'done' : 'skipped';
}
