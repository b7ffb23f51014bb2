import { describe, it, expect } from 'vitest';
import {
	histogramOf,
	LATENCY_BUCKET_COUNT,
	LATENCY_BUCKET_EDGES_MINUTES,
	latencyBucketOf,
	medianFromHistogram,
	mergeUnitFacts,
	quantileFromHistogram,
	RATING_FORMULA_MARKDOWN,
	rateUnits,
	scoreBand,
	speedScore,
	UnitFactsSchema,
	type UnitFacts,
	type UnitRating
} from '../../../src/lib/domain/rating/rating.ts';
import { DEFAULT_RATING_CONFIG, periodRange, RatingConfigSchema } from '../../../src/lib/domain/rating/rating.config.ts';

/** A unit's facts with nothing observed, then the overrides. */
function facts(unit: string, overrides: Partial<UnitFacts> = {}): UnitFacts {
	return { unit, kind: 'department', n: 0, answered: 0, answeredOnTime: 0, reopened: 0, rated: 0, satisfied: 0, ...overrides };
}

const byUnit = (ratings: UnitRating[], unit: string) => ratings.find((r) => r.unit === unit)!;

describe('latency histograms', () => {
	it('puts a latency into the bucket whose lower edge it reaches', () => {
		expect(latencyBucketOf(0)).toBe(0);
		expect(latencyBucketOf(4.9)).toBe(0);
		expect(latencyBucketOf(5)).toBe(1);
		expect(latencyBucketOf(59)).toBe(LATENCY_BUCKET_EDGES_MINUTES.indexOf(45));
		expect(latencyBucketOf(60)).toBe(LATENCY_BUCKET_EDGES_MINUTES.indexOf(60));
		expect(latencyBucketOf(1_000_000)).toBe(LATENCY_BUCKET_COUNT - 1);
		expect(latencyBucketOf(-3)).toBe(0);
	});

	it('interpolates the median inside its bucket', () => {
		// 3 → [0,5), 7 → [5,10), 12 → [10,15), 40 → [30,45), 50 → [45,60); N/2 = 2.5 falls in [10,15) with 2 below:
		// 10 + (2.5 − 2) / 1 · 5 = 12.5 (the exact median is 12)
		expect(medianFromHistogram(histogramOf([3, 7, 12, 40, 50]))).toBeCloseTo(12.5, 10);
		// 30 → [30,45), 90 → [90,120), 150 → [120,180): 90 + (1.5 − 1) / 1 · 30 = 105
		expect(medianFromHistogram(histogramOf([30, 90, 150]))).toBeCloseTo(105, 10);
	});

	it('answers the lower edge in the open last bucket and nothing for no data', () => {
		expect(medianFromHistogram(histogramOf([50_000, 60_000]))).toBe(19_200);
		expect(medianFromHistogram(histogramOf([]))).toBeNull();
		// q = 0.9 of ten answers at 5–10 min: 5 + (9 − 0) / 10 · 5 = 9.5
		expect(quantileFromHistogram(histogramOf(Array(10).fill(7)), 0.9)).toBeCloseTo(9.5, 10);
	});
});

describe('speed component', () => {
	it('is full within the norm and falls to zero at three times the norm', () => {
		expect(speedScore(30)).toBe(1);
		expect(speedScore(60)).toBe(1);
		// 1 − (105 − 60) / (2 · 60) = 0.625
		expect(speedScore(105)).toBeCloseTo(0.625, 12);
		expect(speedScore(180)).toBe(0);
		expect(speedScore(500)).toBe(0);
	});
});

