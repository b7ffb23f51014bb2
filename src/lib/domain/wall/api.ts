/**
 * Bodies of the wall's aggregate endpoints (GET /api/v1/wall/*): wall-safe, no incident text, no personal data.
 */
import { z } from 'zod';

export const SettlementAggregateSchema = z.object({
	id: z.string(),
	open: z.number().int(),
	overdue: z.number().int(),
	per1000: z.number().nullable(),
	todayCount: z.number().int(),
	baselineSameWeekday: z.number(),
	growthPct: z.number()
});

export const WallSettlementsSchema = z.object({
	ok: z.literal(true),
	asOf: z.string(),
	/** every incident event up to this outbox seq is counted */
	asOfSeq: z.number().int(),
	blocks: z.array(z.string()).nullable(),
	settlements: z.array(SettlementAggregateSchema)
});
export type WallSettlements = z.infer<typeof WallSettlementsSchema>;

export const TileAggregateSchema = z.object({
	id: z.string(),
	name: z.string(),
	blocks: z.array(z.string()),
	open: z.number().int(),
	today: z.number().int(),
	overdue: z.number().int(),
	baselineSameWeekday: z.number(),
	trend: z.enum(['up', 'down', 'flat'])
});

export const WallBlocksSchema = z.object({
	ok: z.literal(true),
	asOf: z.string(),
	asOfSeq: z.number().int(),
	trendBasis: z.literal('same-weekday-4w'),
	blocks: z.array(
		z.object({ block: z.string(), open: z.number().int(), todayCount: z.number().int(), overdue: z.number().int(), baselineSameWeekday: z.number() })
	),
	tiles: z.array(TileAggregateSchema)
});
export type WallBlocks = z.infer<typeof WallBlocksSchema>;

/** replay points, column-wise: `t` in seconds after `from`, `block` and `status` index `blocks` / `statuses` */
export const WallReplaySchema = z.object({
	ok: z.literal(true),
	from: z.string(),
	to: z.string(),
	hours: z.number().int(),
	limit: z.number().int(),
	truncated: z.boolean(),
	blocks: z.array(z.string()),
	statuses: z.array(z.string()),
	points: z.object({
		id: z.array(z.string()),
		lon: z.array(z.number()),
		lat: z.array(z.number()),
		t: z.array(z.number()),
		block: z.array(z.number().int()),
		status: z.array(z.number().int())
	})
});
export type WallReplay = z.infer<typeof WallReplaySchema>;
