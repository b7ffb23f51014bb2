import { describe, it, expect } from 'vitest';
import {
	benjaminiHochberg,
	binomialUpperTail,
	contentWordsRu,
	detectSpikes,
	logGamma,
	poissonUpperTail,
	ratePValue,
	SpikeConfigSchema,
	stemRu,
	topTerms,
	windowCounts
} from '../../../../src/lib/domain/analytics/spikes.ts';

/** P(Bin(n, p) ≥ x) the long way: Σ C(n,k) p^k (1−p)^(n−k), C built by multiplication. */
function binomialTailNaive(x: number, n: number, p: number): number {
	let sum = 0;
	for (let k = x; k <= n; k++) {
		let c = 1;
		for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
		sum += c * p ** k * (1 - p) ** (n - k);
	}
	return sum;
}

describe('Poisson and binomial tails', () => {
	it('gives P(X ≥ 7) ≈ 0.0045 for a Poisson mean of 2', () => {
		// P(X ≤ 6) = e^−2 (1 + 2 + 2 + 4/3 + 2/3 + 4/15 + 4/45) = 0.135335 · 7.355556 = 0.995466 → 1 − 0.995466 = 0.004534
		expect(poissonUpperTail(7, 2)).toBeCloseTo(0.004534, 6);
	});

	it('gives 1 − e^−λ for at least one event and 1 for at least none', () => {
		expect(poissonUpperTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 14);
		expect(poissonUpperTail(0, 3)).toBe(1);
		expect(poissonUpperTail(3, 0)).toBe(0);
	});

	it('keeps precision far in the tail', () => {
		// P(X ≥ 30 | λ = 2) is dominated by its first term e^−2 · 2^30 / 30! = 0.135335 · 1.073742e9 / 2.652529e32 = 5.4784e−25
		const first = Math.exp(-2 + 30 * Math.log(2) - logGamma(31));
		expect(first / 5.4784e-25).toBeCloseTo(1, 4);
		expect(poissonUpperTail(30, 2) / first).toBeGreaterThan(1);
		expect(poissonUpperTail(30, 2) / first).toBeLessThan(1.07);
	});

	it('gives P(Bin(10, ½) ≥ 8) = 56/1024', () => {
		// C(10,8) + C(10,9) + C(10,10) = 45 + 10 + 1 = 56 outcomes of 1024
		expect(binomialUpperTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 14);
		expect(binomialUpperTail(0, 10, 0.5)).toBe(1);
		expect(binomialUpperTail(11, 10, 0.5)).toBe(0);
		expect(binomialUpperTail(3, 40, 0.2)).toBeCloseTo(binomialTailNaive(3, 40, 0.2), 12);
	});

	it('tests 7 in the window against 2, 2, 2, 2 on four previous weeks at p ≈ 0.018', () => {
		// under equal rates 7 | 7 + 8 = 15 ~ Bin(15, 1/5):
		// k=7: 6435·0.2^7·0.8^8 = 0.013815; k=8: 6435·0.2^8·0.8^7 = 0.003455; k=9: 5005·0.2^9·0.8^6 = 0.000672;
		// k=10: 3003·0.2^10·0.8^5 = 0.000101; k=11: 1365·0.2^11·0.8^4 = 0.0000115; k≥12 ≈ 0.000001 → 0.018056
		expect(ratePValue(7, 8, 4)).toBeCloseTo(0.018056, 5);
		// the plain Poisson test against the mean 2 says 0.0045: it forgets the baseline is an estimate too
		expect(ratePValue(7, 8, 4)).toBeGreaterThan(poissonUpperTail(7, 2));
		// with a very long baseline the two agree
		expect(ratePValue(7, 2 * 2000, 2000)).toBeCloseTo(poissonUpperTail(7, 2), 4);
	});
});

describe('Benjamini–Hochberg', () => {
	it('adjusts p-values step-up and returns them in input order', () => {
		// sorted 0.005, 0.01, 0.03, 0.04 (m = 4): m·p/i = 0.02, 0.02, 0.04, 0.04; running minimum from the top keeps them
		expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005])).toEqual([0.02, 0.04, 0.04, 0.02]);
		// 0.01·3/1 = 0.03 but 0.02·3/2 = 0.03 and 0.9·3/3 = 0.9: the first two share 0.03
		const q = benjaminiHochberg([0.9, 0.02, 0.01]);
		expect(q[0]).toBeCloseTo(0.9, 14);
		expect(q[1]).toBeCloseTo(0.03, 14);
		expect(q[2]).toBeCloseTo(0.03, 14);
		expect(benjaminiHochberg([])).toEqual([]);
	});
});

