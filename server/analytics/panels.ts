/**
 * The wall's analytics panels from the metric aggregates: incoming volume against the forecast, spikes, block and
 * settlement trends, escalation signals. Pure domain functions do the statistics; this file reads and shapes.
 */
import type { EscalationItem, EscalationsResponse, SpikeItem, SpikesResponse, TrendSeries, TrendsResponse, VolumeResponse } from '#contracts/metrics.ts';
import { bucketStartMs } from '#domain/analytics/aggregate.ts';
import { escalationSignals, DEFAULT_ESCALATION_CONFIG, type ComplaintFact, type ReactionFact } from '#domain/analytics/escalation.ts';
import { forecastVolume, HOURS_PER_WEEK } from '#domain/analytics/forecast.ts';
import { DEFAULT_SPIKE_CONFIG, detectSpikes, topTerms, windowCounts, type SpikeInput } from '#domain/analytics/spikes.ts';
import { localDateOf, startOfLocalDay } from '#domain/sla.ts';
import { escalationSummary, spikeSummary } from '../../src/lib/i18n/analytics.ts';
import { t } from '../../src/lib/i18n/index.ts';
import type { AppContext } from '../context.ts';
import { metricsRepository } from './metrics.repository.ts';
import { blockNames, unitNames } from './names.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const HISTORY_WEEKS = 8;

type Ctx = Pick<AppContext, 'db' | 'calendar' | 'now' | 'municipality'>;

