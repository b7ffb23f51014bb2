/**
 * Rating configuration (ratings-and-analytics.md §2): weights, shrinkage strength, the speed norm and the periods.
 * Every number of the formula lives here; `RatingConfigSchema.parse({})` gives the defaults.
 */
import { z } from 'zod';
import { localDateOf, atLocalTime } from '../sla.ts';

const DAY_MS = 86_400_000;

const weight = (value: number) => z.number().min(0).max(100).default(value);

export const RatingWeightsSchema = z
	.object({
		onTime: weight(0.35),
		speed: weight(0.2),
		quality: weight(0.2),
		satisfaction: weight(0.25)
	})
	.refine((w) => w.onTime + w.speed + w.quality + w.satisfaction > 0, { message: 'at least one weight must be positive' });
export type RatingWeights = z.infer<typeof RatingWeightsSchema>;

export const RATED_PERIODS = ['day', 'week', 'month'] as const;
export const RatedPeriodSchema = z.enum(RATED_PERIODS);
export type RatedPeriod = z.infer<typeof RatedPeriodSchema>;

/** `calendar`: since the local start of the day / Monday / 1st; `rolling`: the last `days` days up to now. */
export const PeriodDefinitionSchema = z.discriminatedUnion('anchor', [
	z.object({ anchor: z.literal('calendar') }),
	z.object({ anchor: z.literal('rolling'), days: z.number().int().min(1).max(366) })
]);
export type PeriodDefinition = z.infer<typeof PeriodDefinitionSchema>;

export const RatingConfigSchema = z.object({
	weights: RatingWeightsSchema.prefault({}),
	/** m: pseudo-observations at the kind's mean added to every component (Bayesian average) */
	priorStrength: z.number().min(0).max(10_000).default(5),
	speed: z
		.object({
			/** the first-answer norm in working minutes (ИМ primary answer: one working hour) */
			targetMinutes: z.number().positive().default(60),
			/** the speed component reaches 0 when the median is (1 + decayK) × the norm */
			decayK: z.number().positive().default(2)
		})
		.prefault({}),
	periods: z
		.object({
			day: PeriodDefinitionSchema.default({ anchor: 'calendar' }),
			week: PeriodDefinitionSchema.default({ anchor: 'rolling', days: 7 }),
			month: PeriodDefinitionSchema.default({ anchor: 'calendar' })
		})
		.prefault({}),
	/** colour bands of the score on the wall */
	bands: z.object({ green: z.number().min(0).max(100).default(80), yellow: z.number().min(0).max(100).default(60) }).prefault({})
});
export type RatingConfig = z.infer<typeof RatingConfigSchema>;
export type RatingConfigInput = z.input<typeof RatingConfigSchema>;

export const DEFAULT_RATING_CONFIG: RatingConfig = RatingConfigSchema.parse({});

export interface PeriodRange {
	from: Date;
	to: Date;
	/** the period the rank change is measured against: the one just before, of the same length */
	previous: { from: Date; to: Date };
}

/**
 * The half-open interval [from, to) a rating covers at `now`, and the previous period for the rank change.
 * A calendar day/week/month runs from its local start up to `now`; its previous period is the whole previous
 * day/week/month. Weeks start on Monday.
 */
export function periodRange(period: RatedPeriod, now: Date, timeZone: string, config: RatingConfig = DEFAULT_RATING_CONFIG): PeriodRange {
	const def = config.periods[period];
	if (def.anchor === 'rolling') {
		const span = def.days * DAY_MS;
		const from = new Date(now.getTime() - span);
		return { from, to: now, previous: { from: new Date(from.getTime() - span), to: from } };
	}
	const today = localDateOf(now, timeZone);
	const [y, m, d] = [+today.slice(0, 4), +today.slice(5, 7), +today.slice(8, 10)];
	const local = (utcDay: number) => atLocalTime(new Date(utcDay * DAY_MS).toISOString().slice(0, 10), '00:00', timeZone);
	const day = Date.UTC(y, m - 1, d) / DAY_MS;
	if (period === 'day') return { from: local(day), to: now, previous: { from: local(day - 1), to: local(day) } };
	if (period === 'week') {
		// 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays
		const monday = day - ((day + 3) % 7);
		return { from: local(monday), to: now, previous: { from: local(monday - 7), to: local(monday) } };
	}
	const first = Date.UTC(y, m - 1, 1) / DAY_MS;
	const prevFirst = Date.UTC(y, m - 2, 1) / DAY_MS;
	return { from: local(first), to: now, previous: { from: local(prevFirst), to: local(first) } };
}
