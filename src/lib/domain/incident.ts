import { z } from 'zod';

/** Channels a citizen's message can arrive through (glossary: канал). */
export const CHANNELS = ['pos', 'im', 'regional', 'head_social', 'appeal_59fz', 'manual'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

/** Life-cycle states (channels-and-sla.md §6.1). */
export const STATUSES = ['received', 'in_work', 'assigned', 'on_approval', 'satisfaction_check', 'closed'] as const;
export const StatusSchema = z.enum(STATUSES);
export type IncidentStatus = z.infer<typeof StatusSchema>;
export const OPEN_STATUSES: readonly IncidentStatus[] = STATUSES.filter((s) => s !== 'closed');

/** How an incident was placed in a settlement. */
export const PLACEMENTS = ['pending', 'coordinates', 'address', 'settlement field', 'none'] as const;
export const PlacementSchema = z.enum(PLACEMENTS);
export type Placement = z.infer<typeof PlacementSchema>;

const isoWithOffset = z.iso.datetime({ offset: true, message: 'expected ISO 8601 date-time with offset' });
const trimmed = (max: number) => z.string().trim().min(1).max(max);

export const AuthorSchema = z
	.object({
		name: z.string().trim().max(200).optional(),
		phone: z.string().trim().max(50).optional(),
		email: z.string().trim().max(200).optional()
	})
	.strict();
export type Author = z.infer<typeof AuthorSchema>;

/** One incident as a source system posts it (POST /api/v1/incidents). */
export const IncidentInputSchema = z
	.object({
		source: trimmed(100),
		externalId: trimmed(200),
		channel: ChannelSchema,
		text: trimmed(20_000),
		receivedAt: isoWithOffset,
		title: z.string().trim().max(500).optional(),
		category: z.string().trim().max(200).optional(),
		address: z.string().trim().max(500).optional(),
		lat: z.number().min(-90).max(90).optional(),
		lon: z.number().min(-180).max(180).optional(),
		settlement: z.string().trim().max(200).optional(),
		urgent: z.boolean().optional(),
		dueAt: isoWithOffset.optional(),
		author: AuthorSchema.optional()
	})
	.strict()
	.refine((v) => (v.lat === undefined) === (v.lon === undefined), {
		message: 'lat and lon go together',
		path: ['lon']
	});
export type IncidentInput = z.infer<typeof IncidentInputSchema>;

export const DeadlinesSchema = z.object({
	takeIntoWork: z.string().optional(),
	firstAnswer: z.string().optional(),
	resolution: z.string().optional()
});
export type Deadlines = z.infer<typeof DeadlinesSchema>;

/** The wall-safe view of an incident: no author, personal data masked in text. */
export const IncidentSchema = z.object({
	id: z.uuid(),
	source: z.string(),
	externalId: z.string(),
	channel: ChannelSchema,
	receivedAt: z.string(),
	title: z.string().nullable(),
	text: z.string(),
	category: z.string().nullable(),
	block: z.string().nullable(),
	settlementId: z.string().nullable(),
	settlementName: z.string().nullable(),
	placement: PlacementSchema,
	departmentId: z.string().nullable(),
	lat: z.number().nullable(),
	lon: z.number().nullable(),
	address: z.string().nullable(),
	status: StatusSchema,
	urgent: z.boolean(),
	hot: z.boolean(),
	dueAt: z.string().nullable(),
	deadlines: DeadlinesSchema,
	overdue: z.boolean(),
	overdueSince: z.string().nullable(),
	version: z.number().int(),
	createdAt: z.string(),
	updatedAt: z.string()
});
export type Incident = z.infer<typeof IncidentSchema>;

/** Counters the wall shows; "today" is the municipality's local day. */
export const WallStatsSchema = z.object({
	today: z.number().int(),
	open: z.number().int(),
	hot: z.number().int(),
	overdue: z.number().int()
});
export type WallStats = z.infer<typeof WallStatsSchema>;