/** Drops whole leading weeks without a single incident: a young installation is not forecast from zeros. */
function trimEmptyWeeks(counts: number[]): number {
	let start = counts.length % HOURS_PER_WEEK;
	while (start + HOURS_PER_WEEK < counts.length) {
		let any = false;
		for (let i = start; i < start + HOURS_PER_WEEK && !any; i++) any = counts[i] > 0;
		if (any) break;
		start += HOURS_PER_WEEK;
	}
	return start;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** GET /api/v1/metrics/volume: today's hours against the forecast made at local midnight, and the next 7 days. */
export async function buildVolume(ctx: Ctx): Promise<VolumeResponse> {
	const tz = ctx.calendar.timeZone;
	const now = ctx.now();
	const today = startOfLocalDay(now, tz);
	const hourStart = bucketStartMs(now.getTime(), 'hour', tz);
	const from = new Date(today.getTime() - HISTORY_WEEKS * 7 * DAY_MS);
	const [series, since] = await Promise.all([metricsRepository.hourly(ctx.db, from, new Date(hourStart + HOUR_MS)), metricsRepository.firstHour(ctx.db)]);
	// the model's season is a week: from less history its forecast is mostly the zeros before the first incident
	const forecastFrom = since === null ? null : since.getTime() + HOURS_PER_WEEK * HOUR_MS;
	const forecastsToday = forecastFrom !== null && forecastFrom <= today.getTime();
	const forecastsWeek = forecastFrom !== null && forecastFrom <= hourStart;
	const todayIdx = Math.round((today.getTime() - from.getTime()) / HOUR_MS);
	const nowIdx = Math.round((hourStart - from.getTime()) / HOUR_MS);

	const before = series.slice(0, todayIdx);
	const s0 = trimEmptyWeeks(before);
	const todayFc = forecastVolume({ startAt: new Date(from.getTime() + s0 * HOUR_MS).toISOString(), counts: before.slice(s0), timeZone: tz }, 24);
	let actualTotal = 0;
	let forecastTotal = 0;
	const points = todayFc.points.map((p, i) => {
		const idx = todayIdx + i;
		const actual = idx <= nowIdx ? (series[idx] ?? 0) : null;
		if (actual !== null) {
			actualTotal += actual;
			forecastTotal += p.mean;
		}
		return { at: p.at, actual, mean: round1(p.mean), lower: round1(p.lower), upper: round1(p.upper) };
	});

	const upToNow = series.slice(0, nowIdx);
	const s1 = trimEmptyWeeks(upToNow);
	const weekFc = forecastVolume({ startAt: new Date(from.getTime() + s1 * HOUR_MS).toISOString(), counts: upToNow.slice(s1), timeZone: tz }, HOURS_PER_WEEK);
	const days = new Map<string, { mean: number; lower: number; upper: number }>();
	for (const p of weekFc.points) {
		const d = localDateOf(new Date(p.at), tz);
		const acc = days.get(d) ?? { mean: 0, lower: 0, upper: 0 };
		// hourly bands do not add up exactly; the sum of the bounds is a conservative daily band
		acc.mean += p.mean;
		acc.lower += p.lower;
		acc.upper += p.upper;
		days.set(d, acc);
	}
	return {
		ok: true,
		timeZone: tz,
		today: { startAt: today.toISOString(), points, actualTotal, forecastTotal: forecastsToday ? round1(forecastTotal) : null },
		week: {
			points: weekFc.points.map((p) => ({ at: p.at, mean: round1(p.mean), lower: round1(p.lower), upper: round1(p.upper) })),
			days: [...days].map(([date, v]) => ({ date, mean: round1(v.mean), lower: round1(v.lower), upper: round1(v.upper) })),
			total: forecastsWeek ? round1(weekFc.next7d) : null
		},
		history: { since: since?.toISOString() ?? null, forecastFrom: forecastFrom === null ? null : new Date(forecastFrom).toISOString() },
		model: { ...weekFc.params, sigma: weekFc.sigma, historyHours: upToNow.length - s1 }
	};
}

export const SPIKE_WINDOW_HOURS = 24;
export const SPIKE_BASELINE_DAYS = 7;

/** GET /api/v1/metrics/spikes: block × settlement counts of the last 24 h against the same hours of the 7 days before. */
export async function buildSpikes(ctx: Ctx): Promise<SpikesResponse> {
	const tz = ctx.calendar.timeZone;
	const now = ctx.now();
	const end = bucketStartMs(now.getTime(), 'hour', tz) + HOUR_MS;
	const hours = SPIKE_WINDOW_HOURS * (SPIKE_BASELINE_DAYS + 1);
	const from = end - hours * HOUR_MS;
	const [rows, since] = await Promise.all([metricsRepository.hourlyByBlockSettlement(ctx.db, new Date(from), new Date(end)), metricsRepository.firstHour(ctx.db)]);
	// hours before the first incident are no baseline (see windowCounts)
	const start = since === null ? hours : Math.max(0, Math.round((since.getTime() - from) / HOUR_MS));
	const series = new Map<string, number[]>();
	for (const r of rows) {
		const key = `${r.block}|${r.settlementId}`;
		let s = series.get(key);
		if (!s) series.set(key, (s = new Array<number>(hours).fill(0)));
		const i = Math.round((r.bucket.getTime() - from) / HOUR_MS);
		if (i >= 0 && i < hours) s[i] += r.n;
	}
	const inputs: SpikeInput[] = [];
	for (const [key, s] of series) {
		const { observed, baseline } = windowCounts(s, { start, windowHours: SPIKE_WINDOW_HOURS, lagHours: 24, periods: SPIKE_BASELINE_DAYS });
		inputs.push({ key, observed, baseline });
	}
	const found = detectSpikes(inputs, { ...DEFAULT_SPIKE_CONFIG, topTerms: 0 }).slice(0, 8);
	const blocks = blockNames(ctx.municipality);
	const settlements = unitNames(ctx.municipality, 'settlement');
	const windowFrom = new Date(end - SPIKE_WINDOW_HOURS * HOUR_MS);
	const spikes: SpikeItem[] = [];
	for (const s of found) {
		const [blockRaw, settlementRaw] = s.key.split('|');
		const block = blockRaw || null;
		const settlementId = settlementRaw || null;
		const [texts, baselineTexts] = await Promise.all([
			metricsRepository.texts(ctx.db, block, settlementId, windowFrom, new Date(end), 300),
			metricsRepository.texts(ctx.db, block, settlementId, new Date(from), windowFrom, 600)
		]);
		const blockName = block ? (blocks.get(block) ?? block) : t('analytics.unknown.block');
		const settlementName = settlementId ? (settlements.get(settlementId) ?? settlementId) : t('analytics.unknown.settlement');
		spikes.push({
			block,
			blockName,
			settlementId,
			settlementName,
			observed: s.observed,
			expected: round1(s.expected),
			growthPct: s.growthPct,
			pValue: s.pValue,
			qValue: s.qValue,
			topTerms: topTerms(texts, baselineTexts, { limit: 4 }),
			summary: spikeSummary({ blockName, settlementName, growthPct: s.growthPct, observed: s.observed })
		});
	}
	return {
		ok: true,
		window: { from: windowFrom.toISOString(), to: new Date(end).toISOString(), hours: SPIKE_WINDOW_HOURS, baselineDays: SPIKE_BASELINE_DAYS },
		test: 'exact conditional test of two Poisson rates (X | X+B ~ Binomial), Benjamini–Hochberg FDR 5 %',
		spikes
	};
}

export const TREND_DAYS = 14;

/** GET /api/v1/metrics/trends: incidents per local day over 14 days by block and by settlement. */
export async function buildTrends(ctx: Ctx): Promise<TrendsResponse> {
	const tz = ctx.calendar.timeZone;
	const today = startOfLocalDay(ctx.now(), tz);
	const days: string[] = [];
	const starts: number[] = [];
	for (let i = TREND_DAYS - 1; i >= 0; i--) {
		// noon steps over a 23/25-hour day safely
		const start = startOfLocalDay(new Date(today.getTime() - i * DAY_MS + 12 * HOUR_MS), tz);
		starts.push(start.getTime());
		days.push(localDateOf(start, tz));
	}
	const from = new Date(starts[0]);
	const to = new Date(today.getTime() + 36 * HOUR_MS);
	const series = async (dim: 'block' | 'settlement_id', names: Map<string, string>, unknown: string): Promise<TrendSeries[]> => {
		const rows = await metricsRepository.dailyBy(ctx.db, dim, from, startOfLocalDay(to, tz));
		const byKey = new Map<string, number[]>();
		for (const r of rows) {
			const i = days.indexOf(localDateOf(r.bucket, tz));
			if (i < 0) continue;
			let c = byKey.get(r.key);
			if (!c) byKey.set(r.key, (c = new Array<number>(TREND_DAYS).fill(0)));
			c[i] += r.n;
		}
		return [...byKey]
			.map(([id, counts]) => {
				const last = counts.slice(-7).reduce((a, b) => a + b, 0);
				const prev = counts.slice(-14, -7).reduce((a, b) => a + b, 0);
				return {
					id,
					name: id ? (names.get(id) ?? id) : unknown,
					counts,
					total: counts.reduce((a, b) => a + b, 0),
					changePct: prev > 0 ? Math.round(((last - prev) / prev) * 100) : null
				};
			})
			.sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : 1));
	};
	const [blocks, settlements] = await Promise.all([
		series('block', blockNames(ctx.municipality), t('analytics.unknown.block')),
		series('settlement_id', unitNames(ctx.municipality, 'settlement'), t('analytics.unknown.settlement'))
	]);
	return { ok: true, days, blocks, settlements };
}

