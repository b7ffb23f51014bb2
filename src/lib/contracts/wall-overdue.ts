import { z } from 'zod';
import { ChannelSchema, SlaClockNameSchema, StatusSchema } from '#domain/incident.ts';

/** One overdue open incident as the wall's ticker shows it (GET /api/v1/wall/overdue). */
export const WallOverdueItemSchema = z.object({
	id: z.uuid(),
	channel: ChannelSchema,
	status: StatusSchema,
	urgent: z.boolean(),
	hot: z.boolean(),
	receivedAt: z.string(),
	/** the due time of the clock overdue the longest */
	overdueSince: z.string(),
	overdueClock: SlaClockNameSchema.nullable(),
	block: z.string().nullable(),
	blockName: z.string().nullable(),
	settlementId: z.string().nullable(),
	settlementName: z.string().nullable(),
	departmentId: z.string().nullable(),
	/** the department's wall name (its `wallName`, else the abbreviated name) */
	departmentName: z.string().nullable()
});
export type WallOverdueItem = z.infer<typeof WallOverdueItemSchema>;

/** Overdue and due-soon open incidents of one block or department; `id` null = none set yet. */
export const WallOverdueCountSchema = z.object({
	id: z.string().nullable(),
	name: z.string().nullable(),
	overdue: z.number().int(),
	dueSoon: z.number().int()
});
export type WallOverdueCount = z.infer<typeof WallOverdueCountSchema>;

export const WallOverdueSchema = z.object({
	ok: z.literal(true),
	/** the server's clock when due-soon was evaluated */
	serverTime: z.string(),
	timeZone: z.string(),
	/** every overdue open incident; `items` holds the longest-overdue `limit` of them */
	overdueTotal: z.number().int(),
	/** open, not overdue, and a running clock is due soon (< 30 min or < 20 % of its term left) */
	dueSoonTotal: z.number().int(),
	limit: z.number().int(),
	items: z.array(WallOverdueItemSchema),
	byBlock: z.array(WallOverdueCountSchema),
	byDepartment: z.array(WallOverdueCountSchema)
});
export type WallOverdue = z.infer<typeof WallOverdueSchema>;
