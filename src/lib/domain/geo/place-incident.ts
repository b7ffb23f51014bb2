/**
 * Places an incident in a settlement: coordinates first, then the address, then the settlement field.
 * A point outside every settlement stays unplaced (settlementId null, 'none'): the duty console shows it
 * as «вне территории»; nothing is dropped.
 */
import type { Placement } from '../incident.ts';
import type { Gazetteer } from './gazetteer.ts';
import type { SettlementIndex } from './settlement-index.ts';

export interface PlaceIncidentInput {
	lat?: number | null;
	lon?: number | null;
	address?: string | null;
	settlement?: string | null;
	/** accepted for callers that pass the whole incident; the message text is not used for placing */
	text?: string;
}

// 'pending' belongs to the incident's life before placing, never to a result
export type IncidentPlacement = Exclude<Placement, 'pending'>;

export interface PlacedIncident {
	settlementId: string | null;
	placement: IncidentPlacement;
}

export function placeIncident(input: PlaceIncidentInput, idx: SettlementIndex, gaz: Gazetteer): PlacedIncident {
	const byPoint = placeByPoint(input, idx);
	if (byPoint) return byPoint;
	const byAddress = input.address ? gaz.match(input.address) : null;
	if (byAddress) return { settlementId: byAddress.settlementId, placement: 'address' };
	const byField = input.settlement ? gaz.match(input.settlement) : null;
	if (byField) return { settlementId: byField.settlementId, placement: 'settlement field' };
	return { settlementId: null, placement: 'none' };
}

/**
 * The placement an incident's coordinates decide on their own (null without usable coordinates): exact geometry
 * over an in-memory index, so ingest does it inline and the incident is born placed; words go to the placing job.
 */
export function placeByPoint(input: Pick<PlaceIncidentInput, 'lat' | 'lon'>, idx: SettlementIndex): PlacedIncident | null {
	const point = coordinatesOf(input);
	if (!point) return null;
	// coordinates outrank a contradicting address: the point is what the citizen marked on a map
	const settlement = idx.locate(point.lon, point.lat);
	return settlement ? { settlementId: settlement.id, placement: 'coordinates' } : { settlementId: null, placement: 'none' };
}

function coordinatesOf({ lat, lon }: PlaceIncidentInput): { lat: number; lon: number } | null {
	if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
	// 0,0 is what many exporters write for "no point"
	return lat === 0 && lon === 0 ? null : { lat, lon };
}