describe('baseline windows', () => {
	it('takes the same hours on previous periods', () => {
		const hourly = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
		// window = the last 2 hours (11 + 12 = 23); lag 4: hours 7–8 (7 + 8 = 15), hours 3–4 (3 + 4 = 7); a third does not fit
		expect(windowCounts(hourly, { windowHours: 2, lagHours: 4, periods: 3 })).toEqual({ observed: 23, baseline: [15, 7] });
		expect(windowCounts(hourly, { end: 6, windowHours: 2, lagHours: 4, periods: 3 })).toEqual({ observed: 11, baseline: [3] });
	});

	it('takes no period from before the data begins: its zeros are not what is usual', () => {
		// an installation whose first incident came in hour 5: hours 3–4 are no baseline, hours 7–8 are
		const hourly = [0, 0, 0, 0, 0, 6, 7, 8, 9, 10, 11, 12];
		expect(windowCounts(hourly, { start: 5, windowHours: 2, lagHours: 4, periods: 3 })).toEqual({ observed: 23, baseline: [15] });
		// all of it younger than one period: no baseline at all, so no spike can be claimed
		expect(windowCounts(hourly, { start: 9, windowHours: 2, lagHours: 4, periods: 3 }).baseline).toEqual([]);
		expect(detectSpikes([{ key: 'young', ...windowCounts(hourly, { start: 9, windowHours: 2, lagHours: 4, periods: 3 }) }])).toEqual([]);
	});
});

describe('spike detection', () => {
	const inputs = [
		// 14 against 5, 4, 6, 5: expected 20/4 = 5, ratio 2.8 → «рост обращений: ЖКХ, Шепсинское +180 %»
		{ key: 'zhkh|shepsi', observed: 14, baseline: [5, 4, 6, 5] },
		{ key: 'roads|tuapse', observed: 6, baseline: [5, 6, 5, 6] },
		// 3 is below the minimum count: not tested, not in the FDR family
		{ key: 'parks|shepsi', observed: 3, baseline: [0, 0, 0, 0] },
		// 9 against 1, 2, 1, 2: expected 1.5, ratio 6
		{ key: 'light|novo', observed: 9, baseline: [1, 2, 1, 2] }
	];

	it('finds the categories growing beyond their own baseline, most significant first', () => {
		const spikes = detectSpikes(inputs);
		expect(spikes.map((s) => s.key)).toEqual(['light|novo', 'zhkh|shepsi']);
		const [light, zhkh] = spikes;
		expect(zhkh).toMatchObject({ observed: 14, expected: 5, growthPct: 180, topTerms: [] });
		expect(zhkh.ratio).toBeCloseTo(2.8, 12);
		expect(light).toMatchObject({ expected: 1.5, ratio: 6, growthPct: 500 });
		// p-values: 14 | 34 ~ Bin(34, 0.2) and 9 | 15 ~ Bin(15, 0.2) (the latter ≈ 0.000672 + 0.000101 + 0.0000115 + … = 0.000785)
		expect(zhkh.pValue).toBeCloseTo(binomialTailNaive(14, 34, 0.2), 12);
		expect(light.pValue).toBeCloseTo(0.000785, 5);
		// three keys tested: q = min over j ≥ i of 3·p(j)/j
		const pRoads = binomialTailNaive(6, 28, 0.2);
		expect(zhkh.qValue).toBeCloseTo(Math.min((3 * zhkh.pValue) / 2, pRoads), 12);
		expect(light.qValue).toBeCloseTo(Math.min(3 * light.pValue, (3 * zhkh.pValue) / 2, pRoads), 12);
	});

	it('lets the false-discovery rate decide how many keys are spikes', () => {
		const strict = SpikeConfigSchema.parse({ fdr: 0.003 });
		expect(detectSpikes(inputs, strict).map((s) => s.key)).toEqual(['light|novo']);
	});

	it('can use the plain Poisson test against the baseline mean', () => {
		const spikes = detectSpikes(inputs, SpikeConfigSchema.parse({ test: 'poisson' }));
		const light = spikes.find((s) => s.key === 'light|novo')!;
		expect(light.pValue).toBeCloseTo(poissonUpperTail(9, 1.5), 14);
		// an empty baseline is floored at λ = 0.5: P(X ≥ 5 | 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125 + 0.020833 + 0.002604) = 0.000172
		const [fresh] = detectSpikes([{ key: 'new|x', observed: 5, baseline: [0, 0] }], SpikeConfigSchema.parse({ test: 'poisson' }));
		expect(fresh.pValue).toBeCloseTo(0.000172, 6);
	});

	it('gives a category with no history a p-value rather than certainty', () => {
		const fresh = [{ key: 'new|x', observed: 5, baseline: [0, 0] }];
		// two empty baseline days: 5 | 5 ~ Bin(5, 1/3), p = (1/3)^5 = 1/243 = 0.0041 (a plain Poisson test would say 0)
		expect(detectSpikes(fresh)[0]).toMatchObject({ key: 'new|x', ratio: null, growthPct: null, expected: 0 });
		expect(detectSpikes(fresh)[0].pValue).toBeCloseTo(1 / 243, 14);
		expect(detectSpikes([{ key: 'new|x', observed: 5, baseline: [] }])).toEqual([]);
	});

	it('ignores significant growth that is too small to show', () => {
		// 1200 against 1000 four times: highly significant, but +20 % is below the 50 % threshold
		expect(detectSpikes([{ key: 'big|city', observed: 1200, baseline: [1000, 1000, 1000, 1000] }])).toEqual([]);
		expect(detectSpikes([{ key: 'big|city', observed: 1200, baseline: [1000, 1000, 1000, 1000] }], SpikeConfigSchema.parse({ minGrowthPct: 10 }))).toHaveLength(1);
	});
});

