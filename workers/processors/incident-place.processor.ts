import type { AppContext } from '../../server/context.ts';
import { incidentRepository } from '../../server/db/repositories/incident.repository.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';
import { placeIncident } from '#domain/geo/place-incident.ts';

/**
 * Places a new incident in its settlement (coordinates → address → settlement field) and publishes the update.
 * The row lock and the `pending` check make a second run, or a second worker, a no-op.
 */
export async function incidentPlace(ctx: AppContext, { incidentId }: JobPayloads['IncidentPlace']): Promise<'done' | 'skipped'> {
	const { index, gazetteer } = ctx.municipality;
	const result = await ctx.db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('incidents')
			.select(['id', 'lat', 'lon', 'address', 'settlement_hint', 'text', 'placement'])
			.where('id', '=', incidentId)
			.where('placement', '=', 'pending')
			.forUpdate()
			.executeTakeFirst();
		if (!row) return 'skipped' as const;
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
			.where('id', '=', incidentId)
			.execute();
		await incidentRepository.appendEvents(trx, [
			{ incidentId, type: 'placed', actor: 'system', data: { settlementId: placed.settlementId, placement: placed.placement } }
		]);
		await incidentRepository.appendOutbox(trx, [{ event: 'incident:updated', incidentId }]);
		return 'done' as const;
	});
	if (result === 'done') ctx.notifyOutbox();
	return result;
}