/** GET /api/v1/metrics/escalations: repeat complaints on one address or topic, many negative reactions. */
export async function buildEscalations(ctx: Ctx): Promise<EscalationsResponse> {
	const cfg = DEFAULT_ESCALATION_CONFIG;
	const now = ctx.now();
	const from = new Date(now.getTime() - cfg.windowDays * DAY_MS);
	const to = new Date(now.getTime() + 1);
	const [complaintRows, reactionRows] = await Promise.all([
		metricsRepository.complaints(ctx.db, from, to, 20_000),
		metricsRepository.reactions(ctx.db, from, to, 20_000)
	]);
	const settlements = unitNames(ctx.municipality, 'settlement');
	const departments = unitNames(ctx.municipality, 'department');
	const complaints: ComplaintFact[] = complaintRows.map((r) => ({
		incidentId: r.id,
		at: r.received_at,
		settlementId: r.settlement_id,
		address: r.address,
		topicKey: r.category ? `${r.category}|${r.settlement_id ?? ''}` : null
	}));
	const reactions: ReactionFact[] = [];
	for (const r of reactionRows) {
		const data = (r.data ?? {}) as Record<string, unknown>;
		// a manual re-open is a dissatisfied citizen too
		const negative = r.type === 'reopen' || data.reaction === 'negative';
		reactions.push({ incidentId: r.incident_id, unit: r.department_id ?? '', at: r.at, negative });
	}
	const signals = escalationSignals({ complaints, reactions }, now, cfg).slice(0, 20);
	const items: EscalationItem[] = signals.map((s) => {
		let label: string;
		if (s.kind === 'repeat_address') {
			const sid = s.key.split('|')[0];
			label = `${s.label ?? s.key.split('|')[1]}${sid ? ` (${settlements.get(sid) ?? sid})` : ''}`;
		} else if (s.kind === 'repeat_topic') {
			const [category, sid] = s.key.split('|');
			label = sid ? `${category}, ${settlements.get(sid) ?? sid}` : category;
		} else if (s.kind === 'negative_reactions') {
			label = s.key ? (departments.get(s.key) ?? s.key) : t('analytics.unknown.department');
		} else label = '';
		return {
			kind: s.kind,
			key: s.kind === 'repeat_author' ? 'author' : s.key,
			label,
			count: s.count,
			...(s.share !== undefined ? { share: s.share } : {}),
			lastAt: s.lastAt,
			summary: escalationSummary({ kind: s.kind, label, count: s.count, total: s.total, windowDays: cfg.windowDays })
		};
	});
	return { ok: true, windowDays: cfg.windowDays, signals: items };
}