describe('rating formula', () => {
	it('reproduces the worked example: two perfect incidents against a mean of 0.70 score 78.6', () => {
		// speed is observed by nobody, so only onTime, quality and satisfaction count (weights 0.35, 0.20, 0.25).
		// pooled means: onTime (2 + 12) / 20 = 0.70; quality 1 − 6 / 20 = 0.70; satisfaction (2 + 12) / 20 = 0.70
		const ratings = rateUnits([
			facts('small', { n: 2, answered: 2, answeredOnTime: 2, rated: 2, satisfied: 2 }),
			facts('big', { n: 18, answered: 18, answeredOnTime: 12, reopened: 6, rated: 18, satisfied: 12 })
		]);
		const small = byUnit(ratings, 'small');
		// every component: (2 · 1 + 5 · 0.70) / (2 + 5) = 5.5 / 7 = 0.785714…, so the score is 78.6
		expect(small.components.onTime).toBeCloseTo(5.5 / 7, 12);
		expect(small.components.quality).toBeCloseTo(5.5 / 7, 12);
		expect(small.components.satisfaction).toBeCloseTo(5.5 / 7, 12);
		expect(small.components.speed).toBeNull();
		expect(small.score).toBe(78.6);
		// big: (18 · 2/3 + 3.5) / 23 = 15.5 / 23 = 0.673913… on each component → 67.4
		expect(byUnit(ratings, 'big').score).toBe(67.4);
		expect(small.rank).toBe(1);
	});

	it('weights the four components 0.35 / 0.20 / 0.20 / 0.25 after shrinking each by its own count', () => {
		// A: onTime 8/10, reopened 1 → quality 0.9, satisfied 3/4, first answers 30, 90, 150 → median 105 → speed 0.625
		// B: onTime 6/10, quality 1, satisfied 1/4, first answers 30, 30, 30 → median 30 + 1.5/3 · 15 = 37.5 → speed 1
		const ratings = rateUnits([
			facts('A', { n: 10, answered: 10, answeredOnTime: 8, reopened: 1, rated: 4, satisfied: 3, firstAnswerMinutes: [30, 90, 150] }),
			facts('B', { n: 10, answered: 10, answeredOnTime: 6, reopened: 0, rated: 4, satisfied: 1, firstAnswerMinutes: [30, 30, 30] })
		]);
		// means: onTime 14/20 = 0.7; speed (3·0.625 + 3·1)/6 = 0.8125; quality 19/20 = 0.95; satisfaction 4/8 = 0.5
		// A: onTime (8 + 3.5)/15 = 0.766667; speed (1.875 + 4.0625)/8 = 0.742188; quality (9 + 4.75)/15 = 0.916667;
		//    satisfaction (3 + 2.5)/9 = 0.611111
		//    score = 100 · (0.268333 + 0.148438 + 0.183333 + 0.152778) = 75.29 → 75.3
		const a = byUnit(ratings, 'A');
		expect(a.components.onTime).toBeCloseTo(11.5 / 15, 12);
		expect(a.components.speed).toBeCloseTo(5.9375 / 8, 12);
		expect(a.components.quality).toBeCloseTo(13.75 / 15, 12);
		expect(a.components.satisfaction).toBeCloseTo(5.5 / 9, 12);
		const expectedA = 100 * (0.35 * (11.5 / 15) + 0.2 * (5.9375 / 8) + 0.2 * (13.75 / 15) + 0.25 * (5.5 / 9));
		expect(a.score).toBe(Math.round(expectedA * 10) / 10);
		expect(a.score).toBe(75.3);
		expect(a.medianFirstAnswerMinutes).toBeCloseTo(105, 10);
		expect(a.observed).toEqual({ onTime: 0.8, speed: 0.625, quality: 0.9, satisfaction: 0.75 });
		// B: onTime (6 + 3.5)/15; speed (3 + 4.0625)/8; quality (10 + 4.75)/15; satisfaction (1 + 2.5)/9
		const expectedB = 100 * (0.35 * (9.5 / 15) + 0.2 * (7.0625 / 8) + 0.2 * (14.75 / 15) + 0.25 * (3.5 / 9));
		expect(byUnit(ratings, 'B').score).toBe(Math.round(expectedB * 10) / 10);
	});

	it('does not let one incident answered on time top 200 answered 95 % on time', () => {
		const ratings = rateUnits([
			facts('lucky', { n: 1, answered: 1, answeredOnTime: 1, rated: 1, satisfied: 1, firstAnswerMinutes: [10] }),
			facts('steady', {
				n: 200,
				answered: 200,
				answeredOnTime: 190,
				reopened: 10,
				rated: 100,
				satisfied: 90,
				firstAnswerMinutes: Array(200).fill(40)
			}),
			facts('slow', {
				n: 100,
				answered: 100,
				answeredOnTime: 60,
				reopened: 20,
				rated: 50,
				satisfied: 30,
				firstAnswerMinutes: Array(100).fill(150)
			})
		]);
		// onTime mean (1 + 190 + 60)/301 = 0.834: lucky (1 + 5·0.834)/6 = 0.861 < steady (190 + 4.17)/205 = 0.947
		expect(byUnit(ratings, 'lucky').components.onTime!).toBeLessThan(byUnit(ratings, 'steady').components.onTime!);
		expect(byUnit(ratings, 'steady').rank).toBe(1);
		expect(byUnit(ratings, 'lucky').rank).toBe(2);
		expect(byUnit(ratings, 'slow').rank).toBe(3);
		expect(byUnit(ratings, 'lucky').n).toBe(1);
	});

	it('shares a rank between equal scores and skips the next one', () => {
		const same = { n: 10, answered: 10, answeredOnTime: 9, rated: 5, satisfied: 4 };
		const ratings = rateUnits([
			facts('b', same),
			facts('a', same),
			facts('top', { n: 10, answered: 10, answeredOnTime: 10, rated: 5, satisfied: 5 }),
			facts('last', { n: 10, answered: 10, answeredOnTime: 2, rated: 5, satisfied: 1 })
		]);
		expect(ratings.map((r) => [r.unit, r.rank])).toEqual([
			['top', 1],
			['a', 2],
			['b', 2],
			['last', 4]
		]);
	});

	it('reports the rank change against the previous period, positive when the unit moved up', () => {
		const ratings = rateUnits(
			[
				facts('roads', { n: 20, answered: 20, answeredOnTime: 19 }),
				facts('housing', { n: 20, answered: 20, answeredOnTime: 12 }),
				facts('parks', { n: 20, answered: 20, answeredOnTime: 5 })
			],
			[
				{ unit: 'roads', kind: 'department', rank: 3 },
				{ unit: 'housing', kind: 'department', rank: 1 },
				{ unit: 'roads', kind: 'settlement', rank: 1 }
			]
		);
		expect(byUnit(ratings, 'roads')).toMatchObject({ rank: 1, rankChange: 2 });
		expect(byUnit(ratings, 'housing')).toMatchObject({ rank: 2, rankChange: -1 });
		// parks was not ranked before
		expect(byUnit(ratings, 'parks')).toMatchObject({ rank: 3, rankChange: null });
	});

	it('rates departments and settlements apart, each against its own mean', () => {
		const ratings = rateUnits([
			facts('dep', { n: 10, answered: 10, answeredOnTime: 5 }),
			{ ...facts('shepsi', { n: 10, answered: 10, answeredOnTime: 9 }), kind: 'settlement' }
		]);
		// alone in its kind, each unit is its own mean ((10·x + 5·x)/15 = x), with quality 1 (nothing re-opened):
		// dep (0.35·0.5 + 0.2·1)/0.55 = 0.6818 → 68.2; shepsi (0.35·0.9 + 0.2·1)/0.55 = 0.9364 → 93.6
		expect(byUnit(ratings, 'dep')).toMatchObject({ rank: 1, score: 68.2 });
		expect(byUnit(ratings, 'shepsi')).toMatchObject({ rank: 1, score: 93.6, kind: 'settlement' });
	});

	it('gives a unit without observations the mean, and leaves a component nobody observed out of the score', () => {
		const ratings = rateUnits([facts('quiet', { n: 3 }), facts('busy', { n: 10, answered: 10, answeredOnTime: 7 })]);
		const quiet = byUnit(ratings, 'quiet');
		expect(quiet.components.onTime).toBeCloseTo(0.7, 12);
		expect(quiet.components.satisfaction).toBeNull();
		// onTime and quality (1 − 0/10 = 1) are the only components: (0.35·0.7 + 0.2·1) / 0.55 = 0.80909…
		expect(quiet.score).toBe(80.9);
		expect(rateUnits([facts('nothing', { n: 1 })])[0]).toMatchObject({ score: null, rank: null });
	});

	it('rates ИМ and ПОС combined from the sum of their facts', () => {
		const im = facts('roads', { n: 4, answered: 4, answeredOnTime: 3, firstAnswerMinutes: [10, 20], resolutionMinutes: [600] });
		const pos = facts('roads', { n: 6, answered: 5, answeredOnTime: 5, reopened: 1, firstAnswerHistogram: histogramOf([70]), rated: 2, satisfied: 1 });
		const both = mergeUnitFacts(im, pos);
		expect(both).toMatchObject({ n: 10, answered: 9, answeredOnTime: 8, reopened: 1, rated: 2, satisfied: 1 });
		expect(both.firstAnswerHistogram).toEqual(histogramOf([10, 20, 70]));
		expect(both.resolutionHistogram).toEqual(histogramOf([600]));
		expect(UnitFactsSchema.parse(both)).toEqual(both);
	});

	it('is the same whether latencies come raw or as histograms', () => {
		const raw = [facts('a', { n: 5, answered: 5, answeredOnTime: 4, firstAnswerMinutes: [12, 70, 95] }), facts('b', { n: 5, answered: 5, answeredOnTime: 5, firstAnswerMinutes: [200] })];
		const bucketed = raw.map(({ firstAnswerMinutes, ...f }) => ({ ...f, firstAnswerHistogram: histogramOf(firstAnswerMinutes!) }));
		expect(rateUnits(bucketed)).toEqual(rateUnits(raw));
	});

	it('colours scores green from 80 and yellow from 60', () => {
		expect([scoreBand(80), scoreBand(79.9), scoreBand(60), scoreBand(59.9), scoreBand(null)]).toEqual(['green', 'yellow', 'yellow', 'red', null]);
	});
});

