import type { AppContext } from '../context.ts';
import { wallRepository, type DayWindow, type GroupCounts } from './wall.repository.ts';
import { growthPct, per1000, sameWeekdayBaseline, type SettlementAggregate } from '#domain/wall/measures.ts';
import { aggregateTiles, tilesFor, type BlockAggregate } from '#domain/wall/tiles.ts';
import type { WallBlocks, WallReplay, WallSettlements } from '#domain/wall/api.ts';
import { startOfLocalDay } from '#domain/sla.ts';

/** how many past weeks the same-weekday baseline averages */
export const BASELINE_WEEKS = 4;
/** the replay answers at most this many points (the newest ones) */
export const REPLAY_MAX_POINTS = 50_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** today so far, then the same weekday k weeks back up to the same time of day (local midnight each) */
export function dayWindows(now: Date, timeZone: string, weeks = BASELINE_WEEKS): DayWindow[] {
	const windows: DayWindow[] = [];
	for (let k = 0; k <= weeks; k++) {
		const at = new Date(now.getTime() - k * 7 * DAY_MS);
		windows.push({ from: startOfLocalDay(at, timeZone), to: at });
	}
	return windows;
}

function splitCounts(g: GroupCounts | undefined): { todayCount: number; baseline: number } {
	if (!g) return { todayCount: 0, baseline: 0 };
	return { todayCount: g.windows[0] ?? 0, baseline: sameWeekdayBaseline(g.windows.slice(1)) };
}

/**
 * One consistent read: the counts and the outbox seq they include come from one snapshot (repeatable read), so a
 * screen can add on top only the events after `asOfSeq`.
 */
async function snapshot<T>(ctx: AppContext, read: (db: AppContext['db']) => Promise<T>): Promise<{ value: T; asOfSeq: number }> {
	return ctx.db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const asOfSeq = await wallRepository.maxSeq(trx);
			return { value: await read(trx as unknown as AppContext['db']), asOfSeq };
		});
}

export async function settlementAggregates(ctx: AppContext, blocks: string[] | null): Promise<WallSettlements> {
	const now = ctx.now();
	const { value: groups, asOfSeq } = await snapshot(ctx, (db) =>
		wallRepository.groupCounts(db, 'settlement_id', dayWindows(now, ctx.municipality.municipality.timeZone), blocks)
	);
	const byId = new Map(groups.map((g) => [g.key, g]));
	const settlements: SettlementAggregate[] = ctx.municipality.settlements.features.map((f) => {
		const g = byId.get(f.properties.id);
		const { todayCount, baseline } = splitCounts(g);
		const open = g?.open ?? 0;
		return {
			id: f.properties.id,
			open,
			overdue: g?.overdue ?? 0,
			per1000: per1000(open, f.properties.population),
			todayCount,
			baselineSameWeekday: baseline,
			growthPct: growthPct(todayCount, baseline)
		};
	});
	return { ok: true, asOf: now.toISOString(), asOfSeq, blocks, settlements };
}

export async function blockAggregates(ctx: AppContext): Promise<WallBlocks> {
	const now = ctx.now();
	const m = ctx.municipality.municipality;
	const { value: groups, asOfSeq } = await snapshot(ctx, (db) => wallRepository.groupCounts(db, 'block', dayWindows(now, m.timeZone), null));
	const byBlock = new Map(groups.map((g) => [g.key, g]));
	// incidents in a block the municipality no longer lists still count, in the fallback block
	const known = new Set(m.blocks.map((b) => b.id));
	const blocks: BlockAggregate[] = m.blocks.map((b) => ({ block: b.id, open: 0, todayCount: 0, overdue: 0, baselineSameWeekday: 0 }));
	const index = new Map(blocks.map((b) => [b.block, b]));
	for (const g of byBlock.values()) {
		const target = index.get(known.has(g.key) ? g.key : m.fallbackBlock)!;
		const { todayCount, baseline } = splitCounts(g);
		target.open += g.open;
		target.overdue += g.overdue;
		target.todayCount += todayCount;
		target.baselineSameWeekday = Math.round((target.baselineSameWeekday + baseline) * 10) / 10;
	}
	const tiles = aggregateTiles(tilesFor(m.blocks, m.wallTiles), blocks);
	return { ok: true, asOf: now.toISOString(), asOfSeq, trendBasis: 'same-weekday-4w', blocks, tiles };
}

export async function replayPoints(ctx: AppContext, hours: number, limit = REPLAY_MAX_POINTS): Promise<WallReplay> {
	const to = ctx.now();
	const from = new Date(to.getTime() - hours * 60 * 60 * 1000);
	const rows = await wallRepository.replayPoints(ctx.db, from, to, limit);
	const blocks = ctx.municipality.municipality.blocks.map((b) => b.id);
	const blockIndex = new Map(blocks.map((b, i) => [b, i]));
	const statuses: string[] = [];
	const statusIndex = new Map<string, number>();
	const points: WallReplay['points'] = { id: [], lon: [], lat: [], t: [], block: [], status: [] };
	const round5 = (v: number) => Math.round(v * 1e5) / 1e5;
	for (const r of rows) {
		let s = statusIndex.get(r.status);
		if (s === undefined) {
			s = statuses.push(r.status) - 1;
			statusIndex.set(r.status, s);
		}
		points.id.push(r.id);
		points.lon.push(round5(r.lon));
		points.lat.push(round5(r.lat));
		points.t.push(Math.round((new Date(r.received_at).getTime() - from.getTime()) / 1000));
		points.block.push(r.block === null ? -1 : (blockIndex.get(r.block) ?? -1));
		points.status.push(s);
	}
	return { ok: true, from: from.toISOString(), to: to.toISOString(), hours, limit, truncated: rows.length >= limit, blocks, statuses, points };
}
