import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { fail, json, zodIssues } from '../http/responses.ts';
import { blockAggregates, replayPoints, settlementAggregates } from './wall.service.ts';

// many walls poll the same numbers: answers younger than this are shared, so a room of screens costs one query
const SHARE_MS = 1_000;
const shared = new Map<string, { at: number; body: Promise<unknown> }>();

function memo(key: string, load: () => Promise<unknown>): Promise<unknown> {
	const now = Date.now();
	const hit = shared.get(key);
	if (hit && now - hit.at < SHARE_MS) return hit.body;
	const body = load();
	shared.set(key, { at: now, body });
	body.catch(() => shared.delete(key));
	// bounded: a handful of keys (block filters) at most, old ones dropped
	if (shared.size > 64) for (const [k, v] of shared) if (now - v.at >= SHARE_MS) shared.delete(k);
	return body;
}

const noStore = (body: unknown) => {
	const res = json(body);
	res.headers.set('cache-control', 'no-store');
	return res;
};

const SettlementsQuerySchema = z.object({
	blocks: z
		.string()
		.regex(/^[a-z0-9_,-]*$/, 'expected block ids separated by commas')
		.optional()
		.transform((v) => (v ? [...new Set(v.split(',').filter(Boolean))].sort() : null))
});

/** GET /api/v1/wall/settlements[?blocks=a,b]: per settlement open, overdue, per 1 000, today and its baseline */
export async function handleWallSettlements(ctx: AppContext, url: URL): Promise<Response> {
	const parsed = SettlementsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return fail(400, 'invalid query', zodIssues(parsed.error));
	const blocks = parsed.data.blocks;
	const known = new Set(ctx.municipality.municipality.blocks.map((b) => b.id));
	const unknown = (blocks ?? []).filter((b) => !known.has(b));
	if (unknown.length) return fail(400, 'invalid query', [{ path: ['blocks'], message: `unknown block(s): ${unknown.join(', ')}` }]);
	return noStore(await memo(`s:${blocks?.join(',') ?? ''}`, () => settlementAggregates(ctx, blocks)));
}

/** GET /api/v1/wall/blocks: per block and per wall tile open, today, overdue and the trend */
export async function handleWallBlocks(ctx: AppContext): Promise<Response> {
	return noStore(await memo('b', () => blockAggregates(ctx)));
}

const ReplayQuerySchema = z.object({
	hours: z.enum(['24', '168'], { error: 'expected hours=24 or hours=168' }).default('24').transform(Number)
});

/** GET /api/v1/wall/replay?hours=24|168: compact points of the period, bounded */
export async function handleWallReplay(ctx: AppContext, url: URL): Promise<Response> {
	const parsed = ReplayQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return fail(400, 'invalid query', zodIssues(parsed.error));
	return noStore(await memo(`r:${parsed.data.hours}`, () => replayPoints(ctx, parsed.data.hours)));
}