describe('rating configuration', () => {
	it('has the documented defaults', () => {
		expect(DEFAULT_RATING_CONFIG.weights).toEqual({ onTime: 0.35, speed: 0.2, quality: 0.2, satisfaction: 0.25 });
		expect(DEFAULT_RATING_CONFIG.priorStrength).toBe(5);
		expect(DEFAULT_RATING_CONFIG.speed).toEqual({ targetMinutes: 60, decayK: 2 });
		expect(RatingConfigSchema.parse({ weights: { onTime: 1 } }).weights).toEqual({ onTime: 1, speed: 0.2, quality: 0.2, satisfaction: 0.25 });
	});

	it('refuses weights that are all zero', () => {
		expect(() => RatingConfigSchema.parse({ weights: { onTime: 0, speed: 0, quality: 0, satisfaction: 0 } })).toThrow(/at least one weight/);
	});

	it('uses the weights from configuration', () => {
		const config = RatingConfigSchema.parse({ weights: { onTime: 1, speed: 0, quality: 0, satisfaction: 0 }, priorStrength: 0 });
		const ratings = rateUnits([facts('a', { n: 4, answered: 4, answeredOnTime: 3, rated: 4, satisfied: 0 })], [], config);
		expect(ratings[0].score).toBe(75);
	});

	it('explains the formula with the default weights for the README', () => {
		expect(RATING_FORMULA_MARKDOWN).toContain('x̃ = (n · x + m · μ) / (n + m)');
		expect(RATING_FORMULA_MARKDOWN).toContain('onTime 0.35, speed 0.2, quality 0.2, satisfaction 0.25');
		expect(RATING_FORMULA_MARKDOWN).toContain('*m* = 5');
		expect(RATING_FORMULA_MARKDOWN).toContain('0.833');
		expect(RATING_FORMULA_MARKDOWN).toContain('0.946');
	});
});

