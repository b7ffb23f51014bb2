import { z } from 'zod';
import { isoInstant, requiredText, textField } from './fields.ts';

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

export const AuthorSchema = z
	.object({
		name: textField(200).optional(),
		phone: textField(50).optional(),
		email: textField(200).optional()
	})
	.strict();
export type Author = z.infer<typeof AuthorSchema>;

/** One incident as a source system posts it (POST /api/v1/incidents). */
export const IncidentInputSchema = z
	.object({
		source: requiredText(100),
		externalId: requiredText(200),
		channel: ChannelSchema,
		text: requiredText(20_000),
		receivedAt: isoInstant,
		title: textField(500).optional(),
		category: textField(200).optional(),
		address: textField(500).optional(),
		lat: z.number().min(-90).max(90).optional(),
		lon: z.number().min(-180).max(180).optional(),
		settlement: textField(200).optional(),
		urgent: z.boolean().optional(),
		dueAt: isoInstant.optional(),
		author: AuthorSchema.optional()
	})
	.strict()
	.refine((v) => (v.lat === undefined) === (v.lon === undefined), {
		message: 'lat and lon go together',
		path: ['lon'],
		// report it alongside other bad fields, so a sender fixes everything in one round
		when: (payload) => {
			const v = payload.value as { lat?: unknown; lon?: unknown } | null;
			return typeof v === 'object' && v !== null && (v.lat === undefined || typeof v.lat === 'number') && (v.lon === undefined || typeof v.lon === 'number');
		}
	});
export type IncidentInput = z.infer<typeof IncidentInputSchema>;

export const DeadlinesSchema = z.object({
	takeIntoWork: z.string().optional(),
	firstAnswer: z.string().optional(),
	resolution: z.string().optional(),
	executor: z.string().optional(),
	satisfaction: z.string().optional()
});
export type Deadlines = z.infer<typeof DeadlinesSchema>;

/** SLA clocks (channels-and-sla.md §6.3); the same list as `CLOCKS` in lifecycle.ts. */
export const SLA_CLOCK_NAMES = ['takeIntoWork', 'firstAnswer', 'resolution', 'executor', 'satisfaction'] as const;
export const SlaClockNameSchema = z.enum(SLA_CLOCK_NAMES);
export type SlaClockName = z.infer<typeof SlaClockNameSchema>;

/** One clock of an incident as screens see it: ISO instants; a clock without `stoppedAt` is running. */
export const SlaClockSchema = z.object({
	clock: SlaClockNameSchema,
	startedAt: z.string(),
	dueAt: z.string(),
	stoppedAt: z.string().nullable(),
	/** from this instant on (exclusive) the clock is "due soon": < 30 min or < 20 % of its term left */
	dueSoonAt: z.string(),
	overdue: z.boolean()
});
export type SlaClock = z.infer<typeof SlaClockSchema>;

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
	/** the running clocks flagged overdue, earliest due first */
	overdueClocks: z.array(SlaClockNameSchema).optional(),
	/** the clock overdue the longest (its due time is `overdueSince`) */
	overdueClock: SlaClockNameSchema.nullable().optional(),
	/** every clock with a deadline, running or stopped */
	clocks: z.array(SlaClockSchema).optional(),
	/** the earliest running deadline not yet passed */
	nextDueAt: z.string().nullable().optional(),
	resolution: z.string().nullable().optional(),
	reopenCount: z.number().int().optional(),
	reworkCount: z.number().int().optional(),
	/** the date an intermediate answer promised */
	promisedAt: z.string().nullable().optional(),
	version: z.number().int(),
	createdAt: z.string(),
	updatedAt: z.string()
});
export type Incident = z.infer<typeof IncidentSchema>;

/**
 * "Due soon" at `now`: a running clock (not the satisfaction window) is not due yet and has less than 30 minutes
 * or 20 % of its term left. Screens evaluate it on their own clock: it changes with time, not with an event.
 */
export function isDueSoon(incident: Pick<Incident, 'clocks'>, now: Date): boolean {
	return dueSoonClocks(incident, now).length > 0;
}

export function dueSoonClocks(incident: Pick<Incident, 'clocks'>, now: Date): SlaClockName[] {
	const t = now.getTime();
	return (incident.clocks ?? [])
		.filter((c) => c.stoppedAt === null && c.clock !== 'satisfaction' && t > Date.parse(c.dueSoonAt) && t < Date.parse(c.dueAt))
		.map((c) => c.clock);
}

/** How long the incident has been overdue at `now`, in ms (0 when it is not). */
export function overdueForMs(incident: Pick<Incident, 'overdue' | 'overdueSince'>, now: Date): number {
	if (!incident.overdue || !incident.overdueSince) return 0;
	return Math.max(0, now.getTime() - Date.parse(incident.overdueSince));
}

/** Counters the wall shows; "today" is the municipality's local day. */
export const WallStatsSchema = z.object({
	today: z.number().int(),
	open: z.number().int(),
	hot: z.number().int(),
	overdue: z.number().int()
});
export type WallStats = z.infer<typeof WallStatsSchema>;
