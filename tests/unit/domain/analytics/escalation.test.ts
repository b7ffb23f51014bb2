import { describe, it, expect } from 'vitest';
import {
	EscalationConfigSchema,
	escalationSignals,
	negativeReactions,
	normalizeAddress,
	repeatComplaints,
	type ComplaintFact,
	type ReactionFact
} from '../../../../src/lib/domain/analytics/escalation.ts';

const now = new Date('2026-03-12T12:00:00+03:00');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

function complaint(id: string, overrides: Partial<ComplaintFact> = {}): ComplaintFact {
	return { incidentId: id, at: daysAgo(1), settlementId: 'tuapse', ...overrides };
}

describe('address keys', () => {
	it('writes one address the same way however the citizen typed it', () => {
		const key = 'туапсе ленина 5а';
		expect(normalizeAddress('352800, Краснодарский край, г. Туапсе, ул. Ленина, д. 5-а, кв. 12')).toBe(key);
		expect(normalizeAddress('Туапсе, улица В.И. Ленина 5 а')).toBe(key);
		expect(normalizeAddress('г Туапсе ул Ленина дом 5А')).toBe(key);
		expect(normalizeAddress('Туапсинский р-н, Туапсе, Ленина 5а, подъезд 2')).toBe(key);
	});

	it('keeps the house, its corpus and building apart from the flat', () => {
		expect(normalizeAddress('ул. Мира, д. 10, корп. 2, кв. 7')).toBe('мира 10 к2');
		expect(normalizeAddress('Мира 10 к 2')).toBe('мира 10 к2');
		expect(normalizeAddress('пр-т Победы, 3/1, стр. 4')).toBe('победы 3/1 с4');
		expect(normalizeAddress('Ёлочная, 1')).toBe('елочная 1');
	});

	it('has no key for an empty address', () => {
		expect(normalizeAddress('')).toBeNull();
		expect(normalizeAddress(null)).toBeNull();
		expect(normalizeAddress('ул., д.')).toBeNull();
	});
});

describe('repeat complaints', () => {
	it('signals three complaints on one address within seven days', () => {
		const signals = repeatComplaints(
			[
				complaint('a', { address: 'ул. Ленина, д. 5', at: daysAgo(6) }),
				complaint('b', { address: 'Ленина 5', at: daysAgo(3) }),
				complaint('c', { address: 'улица Ленина, дом 5, кв. 3', at: daysAgo(0.5) }),
				complaint('d', { address: 'Ленина 7', at: daysAgo(1) })
			],
			now
		);
		expect(signals).toEqual([
			{
				kind: 'repeat_address',
				key: 'tuapse|ленина 5',
				count: 3,
				label: 'улица Ленина, дом 5, кв. 3',
				firstAt: daysAgo(6),
				lastAt: daysAgo(0.5),
				incidentIds: ['a', 'b', 'c']
			}
		]);
	});

	it('does not count a complaint older than the window or from the future', () => {
		const signals = repeatComplaints(
			[
				complaint('a', { address: 'Ленина 5', at: daysAgo(7) }),
				complaint('b', { address: 'Ленина 5', at: daysAgo(3) }),
				complaint('c', { address: 'Ленина 5', at: daysAgo(1) }),
				complaint('d', { address: 'Ленина 5', at: daysAgo(-1) })
			],
			now
		);
		// exactly seven days ago is outside (now − 7 d, now]
		expect(signals).toEqual([]);
	});

	it('keeps the same street address in two settlements apart, and a street without a house out', () => {
		const signals = repeatComplaints(
			[
				complaint('a', { address: 'Ленина 5' }),
				complaint('b', { address: 'Ленина 5' }),
				complaint('c', { address: 'Ленина 5', settlementId: 'shepsi' }),
				complaint('d', { address: 'ул. Ленина' }),
				complaint('e', { address: 'ул. Ленина' }),
				complaint('f', { address: 'ул. Ленина' })
			],
			now
		);
		expect(signals).toEqual([]);
	});

	it('signals repeats on one topic and from one author, biggest first', () => {
		const signals = repeatComplaints(
			[
				...['a', 'b', 'c', 'd'].map((id) => complaint(id, { topicKey: 'no-hot-water|shepsi' })),
				...['e', 'f', 'g'].map((id) => complaint(id, { authorKey: 'author-17' })),
				complaint('h', { topicKey: 'potholes|tuapse' })
			],
			now
		);
		expect(signals.map((s) => [s.kind, s.key, s.count])).toEqual([
			['repeat_topic', 'no-hot-water|shepsi', 4],
			['repeat_author', 'author-17', 3]
		]);
	});

	it('takes the threshold and the window from configuration', () => {
		const config = EscalationConfigSchema.parse({ minRepeats: 2, windowDays: 2 });
		const input = [complaint('a', { address: 'Ленина 5', at: daysAgo(1) }), complaint('b', { address: 'Ленина 5', at: daysAgo(1.5) }), complaint('c', { address: 'Ленина 5', at: daysAgo(3) })];
		expect(repeatComplaints(input, now, config).map((s) => s.incidentIds)).toEqual([['a', 'b']]);
	});
});

describe('negative reactions', () => {
	const reactions = (unit: string, negative: number, positive: number, at = daysAgo(1)): ReactionFact[] => [
		...Array.from({ length: negative }, (_, i) => ({ incidentId: `${unit}-n${i}`, unit, at, negative: true })),
		...Array.from({ length: positive }, (_, i) => ({ incidentId: `${unit}-p${i}`, unit, at, negative: false }))
	];

	it('signals a unit with many negative reactions that are a large share of its reactions', () => {
		const signals = negativeReactions([...reactions('housing', 6, 4), ...reactions('roads', 6, 30), ...reactions('parks', 3, 0)], now);
		// housing: 6 of 10 = 60 % ≥ 30 % and 6 ≥ 5; roads: 6 of 36 = 17 %; parks: only 3
		expect(signals).toHaveLength(1);
		expect(signals[0]).toMatchObject({ kind: 'negative_reactions', key: 'housing', count: 6, total: 10, share: 0.6 });
		expect(signals[0].incidentIds).toHaveLength(6);
	});

	it('forgets reactions older than the window', () => {
		expect(negativeReactions(reactions('housing', 6, 0, daysAgo(8)), now)).toEqual([]);
	});
});

describe('all escalation signals', () => {
	it('lists repeat complaints, then negative reactions', () => {
		const signals = escalationSignals(
			{
				complaints: ['a', 'b', 'c'].map((id) => complaint(id, { address: 'Ленина 5' })),
				reactions: Array.from({ length: 9 }, (_, i) => ({ incidentId: `r${i}`, unit: 'housing', at: daysAgo(2), negative: true }))
			},
			now
		);
		expect(signals.map((s) => [s.kind, s.count])).toEqual([
			['repeat_address', 3],
			['negative_reactions', 9]
		]);
	});
});