describe('rating periods', () => {
	// Thursday 12 March 2026, 10:00 in Moscow (+03:00)
	const now = new Date('2026-03-12T10:00:00+03:00');
	const iso = (d: Date) => d.toISOString();

	it('starts today at local midnight and compares with yesterday', () => {
		const r = periodRange('day', now, 'Europe/Moscow');
		expect([iso(r.from), iso(r.to), iso(r.previous.from), iso(r.previous.to)]).toEqual([
			'2026-03-11T21:00:00.000Z',
			'2026-03-12T07:00:00.000Z',
			'2026-03-10T21:00:00.000Z',
			'2026-03-11T21:00:00.000Z'
		]);
	});

	it('takes the last seven days for the week on the wall', () => {
		const r = periodRange('week', now, 'Europe/Moscow');
		expect([iso(r.from), iso(r.previous.from)]).toEqual(['2026-03-05T07:00:00.000Z', '2026-02-26T07:00:00.000Z']);
	});

	it('starts a calendar week on Monday and a month on the 1st', () => {
		const config = RatingConfigSchema.parse({ periods: { week: { anchor: 'calendar' } } });
		const week = periodRange('week', now, 'Europe/Moscow', config);
		// Monday 9 March 00:00 MSK
		expect([iso(week.from), iso(week.previous.from)]).toEqual(['2026-03-08T21:00:00.000Z', '2026-03-01T21:00:00.000Z']);
		const month = periodRange('month', now, 'Europe/Moscow');
		expect([iso(month.from), iso(month.previous.from), iso(month.previous.to)]).toEqual([
			'2026-02-28T21:00:00.000Z',
			'2026-01-31T21:00:00.000Z',
			'2026-02-28T21:00:00.000Z'
		]);
	});
});
