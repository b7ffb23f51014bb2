import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
	aggregateDrift,
	applyEvent,
	bucketOf,
	decodeKey,
	encodeKey,
	eventDeltas,
	keyOf,
	recomputeAggregates,
	type AggregateFacts,
	type AggregateState
} from '../../../../src/lib/domain/analytics/aggregate.ts';

const TZ = 'Europe/Moscow';
const options = { timeZone: TZ };

function incident(overrides: Partial<AggregateFacts> = {}): AggregateFacts {
	return {
		receivedAt: '2026-03-10T23:30:00+03:00',
		block: 'zhkh',
		settlementId: 'shepsi',
		departmentId: null,
		channel: 'pos',
		status: 'received',
		...overrides
	};
}

describe('time buckets', () => {
	it('starts the hour and the day on the local clock', () => {
		// 23:30 MSK on 10 March: the hour began at 23:00 MSK = 20:00 UTC, the day at 00:00 MSK = 21:00 UTC the day before
		expect(bucketOf(new Date('2026-03-10T23:30:00+03:00'), 'hour', TZ)).toBe('2026-03-10T20:00:00.000Z');
		expect(bucketOf(new Date('2026-03-10T23:30:00+03:00'), 'day', TZ)).toBe('2026-03-09T21:00:00.000Z');
		// the same instant in Novokuznetsk (+07:00) is already 11 March, 03:30
		expect(bucketOf('2026-03-10T23:30:00+03:00', 'day', 'Asia/Novokuznetsk')).toBe('2026-03-10T17:00:00.000Z');
	});

	it('keeps half-hour zones on their own hour boundaries', () => {
		// 10:45 in Kolkata (+05:30) belongs to the 10:00 local hour = 04:30 UTC
		expect(bucketOf('2026-03-10T10:45:00+05:30', 'hour', 'Asia/Kolkata')).toBe('2026-03-10T04:30:00.000Z');
	});

	it('puts the first and the last minute of a local day into that day', () => {
		expect(bucketOf('2026-03-10T00:00:00+03:00', 'day', TZ)).toBe('2026-03-09T21:00:00.000Z');
		expect(bucketOf('2026-03-10T23:59:59.999+03:00', 'day', TZ)).toBe('2026-03-09T21:00:00.000Z');
		expect(bucketOf('2026-03-11T00:00:00+03:00', 'day', TZ)).toBe('2026-03-10T21:00:00.000Z');
	});
});

describe('aggregate keys', () => {
	it('round-trips a key through its string form, nulls included', () => {
		const key = keyOf(incident(), 'hour', TZ);
		expect(encodeKey(key)).toBe('hour|2026-03-10T20:00:00.000Z|zhkh|shepsi||pos|received');
		expect(decodeKey(encodeKey(key))).toEqual(key);
	});
});

describe('incremental aggregation', () => {
	it('counts a new incident once per bucket size', () => {
		const state = applyEvent(new Map(), { before: null, after: incident() }, options);
		expect(Object.fromEntries(state)).toEqual({
			'hour|2026-03-10T20:00:00.000Z|zhkh|shepsi||pos|received': 1,
			'day|2026-03-09T21:00:00.000Z|zhkh|shepsi||pos|received': 1
		});
	});

	it('moves an incident from its old cell to the new one when it is assigned', () => {
		const state: AggregateState = new Map();
		applyEvent(state, { before: null, after: incident() }, options);
		applyEvent(state, { before: null, after: incident({ receivedAt: '2026-03-10T23:10:00+03:00' }) }, options);
		applyEvent(state, { before: incident(), after: incident({ status: 'assigned', departmentId: 'roads' }) }, options);
		expect(Object.fromEntries(state)).toEqual({
			'hour|2026-03-10T20:00:00.000Z|zhkh|shepsi||pos|received': 1,
			'day|2026-03-09T21:00:00.000Z|zhkh|shepsi||pos|received': 1,
			'hour|2026-03-10T20:00:00.000Z|zhkh|shepsi|roads|pos|assigned': 1,
			'day|2026-03-09T21:00:00.000Z|zhkh|shepsi|roads|pos|assigned': 1
		});
	});

	it('changes nothing for an event that leaves the cell as it was', () => {
		expect(eventDeltas({ before: incident(), after: incident() }, options)).toEqual([]);
	});

	it('drops a cell that falls to zero, so the state equals a recompute', () => {
		const state: AggregateState = new Map();
		applyEvent(state, { before: null, after: incident() }, options);
		applyEvent(state, { before: incident(), after: null }, options);
		expect(state.size).toBe(0);
	});

	it('reports the cells where the incremental state drifted from a recompute', () => {
		const recomputed = recomputeAggregates([incident()], options);
		const drifted = new Map(recomputed);
		drifted.set('day|2026-03-09T21:00:00.000Z|zhkh|shepsi||pos|received', 2);
		drifted.set('day|2026-03-09T21:00:00.000Z|zhkh|shepsi||im|received', 1);
		expect(aggregateDrift(drifted, recomputed)).toEqual([
			{ key: 'day|2026-03-09T21:00:00.000Z|zhkh|shepsi||im|received', incremental: 1, recomputed: 0 },
			{ key: 'day|2026-03-09T21:00:00.000Z|zhkh|shepsi||pos|received', incremental: 2, recomputed: 1 }
		]);
		expect(aggregateDrift(recomputed, recomputeAggregates([incident()], options))).toEqual([]);
	});

	it('equals a full recompute after any sequence of creations, changes and deletions', () => {
		const facts = fc.record({
			// four days around a month end, minute resolution
			receivedAt: fc.integer({ min: Date.parse('2026-03-30T00:00:00Z') / 60_000, max: Date.parse('2026-04-03T00:00:00Z') / 60_000 }).map((m) => m * 60_000),
			block: fc.constantFrom('zhkh', 'roads', null),
			settlementId: fc.constantFrom('shepsi', 'tuapse', null),
			departmentId: fc.constantFrom('roads', 'housing', null),
			channel: fc.constantFrom('pos', 'im'),
			status: fc.constantFrom('received', 'in_work', 'assigned', 'closed')
		});
		const op = fc.record({ incident: fc.integer({ min: 0, max: 9 }), next: fc.option(facts, { nil: null }) });
		fc.assert(
			fc.property(fc.array(op, { maxLength: 60 }), fc.constantFrom('Europe/Moscow', 'Asia/Vladivostok', 'Asia/Kolkata'), (ops, timeZone) => {
				const current = new Map<number, AggregateFacts>();
				const state: AggregateState = new Map();
				for (const { incident: id, next } of ops) {
					const before = current.get(id) ?? null;
					if (before === null && next === null) continue;
					applyEvent(state, { before, after: next }, { timeZone });
					if (next === null) current.delete(id);
					else current.set(id, next);
				}
				expect(aggregateDrift(state, recomputeAggregates(current.values(), { timeZone }))).toEqual([]);
				let total = 0;
				for (const v of state.values()) total += v;
				// one count per incident and bucket size
				expect(total).toBe(current.size * 2);
			}),
			{ numRuns: 300 }
		);
	});
});
