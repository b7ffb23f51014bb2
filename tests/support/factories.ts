import type { IncidentInput } from '../../src/lib/domain/incident.ts';

let n = 0;

/** A valid ingest item with deterministic defaults; override what the test is about. */
export function incidentInput(overrides: Partial<IncidentInput> = {}): IncidentInput {
	n += 1;
	return {
		source: 'pos.gosuslugi',
		externalId: `ext-${process.pid}-${n}`,
		channel: 'pos',
		text: 'Во дворе дома 12 по ул. Ленина не вывозят мусор уже неделю',
		receivedAt: '2026-11-23T10:15:00+03:00',
		category: 'Вывоз ТКО',
		address: 'г. Туапсе, ул. Ленина, 12',
		lat: 44.1044,
		lon: 39.0772,
		...overrides
	};
}
