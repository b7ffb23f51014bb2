/**
 * Department and settlement ratings from the per-unit, per-day facts (metric_unit_days) and rating.ts's formula;
 * the rank change is against the previous period of the same length.
 */
import type { RatingItem, RatingsQuery, RatingsResponse } from '#contracts/metrics.ts';
import { DEFAULT_RATING_CONFIG, periodRange, type RatingConfig } from '#domain/rating/rating.config.ts';
import { rateUnits, scoreBand, type RatedKind, type UnitFacts } from '#domain/rating/rating.ts';
import { localDateOf } from '#domain/sla.ts';
import type { AppContext } from '../context.ts';
import { metricsRepository } from './metrics.repository.ts';
import { unitNames, unitWallNames } from './names.ts';
import { unitFactsOf } from './unit-days.ts';

const DAY_MS = 86_400_000;

/** Local days [first, last] a half-open period [from, to) covers; a period not starting at midnight starts the next day. */
export function daysOf(from: Date, to: Date, timeZone: string): { first: string; last: string } {
	const startDay = localDateOf(from, timeZone);
	const atMidnight = localDateOf(new Date(from.getTime() - 1), timeZone) !== startDay;
	return { first: atMidnight ? startDay : localDateOf(new Date(from.getTime() + DAY_MS), timeZone), last: localDateOf(new Date(to.getTime() - 1), timeZone) };
}

async function factsFor(ctx: Pick<AppContext, 'db'>, kind: RatedKind, days: { first: string; last: string }, channel: string | null): Promise<UnitFacts[]> {
	return unitFactsOf(kind, await metricsRepository.unitDays(ctx.db, kind, days.first, days.last, channel));
}

/** GET /api/v1/ratings: ranked units of one kind for a period, one channel or all combined. */
export async function buildRatings(
	ctx: Pick<AppContext, 'db' | 'calendar' | 'now' | 'municipality'>,
	query: Pick<RatingsQuery, 'period' | 'channel' | 'kind'>,
	config: RatingConfig = DEFAULT_RATING_CONFIG
): Promise<RatingsResponse> {
	const tz = ctx.calendar.timeZone;
	const range = periodRange(query.period, ctx.now(), tz, config);
	const channel = query.channel ?? null;
	const [facts, previousFacts] = await Promise.all([
		factsFor(ctx, query.kind, daysOf(range.from, range.to, tz), channel),
		factsFor(ctx, query.kind, daysOf(range.previous.from, range.previous.to, tz), channel)
	]);
	const previous = rateUnits(previousFacts, [], config);
	const rated = rateUnits(facts, previous, config);
	const names = unitNames(ctx.municipality, query.kind);
	const wallNames = unitWallNames(ctx.municipality, query.kind);
	const byUnit = new Map(facts.map((f) => [f.unit, f]));
	const ratings: RatingItem[] = rated.map((r) => ({
		unit: r.unit,
		unitName: names.get(r.unit) ?? r.unit,
		shortName: wallNames.get(r.unit) ?? r.unit,
		kind: r.kind,
		score: r.score,
		n: r.n,
		rank: r.rank,
		rankChange: r.rankChange,
		components: { ...r.components },
		onTimeShare: r.observed.onTime,
		answered: byUnit.get(r.unit)?.answered ?? 0,
		medianFirstAnswerMinutes: r.medianFirstAnswerMinutes,
		medianResolutionMinutes: r.medianResolutionMinutes,
		band: scoreBand(r.score, config)
	}));
	return {
		ok: true,
		period: query.period,
		kind: query.kind,
		channel,
		from: range.from.toISOString(),
		to: range.to.toISOString(),
		previous: { from: range.previous.from.toISOString(), to: range.previous.to.toISOString() },
		ratings
	};
}
