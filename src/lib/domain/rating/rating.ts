/**
 * Department and settlement ratings (ratings-and-analytics.md §2, issue 6). Pure: the workers feed it per-unit
 * sufficient statistics (counts and fixed-bucket latency histograms from a SQL GROUP BY); it returns the ranked
 * list the wall, the API and the XLSX export show. Cost is O(units × latency buckets).
 */
import { z } from 'zod';
import { DEFAULT_RATING_CONFIG, type RatingConfig } from './rating.config.ts';

// ---- latency histograms -----------------------------------------------------------------------------------

/**
 * Lower edges of the latency buckets, in working minutes: bucket i holds [edge[i], edge[i+1]), the last one is open
 * ([19200, ∞), i.e. 40 working days and more). In PostgreSQL the bucket index is
 * `width_bucket(minutes, ARRAY[0,5,10,…,19200]) - 1` (with negative minutes clamped to 0).
 */
export const LATENCY_BUCKET_EDGES_MINUTES: readonly number[] = Object.freeze([
	0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 600, 720, 960, 1440, 1920, 2400, 3360, 4800, 7200,
	9600, 14400, 19200
]);
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKET_EDGES_MINUTES.length;

/** Index of the latency bucket that holds `minutes` (negative and NaN go to the first bucket). */
export function latencyBucketOf(minutes: number, edges: readonly number[] = LATENCY_BUCKET_EDGES_MINUTES): number {
	if (!(minutes >= edges[0])) return 0;
	let lo = 0;
	let hi = edges.length - 1;
	// largest i with edges[i] <= minutes
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (edges[mid] <= minutes) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** A histogram of raw latencies (working minutes) over `edges`. */
export function histogramOf(minutes: readonly number[], edges: readonly number[] = LATENCY_BUCKET_EDGES_MINUTES): number[] {
	const counts = new Array<number>(edges.length).fill(0);
	for (const m of minutes) counts[latencyBucketOf(m, edges)]++;
	return counts;
}

/**
 * The q-quantile of a bucketed sample by linear interpolation inside the bucket that holds it (the grouped-data
 * formula L + (q·N − F) / f · w). In the open last bucket it answers the bucket's lower edge, a lower bound.
 * `null` for an empty histogram.
 */
export function quantileFromHistogram(counts: ArrayLike<number>, q: number, edges: readonly number[] = LATENCY_BUCKET_EDGES_MINUTES): number | null {
	let total = 0;
	for (let i = 0; i < counts.length; i++) total += counts[i];
	if (total <= 0) return null;
	const target = q * total;
	let below = 0;
	for (let i = 0; i < counts.length; i++) {
		const c = counts[i];
		if (c > 0 && below + c >= target) {
			const lower = edges[i];
			if (i + 1 >= edges.length) return lower;
			return lower + (Math.max(0, target - below) / c) * (edges[i + 1] - lower);
		}
		below += c;
	}
	return edges[Math.min(counts.length, edges.length) - 1];
}

/** The median of a bucketed sample; see quantileFromHistogram. */
export function medianFromHistogram(counts: ArrayLike<number>, edges: readonly number[] = LATENCY_BUCKET_EDGES_MINUTES): number | null {
	return quantileFromHistogram(counts, 0.5, edges);
}

// ---- input ------------------------------------------------------------------------------------------------

export const RATED_KINDS = ['department', 'settlement'] as const;
export const RatedKindSchema = z.enum(RATED_KINDS);
export type RatedKind = z.infer<typeof RatedKindSchema>;

const count = z.number().int().nonnegative();
const histogram = z.array(count).max(LATENCY_BUCKET_COUNT);

/**
 * What one unit did in the period. Every field is additive, so per-day or per-channel rows can be summed
 * (mergeUnitFacts) before rating. Latencies come either as histograms over LATENCY_BUCKET_EDGES_MINUTES
 * (from SQL) or as raw working-minute arrays (tests, small data); a histogram wins when both are given.
 */
export const UnitFactsSchema = z.object({
	unit: z.string().min(1),
	kind: RatedKindSchema,
	/** distinct incidents attributed to the unit in the period (shown beside the score) */
	n: count,
	/** incidents whose answer clock stopped in the period, or that are open past due */
	answered: count,
	answeredOnTime: count,
	/** of `answered`, those re-opened by a citizen, a moderator or the МЦУ */
	reopened: count,
	/** citizen outcomes in the period, and the satisfied ones among them */
	rated: count,
	satisfied: count,
	firstAnswerHistogram: histogram.optional(),
	resolutionHistogram: histogram.optional(),
	firstAnswerMinutes: z.array(z.number().nonnegative()).optional(),
	resolutionMinutes: z.array(z.number().nonnegative()).optional()
});
export type UnitFacts = z.infer<typeof UnitFactsSchema>;

/** Sum of two units' facts (e.g. ИМ + ПОС into the combined rating); latencies come out as histograms. */
export function mergeUnitFacts(a: UnitFacts, b: UnitFacts): UnitFacts {
	const add = (x: ArrayLike<number>, y: ArrayLike<number>) => {
		const out = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
		for (let i = 0; i < x.length; i++) out[i] += x[i];
		for (let i = 0; i < y.length; i++) out[i] += y[i];
		return out;
	};
	return {
		unit: a.unit,
		kind: a.kind,
		n: a.n + b.n,
		answered: a.answered + b.answered,
		answeredOnTime: a.answeredOnTime + b.answeredOnTime,
		reopened: a.reopened + b.reopened,
		rated: a.rated + b.rated,
		satisfied: a.satisfied + b.satisfied,
		firstAnswerHistogram: add(firstAnswerHistogramOf(a), firstAnswerHistogramOf(b)),
		resolutionHistogram: add(resolutionHistogramOf(a), resolutionHistogramOf(b))
	};
}

const EMPTY: readonly number[] = Object.freeze([]);
const firstAnswerHistogramOf = (f: UnitFacts): ArrayLike<number> =>
	f.firstAnswerHistogram ?? (f.firstAnswerMinutes ? histogramOf(f.firstAnswerMinutes) : EMPTY);
const resolutionHistogramOf = (f: UnitFacts): ArrayLike<number> =>
	f.resolutionHistogram ?? (f.resolutionMinutes ? histogramOf(f.resolutionMinutes) : EMPTY);

// ---- output -----------------------------------------------------------------------------------------------

export const COMPONENTS = ['onTime', 'speed', 'quality', 'satisfaction'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Components = Record<Component, number | null>;

export interface UnitRating {
	unit: string;
	kind: RatedKind;
	/** 0–100, one decimal; null only when nobody of this kind has any observation yet */
	score: number | null;
	n: number;
	/** 1 = best; equal scores share a rank (1, 2, 2, 4); null with the score */
	rank: number | null;
	/** previous rank − this rank: positive = moved up; null when the unit was not ranked before */
	rankChange: number | null;
	/** the shrunk components in [0, 1] the score is made of; null when nobody of this kind has that observation */
	components: Components;
	/** the unit's own shares before shrinkage; null when the unit has no observation */
	observed: Components;
	/** observations behind each component (the shrinkage weights) */
	counts: Record<Component, number>;
	medianFirstAnswerMinutes: number | null;
	medianResolutionMinutes: number | null;
}

export interface PreviousRank {
	unit: string;
	kind: RatedKind;
	rank: number | null;
}

/** Speed of a median first answer r against the norm N: 1 while r ≤ N, then linear down to 0 at (1 + k)·N. */
export function speedScore(medianMinutes: number, config: RatingConfig = DEFAULT_RATING_CONFIG): number {
	const { targetMinutes: norm, decayK: k } = config.speed;
	if (medianMinutes <= norm) return 1;
	return Math.max(0, 1 - (medianMinutes - norm) / (k * norm));
}

const roundScore = (x: number) => Math.round(x * 10) / 10;
const rankKey = (kind: string, unit: string) => `${kind}\u0000${unit}`;

/**
 * Rate and rank units; each kind is rated against its own mean and ranked on its own. See RATING_FORMULA_MARKDOWN.
 * `previous` is the previous period's ranking (e.g. this function's output for it), for the rank change.
 */
export function rateUnits(
	facts: readonly UnitFacts[],
	previous: readonly PreviousRank[] = [],
	config: RatingConfig = DEFAULT_RATING_CONFIG
): UnitRating[] {
	const m = config.priorStrength;
	const w = config.weights;
	const weights: Record<Component, number> = { onTime: w.onTime, speed: w.speed, quality: w.quality, satisfaction: w.satisfaction };
	const prevRank = new Map<string, number | null>();
	for (const p of previous) prevRank.set(rankKey(p.kind, p.unit), p.rank);

	const out: UnitRating[] = [];
	for (const kind of RATED_KINDS) {
		const rows: UnitRating[] = [];
		const sumX: Record<Component, number> = { onTime: 0, speed: 0, quality: 0, satisfaction: 0 };
		const sumN: Record<Component, number> = { onTime: 0, speed: 0, quality: 0, satisfaction: 0 };
		for (const f of facts) {
			if (f.kind !== kind) continue;
			const first = firstAnswerHistogramOf(f);
			let firstCount = 0;
			for (let i = 0; i < first.length; i++) firstCount += first[i];
			const medianFirst = medianFromHistogram(first);
			const counts: Record<Component, number> = { onTime: f.answered, speed: firstCount, quality: f.answered, satisfaction: f.rated };
			const share = (num: number, den: number) => (den > 0 ? Math.min(1, Math.max(0, num / den)) : null);
			const observed: Components = {
				onTime: share(f.answeredOnTime, f.answered),
				speed: medianFirst === null ? null : speedScore(medianFirst, config),
				quality: f.answered > 0 ? 1 - (share(f.reopened, f.answered) ?? 0) : null,
				satisfaction: share(f.satisfied, f.rated)
			};
			for (const c of COMPONENTS) {
				const x = observed[c];
				if (x !== null) {
					sumX[c] += counts[c] * x;
					sumN[c] += counts[c];
				}
			}
			rows.push({
				unit: f.unit,
				kind,
				score: null,
				n: f.n,
				rank: null,
				rankChange: null,
				components: { onTime: null, speed: null, quality: null, satisfaction: null },
				observed,
				counts,
				medianFirstAnswerMinutes: medianFirst,
				medianResolutionMinutes: medianFromHistogram(resolutionHistogramOf(f))
			});
		}
		if (rows.length === 0) continue;

		// the kind's mean of each component, weighted by observations (the pooled share for proportions)
		const mean: Components = { onTime: null, speed: null, quality: null, satisfaction: null };
		for (const c of COMPONENTS) mean[c] = sumN[c] > 0 ? sumX[c] / sumN[c] : null;

		for (const r of rows) {
			let num = 0;
			let den = 0;
			for (const c of COMPONENTS) {
				const mu = mean[c];
				if (mu === null) continue;
				const n = r.counts[c];
				const x = r.observed[c] ?? mu;
				// bayesian average: m pseudo-observations at the kind's mean
				const shrunk = n + m > 0 ? (n * x + m * mu) / (n + m) : mu;
				r.components[c] = shrunk;
				num += weights[c] * shrunk;
				den += weights[c];
			}
			r.score = den > 0 ? roundScore((100 * num) / den) : null;
		}

		rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.n - a.n || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
		for (let i = 0; i < rows.length; i++) {
			const r = rows[i];
			if (r.score === null) continue;
			// competition ranking: a tie takes the rank of its first member
			r.rank = i > 0 && rows[i - 1].score === r.score ? rows[i - 1].rank : i + 1;
			const before = prevRank.get(rankKey(kind, r.unit));
			r.rankChange = before === undefined || before === null || r.rank === null ? null : before - r.rank;
		}
		out.push(...rows);
	}
	return out;
}

/** Colour band of a score on the wall. */
export function scoreBand(score: number | null, config: RatingConfig = DEFAULT_RATING_CONFIG): 'green' | 'yellow' | 'red' | null {
	if (score === null) return null;
	return score >= config.bands.green ? 'green' : score >= config.bands.yellow ? 'yellow' : 'red';
}

// ---- documentation ----------------------------------------------------------------------------------------

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** The formula text for a configuration (the README shows the defaults). */
export function ratingFormulaMarkdown(config: RatingConfig): string {
	const w = config.weights;
	const total = w.onTime + w.speed + w.quality + w.satisfaction;
	const N = config.speed.targetMinutes;
	const k = config.speed.decayK;
	const m = config.priorStrength;
	// worked example: a unit with 1 incident answered on time against one with 190 of 200, kind mean 0.80
	const small = (1 * 1 + m * 0.8) / (1 + m);
	const large = (200 * 0.95 + m * 0.8) / (200 + m);
	return `### Rating formula

Departments and settlements are rated separately, per period (today, week, month) and per channel (ИМ and ПОС
apart, and combined). For each unit *u* four components in [0, 1]:

| component | definition | observations *n* |
| --- | --- | --- |
| **onTime** | answered on time ÷ answered (incidents whose answer clock stopped in the period, plus those open past due) | answered |
| **speed** | from the median first-answer time *r* in working minutes against the norm *N* = ${N}: 1 if *r* ≤ *N*, else max(0, 1 − (*r* − *N*) / (${k}·*N*)), i.e. 0 at ${(1 + k) * N} min | first answers |
| **quality** | 1 − re-opened ÷ answered | answered |
| **satisfaction** | satisfied ÷ citizen outcomes | outcomes |

Each component is **shrunk toward the mean of all units of the same kind** (a Bayesian average with
*m* = ${m} pseudo-observations at that mean, μ = Σ *n·x* ÷ Σ *n*):

    x̃ = (n · x + m · μ) / (n + m)

and the score is the weighted mean, scaled to 0–100:

    score = 100 · Σ w_c · x̃_c / Σ w_c

with weights onTime ${w.onTime}, speed ${w.speed}, quality ${w.quality}, satisfaction ${w.satisfaction}
(${pct(w.onTime / total)} / ${pct(w.speed / total)} / ${pct(w.quality / total)} / ${pct(w.satisfaction / total)}).
A component nobody of that kind has observed yet is left out and the weights are renormalised. A unit without
observations of a component gets the mean for it. Medians come from fixed working-minute buckets
(0, 5, 10, 15, 20, 30, 45, 60, 90, 120 … 19 200 min), interpolated inside the bucket.

**Small samples do not win.** With a kind mean of 0.80, one incident answered on time gives
onTime = (1·1 + ${m}·0.80) / ${1 + m} = ${small.toFixed(3)}, while 190 of 200 on time gives
(200·0.95 + ${m}·0.80) / ${200 + m} = ${large.toFixed(3)}. The count *n* is shown beside every score.

**Rank**: by score (one decimal), highest first; equal scores share a rank (1, 2, 2, 4). **Rank change** =
previous period's rank − this rank (▲ positive = moved up); none for a unit not ranked before.
Colour bands: ≥ ${config.bands.green} green, ≥ ${config.bands.yellow} yellow, below red.
`;
}

/** The formula with the default configuration, as the README shows it. */
export const RATING_FORMULA_MARKDOWN: string = ratingFormulaMarkdown(DEFAULT_RATING_CONFIG);
