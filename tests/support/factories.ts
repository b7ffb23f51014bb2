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

/**
 * A clock for tests: real time shifted to a chosen instant, so BullMQ delays (real time) and the context's
 * `now()` agree; `set` moves it, and it keeps ticking from there.
 */
export function testClock(start: Date | string = new Date()) {
	let offset = new Date(start).getTime() - Date.now();
	return {
		now: () => new Date(Date.now() + offset),
		set(at: Date | string) {
			offset = new Date(at).getTime() - Date.now();
		},
		/** the real instant at which this clock shows `at` */
		realTimeOf: (at: Date | string) => new Date(at).getTime() - offset
	};
}

/** A POST /api/v1/incidents/:id/actions request as the route receives it. */
export function actionRequest(id: string, body: unknown, token = 'test-ingest-token'): Request {
	return new Request(`http://mcu.test/api/v1/incidents/${id}/actions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}
