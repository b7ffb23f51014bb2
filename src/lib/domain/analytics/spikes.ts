/**
 * Spike detection (ratings-and-analytics.md A4, issue 6): is the count of a category × settlement in the current
 * window above its own baseline — the same hours on previous days or weeks — by more than chance?
 *
 * Test: the exact conditional test for two Poisson rates (Przyborowski & Wilenski 1940). With X in the window and
 * B in k baseline windows of the same length, under "same rate" X | X + B ~ Binomial(X + B, 1 / (1 + k)); the
 * p-value is P(Bin ≥ X). Unlike a plain Poisson test against the baseline mean it accounts for the baseline being
 * an estimate too (a short or empty baseline does not make every count "significant"); as k grows it becomes the
 * one-sided Poisson test P(X ≥ x | λ = baseline mean), which is also available (`test: 'poisson'`).
 * Multiple keys: Benjamini–Hochberg false-discovery control over the keys with at least `minObserved` counts.
 */
import { z } from 'zod';

// ---- distributions ----------------------------------------------------------------------------------------

const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
	-0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; ~15 significant digits). */
export function logGamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	const z = x - 1;
	let a = LANCZOS[0];
	const t = z + 7.5;
	for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
	return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≥ x) for X ~ Poisson(λ). */
export function poissonUpperTail(x: number, lambda: number): number {
	const k0 = Math.ceil(x);
	if (k0 <= 0) return 1;
	if (!(lambda > 0)) return 0;
	if (k0 <= lambda) {
		// the tail is large: 1 − P(X < x) loses nothing
		let term = Math.exp(-lambda);
		let sum = term;
		for (let k = 1; k < k0; k++) {
			term *= lambda / k;
			sum += term;
		}
		return Math.min(1, Math.max(0, 1 - sum));
	}
	// the tail is small: sum it directly, starting from its largest term
	let term = Math.exp(-lambda + k0 * Math.log(lambda) - logGamma(k0 + 1));
	let sum = 0;
	for (let k = k0; term > sum * 1e-17 && k < k0 + 10_000; k++) {
		sum += term;
		term *= lambda / (k + 1);
	}
	return Math.min(1, sum);
}

