/**
 * What the metric endpoints and the `metrics:update` push carry (issue 6). Aggregated and wall-safe: counts,
 * scores and unit names, never an author or a citizen's text.
 */
import { z } from 'zod';
import { RatedPeriodSchema } from '../domain/rating/rating.config.ts';
import { RatedKindSchema } from '../domain/rating/rating.ts';

export const RatingsQuerySchema = z.object({
	period: RatedPeriodSchema.default('week'),
	/** a channel rates it on its own (ИМ and ПОС apart); absent: all channels combined */
	channel: z
		.enum(['pos', 'im', 'regional', 'head_social', 'appeal_59fz', 'manual'])
		.optional()
		.or(z.literal('').transform(() => undefined)),
	kind: RatedKindSchema.default('department'),
	format: z.enum(['json', 'xlsx']).default('json')
});
export type RatingsQuery = z.infer<typeof RatingsQuerySchema>;

export interface RatingComponents {
	onTime: number | null;
	speed: number | null;
	quality: number | null;
	satisfaction: number | null;
}

export interface RatingItem {
	unit: string;
	unitName: string;
	/** the wall's short form: «Упр. ЖКХ и ТЭК», «Шепсинское» */
	shortName: string;
	kind: 'department' | 'settlement';
	/** 0–100 after shrinkage toward the kind's mean */
	score: number | null;
	n: number;
	rank: number | null;
	/** previous rank − rank: positive = moved up; null when not ranked before */
	rankChange: number | null;
	/** the shrunk components in [0, 1] the score is made of */
	components: RatingComponents;
	/** the unit's own on-time share, before shrinkage (the bar the wall draws) */
	onTimeShare: number | null;
	answered: number;
	medianFirstAnswerMinutes: number | null;
	medianResolutionMinutes: number | null;
	band: 'green' | 'yellow' | 'red' | null;
}

export interface RatingsResponse {
	ok: true;
	period: 'day' | 'week' | 'month';
	kind: 'department' | 'settlement';
	channel: string | null;
	from: string;
	to: string;
	previous: { from: string; to: string };
	ratings: RatingItem[];
}

export interface VolumePoint {
	/** ISO instant the hour starts */
	at: string;
	/** what arrived; null for hours still to come */
	actual: number | null;
	mean: number;
	lower: number;
	upper: number;
}

export interface VolumeResponse {
	ok: true;
	timeZone: string;
	/**
	 * today's 24 local hours: what arrived against the forecast made at local midnight; `forecastTotal` (expected
	 * by now) is null until a week of history preceded today, and the points' forecast is then not to be shown
	 */
	today: { startAt: string; points: VolumePoint[]; actualTotal: number; forecastTotal: number | null };
	/** the next 7 days from the current hour, and per local day; `total` is null until a week of history */
	week: { points: Array<Omit<VolumePoint, 'actual'>>; days: Array<{ date: string; mean: number; lower: number; upper: number }>; total: number | null };
	/** the first hour with an incident, and the instant a week after it from which forecasts are made (null: no data) */
	history: { since: string | null; forecastFrom: string | null };
	model: { alpha: number; beta: number; gamma: number; phi: number; sigma: number; historyHours: number };
}

export interface SpikeItem {
	block: string | null;
	blockName: string;
	settlementId: string | null;
	settlementName: string;
	observed: number;
	expected: number;
	/** +180 = 2.8× the usual; null when there was nothing before (a new problem) */
	growthPct: number | null;
	pValue: number;
	qValue: number;
	topTerms: string[];
	/** «рост обращений: ЖКХ, Шепсинское +180 % к обычному» */
	summary: string;
}

export interface SpikesResponse {
	ok: true;
	window: { from: string; to: string; hours: number; baselineDays: number };
	test: string;
	spikes: SpikeItem[];
}

export interface TrendSeries {
	id: string;
	name: string;
	/** counts per local day, oldest first, aligned with `days` */
	counts: number[];
	total: number;
	/** last 7 days against the 7 before, in %; null when the 7 before were empty */
	changePct: number | null;
}

export interface TrendsResponse {
	ok: true;
	days: string[];
	blocks: TrendSeries[];
	settlements: TrendSeries[];
}

export interface EscalationItem {
	kind: 'repeat_address' | 'repeat_topic' | 'repeat_author' | 'negative_reactions';
	key: string;
	label: string;
	count: number;
	share?: number;
	lastAt: string;
	summary: string;
}

export interface EscalationsResponse {
	ok: true;
	windowDays: number;
	signals: EscalationItem[];
}

/** The coalesced push to the wall (at most one every 2 s): today's hourly counts; the panels refetch the rest. */
export interface MetricsUpdate {
	at: string;
	/** the aggregation cursor (outbox seq) these numbers include */
	seq: number;
	today: { startAt: string; hourly: number[]; total: number };
}