describe('words behind a spike', () => {
	it('cuts Russian endings so word forms meet', () => {
		expect(['отопления', 'отопление', 'отоплением'].map(stemRu)).toEqual(['отоплен', 'отоплен', 'отоплен']);
		expect(['воды', 'воду', 'водой'].map(stemRu)).toEqual(['вод', 'вод', 'вод']);
		expect(['дороги', 'дорогу', 'дорог'].map(stemRu)).toEqual(['дорог', 'дорог', 'дорог']);
		// never below three letters
		expect(stemRu('яма')).toBe('яма');
	});

	it('drops stop-words, short words and punctuation', () => {
		expect(contentWordsRu('Здравствуйте! Уже ТРЕТИЙ день нет света, ёлки у дома')).toEqual(['третий', 'света', 'елки']);
	});

	it('names the words over-represented in the spike against the baseline', () => {
		const spike = [
			'Нет горячей воды третий день',
			'В доме нет горячей воды',
			'Отключили горячую воду без предупреждения',
			'Горячей воды нет с понедельника',
			'Когда дадут горячую воду?',
			'Яма во дворе'
		];
		const baseline = ['Яма на дороге у школы', 'Не вывозят мусор', 'Нет света в подъезде', 'Яма во дворе', 'Нет воды в колонке', 'Мусор у контейнеров'];
		// content words: spike 17 (горяч 5, вод 5, …), baseline 13 (вод 1); prior α0 = 10, α_w = 10 · (y_i + y_j) / 30
		// горяч: α = 1.667, δ = ln(6.667 / 20.333) − ln(1.667 / 21.333) = 1.434, σ² = 1/6.667 + 1/1.667 = 0.75 → z = 1.66
		// вод:   α = 2,     δ = ln(7 / 20) − ln(3 / 20) = 0.847,            σ² = 1/7 + 1/3 = 0.476     → z = 1.23
		// both above z = 1; «яма» occurs once in the spike (below the minimum of 2). Shown in their commonest form.
		expect(topTerms(spike, baseline)).toEqual(['горячей', 'воды']);
		expect(topTerms(spike, baseline, { limit: 1 })).toEqual(['горячей']);
		expect(topTerms(spike, baseline, { minZ: 1.5 })).toEqual(['горячей']);
	});

	it('attaches the top words to each spike', () => {
		const texts = Array.from({ length: 10 }, (_, i) => (i % 2 ? 'Нет отопления в квартире' : 'Холодные батареи, отопление не работает'));
		const baselineTexts = [
			'Яма на дороге',
			'Мусор не вывезли',
			'Не горит фонарь во дворе',
			'Бродячие собаки возле школы',
			'Сломана скамейка в парке',
			'Течёт крыша подъезда',
			'Яма возле остановки',
			'Не вывозят мусор вторую неделю'
		];
		// spike: отоплен 10 of 30 words, absent from the 20 baseline words: α = 10·10/50 = 2,
		// δ = ln(12/28) − ln(2/28) = ln 6 = 1.79, σ² = 1/12 + 1/2 → z = 2.35; батаре 5 of 30: z = 1.51
		const [spike] = detectSpikes([{ key: 'zhkh|shepsi', observed: 10, baseline: [2, 3, 2, 3], texts, baselineTexts }]);
		// «отопления» and «отопление» are 5 each: the tie goes to the alphabetically first form
		expect(spike.topTerms[0]).toBe('отопление');
		expect(spike.topTerms).toContain('батареи');
	});
});