/** P(X ≥ x) for X ~ Binomial(n, p). */
export function binomialUpperTail(x: number, n: number, p: number): number {
	const k0 = Math.ceil(x);
	if (k0 <= 0) return 1;
	if (k0 > n) return 0;
	if (p <= 0) return 0;
	if (p >= 1) return 1;
	const logPmf = (k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
	const odds = p / (1 - p);
	if (k0 <= n * p) {
		let term = Math.exp(logPmf(0));
		let sum = term;
		for (let k = 0; k < k0 - 1; k++) {
			term *= ((n - k) / (k + 1)) * odds;
			sum += term;
		}
		return Math.min(1, Math.max(0, 1 - sum));
	}
	let term = Math.exp(logPmf(k0));
	let sum = 0;
	for (let k = k0; k <= n; k++) {
		sum += term;
		term *= ((n - k) / (k + 1)) * odds;
		if (term < sum * 1e-17) break;
	}
	return Math.min(1, sum);
}

/**
 * One-sided p-value of "the window's rate is higher than the baseline's": X | X + B ~ Bin(X + B, e / (e + k)),
 * where `exposure` e is the window's length in units of one baseline window (1 when they are equally long).
 */
export function ratePValue(observed: number, baselineTotal: number, baselinePeriods: number, exposure = 1): number {
	if (baselinePeriods <= 0) return 1;
	return binomialUpperTail(observed, observed + baselineTotal, exposure / (exposure + baselinePeriods));
}

/** Benjamini–Hochberg adjusted p-values (q-values), in the input order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
	const m = pValues.length;
	const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
	const q = new Array<number>(m);
	let running = 1;
	// step-up: the adjusted value is the smallest m·p(j)/j over j ≥ i
	for (let r = m - 1; r >= 0; r--) {
		const i = order[r];
		running = Math.min(running, (m * pValues[i]) / (r + 1));
		q[i] = Math.min(1, running);
	}
	return q;
}

// ---- windows ----------------------------------------------------------------------------------------------

/**
 * The count in the last `windowHours` up to `end` (exclusive index into an hourly series) and the counts of the
 * same hours `lagHours` (24 = previous days, 168 = previous weeks) earlier, for `periods` periods that fit.
 * `start` is the first hour the data covers (an installation's first incident): a period from before it is no
 * baseline, since its zeros say nothing of what is usual, so a young installation has no spikes, not +20 000 %.
 */
export function windowCounts(
	hourly: ArrayLike<number>,
	options: { end?: number; start?: number; windowHours: number; lagHours: number; periods: number }
): { observed: number; baseline: number[] } {
	const end = options.end ?? hourly.length;
	const sum = (to: number) => {
		let s = 0;
		for (let i = Math.max(0, to - options.windowHours); i < to; i++) s += hourly[i];
		return s;
	};
	const baseline: number[] = [];
	for (let p = 1; p <= options.periods; p++) {
		const to = end - p * options.lagHours;
		if (to - options.windowHours < Math.max(0, options.start ?? 0)) break;
		baseline.push(sum(to));
	}
	return { observed: sum(end), baseline };
}

// ---- detection --------------------------------------------------------------------------------------------

export const SpikeConfigSchema = z.object({
	test: z.enum(['conditional', 'poisson']).default('conditional'),
	/** keys with fewer counts in the window are not tested (and not in the FDR family) */
	minObserved: z.number().int().min(1).default(5),
	/** false-discovery rate across the tested keys */
	fdr: z.number().gt(0).lt(1).default(0.05),
	/** growth below this is not shown even when significant */
	minGrowthPct: z.number().min(0).default(50),
	/** poisson test only: floor of the expected count, so a key never seen before is not certain to spike */
	minExpected: z.number().positive().default(0.5),
	topTerms: z.number().int().min(0).max(20).default(5)
});
export type SpikeConfig = z.infer<typeof SpikeConfigSchema>;
export const DEFAULT_SPIKE_CONFIG: SpikeConfig = SpikeConfigSchema.parse({});

export interface SpikeInput {
	/** e.g. `${category}|${settlementId}` */
	key: string;
	observed: number;
	/** counts of the same window on previous days or weeks */
	baseline: readonly number[];
	/** window length in baseline-window units (default 1) */
	exposure?: number;
	/** texts of the window's incidents and of the baseline's, for topTerms */
	texts?: readonly string[];
	baselineTexts?: readonly string[];
}

export interface Spike {
	key: string;
	observed: number;
	/** baseline mean × exposure */
	expected: number;
	/** observed ÷ expected; null when the baseline is empty (a new problem) */
	ratio: number | null;
	pValue: number;
	/** Benjamini–Hochberg adjusted p-value */
	qValue: number;
	/** +180 means 2.8× the usual; null with the ratio */
	growthPct: number | null;
	topTerms: string[];
}

/** Keys whose window count is significantly above their baseline, most significant first. */
export function detectSpikes(inputs: readonly SpikeInput[], config: SpikeConfig = DEFAULT_SPIKE_CONFIG): Spike[] {
	const tested: Array<{ input: SpikeInput; expected: number; pValue: number }> = [];
	for (const input of inputs) {
		if (input.observed < config.minObserved) continue;
		const k = input.baseline.length;
		let total = 0;
		for (const b of input.baseline) total += b;
		const exposure = input.exposure ?? 1;
		const expected = k > 0 ? (total / k) * exposure : 0;
		let pValue: number;
		if (config.test === 'poisson') pValue = poissonUpperTail(input.observed, Math.max(expected, config.minExpected));
		else pValue = k > 0 ? ratePValue(input.observed, total, k, exposure) : 1;
		tested.push({ input, expected, pValue });
	}
	const q = benjaminiHochberg(tested.map((t) => t.pValue));
	const spikes: Spike[] = [];
	for (let i = 0; i < tested.length; i++) {
		const { input, expected, pValue } = tested[i];
		if (q[i] > config.fdr) continue;
		const ratio = expected > 0 ? input.observed / expected : null;
		const growthPct = ratio === null ? null : Math.round((ratio - 1) * 100);
		if (growthPct !== null && growthPct < config.minGrowthPct) continue;
		spikes.push({
			key: input.key,
			observed: input.observed,
			expected,
			ratio,
			pValue,
			qValue: q[i],
			growthPct,
			topTerms: config.topTerms > 0 && input.texts ? topTerms(input.texts, input.baselineTexts ?? [], { limit: config.topTerms }) : []
		});
	}
	return spikes.sort((a, b) => a.pValue - b.pValue || (b.ratio ?? Infinity) - (a.ratio ?? Infinity) || (a.key < b.key ? -1 : 1));
}

// ---- words behind a spike ---------------------------------------------------------------------------------

/** Function words and the politeness of complaints; compared after ё → е and lower-casing. */
export const RU_STOP_WORDS: ReadonlySet<string> = new Set(
	(
		'и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только ее её мне было вот от меня ' +
		'еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там ' +
		'потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под ' +
		'будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее неё сейчас были куда ' +
		'зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много ' +
		'разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между ' +
		'это эта эти этих которые который которая которое также очень просто уже снова весь вся свой наш наши нашего нашем ' +
		'здравствуйте добрый день доброе утро вечер уважаемые уважаемый пожалуйста спасибо просим прошу просьба помогите ' +
		'администрация администрации глава главе обращаюсь обращаемся сообщение жители житель жителей города город улице улица ул ' +
		'дом дома доме домов домах д г года году год сегодня вчера неделю дней день дня который'
	)
		.split(/\s+/)
		.filter(Boolean)
		.map((w) => w.replace(/ё/g, 'е'))
);

// longest first, so "-ами" is cut before "-и"
const ENDINGS = [
	'иями', 'ями', 'ами', 'ией', 'иях', 'ием', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ться', 'тся', 'ешь', 'ете', 'ите',
	'ают', 'яют', 'ует', 'уют', 'ала', 'али', 'ало', 'ила', 'или', 'ило', 'ела', 'ели', 'ело', 'ать', 'ять', 'ить', 'еть',
	'ия', 'ие', 'ий', 'ию', 'ии', 'ая', 'яя', 'ое', 'ее', 'ые', 'ый', 'ой', 'ую', 'юю', 'ых', 'их', 'ым', 'им', 'ом',
	'ем', 'ах', 'ях', 'ов', 'ев', 'ей', 'ам', 'ям', 'ют', 'ут', 'ет', 'ит', 'ла', 'ли', 'ло',
	'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й'
].sort((a, b) => b.length - a.length);
const MIN_STEM = 3;

/** A light Russian stemmer: cut the longest known inflection ending that leaves at least three letters. */
export function stemRu(word: string): string {
	for (const e of ENDINGS) {
		if (word.length - e.length >= MIN_STEM && word.endsWith(e)) return word.slice(0, -e.length);
	}
	return word;
}

const WORD = /\p{L}+/gu;

/** Content words of a text: lower case, ё → е, letters only, 3+ letters, stop-words removed. */
export function contentWordsRu(text: string): string[] {
	const out: string[] = [];
	for (const w of text.toLowerCase().replace(/ё/g, 'е').match(WORD) ?? []) {
		if (w.length >= 3 && !RU_STOP_WORDS.has(w)) out.push(w);
	}
	return out;
}

export interface TopTermsOptions {
	limit?: number;
	/** a term must occur at least this often in the spike texts */
	minCount?: number;
	/** α0, the strength of the Dirichlet prior (pseudo-words spread as in the pooled texts) */
	prior?: number;
	/** only terms with a z-score above this (descriptive, not a test: the spike itself was tested) */
	minZ?: number;
}

/**
 * Words over-represented in `texts` against `baselineTexts`: the log-odds ratio with an informative Dirichlet
 * prior and its z-score (Monroe, Colaresi & Quinn 2008, "Fightin' Words"). Words are stemmed for counting and shown
 * in their most frequent form in `texts`.
 */
export function topTerms(texts: readonly string[], baselineTexts: readonly string[], options: TopTermsOptions = {}): string[] {
	const { limit = 5, minCount = 2, prior = 10, minZ = 1 } = options;
	const spike = new Map<string, number>();
	const base = new Map<string, number>();
	const forms = new Map<string, Map<string, number>>();
	let nSpike = 0;
	let nBase = 0;
	for (const t of texts) {
		for (const w of contentWordsRu(t)) {
			const s = stemRu(w);
			spike.set(s, (spike.get(s) ?? 0) + 1);
			let f = forms.get(s);
			if (!f) forms.set(s, (f = new Map()));
			f.set(w, (f.get(w) ?? 0) + 1);
			nSpike++;
		}
	}
	for (const t of baselineTexts) {
		for (const w of contentWordsRu(t)) {
			const s = stemRu(w);
			base.set(s, (base.get(s) ?? 0) + 1);
			nBase++;
		}
	}
	const nAll = nSpike + nBase;
	const scored: Array<{ stem: string; z: number; count: number }> = [];
	for (const [stem, yi] of spike) {
		if (yi < minCount) continue;
		const yj = base.get(stem) ?? 0;
		const a = (prior * (yi + yj)) / nAll;
		const delta = Math.log((yi + a) / (nSpike + prior - yi - a)) - Math.log((yj + a) / (nBase + prior - yj - a));
		const z = delta / Math.sqrt(1 / (yi + a) + 1 / (yj + a));
		if (z > minZ) scored.push({ stem, z, count: yi });
	}
	scored.sort((x, y) => y.z - x.z || y.count - x.count || (x.stem < y.stem ? -1 : 1));
	return scored.slice(0, limit).map(({ stem }) => {
		let best = stem;
		let bestCount = -1;
		for (const [form, c] of forms.get(stem)!) if (c > bestCount || (c === bestCount && form < best)) [best, bestCount] = [form, c];
		return best;
	});
}
