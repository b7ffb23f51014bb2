/**
 * GET /api/v1/ratings and /api/v1/metrics/*: aggregated and wall-safe (scores, counts, unit names, masked words),
 * so they need no token, like the wall itself. Answers are memoised per aggregation cursor and minute: many walls
 * refetching after one `metrics:update` cost one computation.
 */
import { RatingsQuerySchema, type RatingsResponse } from '#contracts/metrics.ts';
import { t } from '../../src/lib/i18n/index.ts';
import type { AppContext } from '../context.ts';
import { fail, json, zodIssues } from '../http/responses.ts';
import { metricsRepository } from './metrics.repository.ts';
import { buildEscalations, buildSpikes, buildTrends, buildVolume } from './panels.ts';
import { buildRatings } from './ratings.ts';
import { writeXlsx } from './xlsx.ts';

const MEMO_MS = 60_000;
const memo = new Map<string, { key: string; at: number; value: Promise<unknown> }>();

async function memoised<T>(ctx: AppContext, name: string, build: () => Promise<T>): Promise<T> {
	const { seq } = await metricsRepository.cursor(ctx.db);
	const key = `${seq}|${Math.floor(ctx.now().getTime() / 60_000)}`;
	const hit = memo.get(name);
	if (hit && hit.key === key && Date.now() - hit.at < MEMO_MS) return hit.value as Promise<T>;
	const value = build();
	memo.set(name, { key, at: Date.now(), value });
	value.catch(() => memo.delete(name));
	return value;
}

const cached = (body: unknown) => {
	const res = json(body);
	res.headers.set('cache-control', 'no-store');
	return res;
};

export async function handleRatings(ctx: AppContext, url: URL): Promise<Response> {
	const parsed = RatingsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return fail(400, 'invalid query', zodIssues(parsed.error));
	const q = parsed.data;
	const body = await memoised(ctx, `ratings|${q.period}|${q.kind}|${q.channel ?? ''}`, () => buildRatings(ctx, q));
	if (q.format === 'xlsx') {
		const file = ratingsXlsx(body);
		return new Response(new Uint8Array(file), {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="rating-${q.kind}-${q.period}${q.channel ? `-${q.channel}` : ''}.xlsx"`,
				'cache-control': 'no-store'
			}
		});
	}
	return cached(body);
}

const share = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** The ratings as one sheet with Russian headers. */
export function ratingsXlsx(r: RatingsResponse): Buffer {
	const header = [
		t('analytics.xlsx.rank'),
		t('analytics.xlsx.rankChange'),
		t(r.kind === 'department' ? 'analytics.xlsx.unit.department' : 'analytics.xlsx.unit.settlement'),
		t('analytics.xlsx.code'),
		t('analytics.xlsx.score'),
		t('analytics.xlsx.n'),
		t('analytics.xlsx.answered'),
		t('analytics.xlsx.onTimeShare'),
		t('analytics.xlsx.onTime'),
		t('analytics.xlsx.speed'),
		t('analytics.xlsx.quality'),
		t('analytics.xlsx.satisfaction'),
		t('analytics.xlsx.medianFirst'),
		t('analytics.xlsx.medianResolution'),
		t('analytics.xlsx.period'),
		t('analytics.xlsx.channel')
	];
	const period = `${r.from.slice(0, 10)} — ${r.to.slice(0, 10)}`;
	const channel = r.channel ?? t('analytics.xlsx.allChannels');
	const rows = r.ratings.map((i) => [
		i.rank,
		i.rankChange,
		i.unitName,
		i.unit,
		i.score,
		i.n,
		i.answered,
		i.onTimeShare === null ? null : Math.round(i.onTimeShare * 1000) / 10,
		share(i.components.onTime),
		share(i.components.speed),
		share(i.components.quality),
		share(i.components.satisfaction),
		i.medianFirstAnswerMinutes === null ? null : Math.round(i.medianFirstAnswerMinutes),
		i.medianResolutionMinutes === null ? null : Math.round(i.medianResolutionMinutes),
		period,
		channel
	]);
	return writeXlsx({
		name: t('analytics.xlsx.sheet'),
		rows: [header, ...rows],
		widths: [8, 10, 60, 28, 12, 11, 11, 12, 14, 14, 14, 16, 18, 18, 26, 14]
	});
}

export const handleVolume = async (ctx: AppContext) => cached(await memoised(ctx, 'volume', () => buildVolume(ctx)));
export const handleSpikes = async (ctx: AppContext) => cached(await memoised(ctx, 'spikes', () => buildSpikes(ctx)));
export const handleTrends = async (ctx: AppContext) => cached(await memoised(ctx, 'trends', () => buildTrends(ctx)));
export const handleEscalations = async (ctx: AppContext) => cached(await memoised(ctx, 'escalations', () => buildEscalations(ctx)));
