/**
 * Incident life cycle (channels-and-sla.md §6): states, actions, the clocks each state runs and the events that
 * stop them. Pure: the HTTP layer maps POST /api/v1/incidents/:id/actions onto applyAction and stores the result.
 */
import { z } from 'zod';
import { StatusSchema, type Channel } from './incident.ts';
import { isoInstant as iso, requiredText, textField } from './fields.ts';
import { addWorkingMinutes, computeDeadlines, SLA_DEFAULTS, type DeadlineInput, type WorkCalendar } from './sla.ts';

const MINUTE = 60_000;

export const CLOCKS = ['takeIntoWork', 'firstAnswer', 'resolution', 'executor', 'satisfaction'] as const;
export const ClockSchema = z.enum(CLOCKS);
export type Clock = z.infer<typeof ClockSchema>;

export const RESOLUTIONS = ['resolved', 'explained', 'done', 'accepted_by_silence', 'sent', 'redirected', 'dismissed'] as const;
export const ResolutionSchema = z.enum(RESOLUTIONS);
export type Resolution = z.infer<typeof ResolutionSchema>;

const ClockTimesSchema = z.object({
	takeIntoWork: iso.optional(),
	firstAnswer: iso.optional(),
	resolution: iso.optional(),
	executor: iso.optional(),
	satisfaction: iso.optional()
});
export type ClockTimes = z.infer<typeof ClockTimesSchema>;

export const LifecycleStateSchema = z.object({
	status: StatusSchema,
	resolution: ResolutionSchema.nullable(),
	urgent: z.boolean(),
	hot: z.boolean(),
	hotReason: z.string().nullable(),
	primaryAnswered: z.boolean(),
	intermediateAnswered: z.boolean(),
	promisedAt: iso.nullable(),
	reopenCount: z.number().int().nonnegative(),
	reworkCount: z.number().int().nonnegative(),
	/** approval steps passed in the current round */
	approvals: z.number().int().nonnegative(),
	departmentId: z.string().nullable(),
	/** due instants per clock */
	deadlines: ClockTimesSchema,
	/** when each clock stopped; a clock without a stop is still running */
	stopped: ClockTimesSchema
});
export type LifecycleState = z.infer<typeof LifecycleStateSchema>;

// ---- actions ----------------------------------------------------------------------------------------------

const actor = requiredText(200);
const reason = requiredText(2000, 'a reason is required');
const text = requiredText(20_000);
const act = <A extends string, S extends z.ZodRawShape>(action: A, shape: S) =>
	z.object({ action: z.literal(action), actor, note: textField(2000).optional(), ...shape });

export const IncidentTakeSchema = act('take', {});
export const IncidentAssignSchema = act('assign', { departmentId: requiredText(200), executorDue: iso });
export const IncidentFirstAnswerSchema = act('first_answer', { text: text.optional(), executionDate: iso.optional() });
export const IncidentIntermediateAnswerSchema = act('intermediate_answer', { text: text.optional(), promisedAt: iso });
export const IncidentSubmitSchema = act('submit', { text: text.optional() });
export const IncidentApproveSchema = act('approve', {});
export const IncidentReturnForReworkSchema = act('return_for_rework', { reason, executorDue: iso });
export const IncidentPublishSchema = act('publish', { resolution: z.enum(['resolved', 'explained']).optional() });
export const IncidentCitizenReactionSchema = act('citizen_reaction', {
	reaction: z.enum(['positive', 'negative']),
	by: z.enum(['citizen', 'moderator']).default('citizen'),
	text: text.optional()
});
export const IncidentCloseSchema = act('close', { resolution: z.enum(['redirected', 'dismissed']), reason: reason.optional() });
export const IncidentReopenSchema = act('reopen', { reason });
export const IncidentChangeDeadlineSchema = act('change_deadline', {
	clock: z.enum(['takeIntoWork', 'firstAnswer', 'resolution', 'executor']),
	due: iso,
	reason
});
export const IncidentMarkHotSchema = act('mark_hot', { reason });
export const IncidentUnmarkHotSchema = act('unmark_hot', { reason });
export const IncidentSatisfactionTimeoutSchema = act('satisfaction_timeout', {});

export const IncidentActionSchema = z.discriminatedUnion('action', [
	IncidentTakeSchema,
	IncidentAssignSchema,
	IncidentFirstAnswerSchema,
	IncidentIntermediateAnswerSchema,
	IncidentSubmitSchema,
	IncidentApproveSchema,
	IncidentReturnForReworkSchema,
	IncidentPublishSchema,
	IncidentCitizenReactionSchema,
	IncidentCloseSchema,
	IncidentReopenSchema,
	IncidentChangeDeadlineSchema,
	IncidentMarkHotSchema,
	IncidentUnmarkHotSchema,
	IncidentSatisfactionTimeoutSchema
]);
export type IncidentAction = z.input<typeof IncidentActionSchema>;
export type ActionName = IncidentAction['action'];

/** The HTTP body: an action plus the incident version the caller saw (optimistic locking). */
export const IncidentActionRequestSchema = z.intersection(z.object({ version: z.number().int().nonnegative() }), IncidentActionSchema);

export const ACTION_NAMES: readonly ActionName[] = IncidentActionSchema.options.map((o) => o.shape.action.value);

// ---- channel rules ----------------------------------------------------------------------------------------

/** Approval chain per channel (§6.2); an external step is decided outside the МЦУ and does not count against it. */
export const APPROVAL_CHAINS: Record<Channel, readonly { step: string; external: boolean }[]> = {
	im: [
		{ step: 'operator_review', external: false },
		{ step: 'cur_curators', external: true }
	],
	pos: [
		{ step: 'operator_review', external: false },
		{ step: 'head_consent', external: false }
	],
	head_social: [
		{ step: 'department_head', external: false },
		{ step: 'operator_review', external: false }
	],
	appeal_59fz: [
		{ step: 'department_head', external: false },
		{ step: 'signing_official', external: false }
	],
	manual: [{ step: 'operator_review', external: false }],
	// the executor publishes with a status; no approval
	regional: []
};

/** What publishing the approved answer leads to. */
const PUBLISH_OUTCOME: Record<Channel, 'satisfaction' | Resolution | 'executor_status'> = {
	im: 'satisfaction',
	manual: 'satisfaction',
	pos: 'done',
	head_social: 'sent',
	appeal_59fz: 'sent',
	regional: 'executor_status'
};

// ---- state helpers ----------------------------------------------------------------------------------------

/** The state of a newly ingested incident, with its ingest deadlines. */
export function createLifecycleState(input: DeadlineInput, cal: WorkCalendar): LifecycleState {
	const due = computeDeadlines(input, cal);
	const deadlines: ClockTimes = {};
	for (const [clock, at] of Object.entries(due)) if (at) deadlines[clock as Clock] = at.toISOString();
	return receivedState(input.urgent ?? false, deadlines);
}

/** The state of a just-received incident whose clocks run to `deadlines`. */
export function receivedState(urgent: boolean, deadlines: ClockTimes): LifecycleState {
	return {
		status: 'received',
		resolution: null,
		urgent,
		hot: false,
		hotReason: null,
		primaryAnswered: false,
		intermediateAnswered: false,
		promisedAt: null,
		reopenCount: 0,
		reworkCount: 0,
		approvals: 0,
		departmentId: null,
		deadlines,
		stopped: {}
	};
}

/** Clocks that have a due time and have not stopped; a closed incident runs none. */
export function runningClocks(state: LifecycleState): Clock[] {
	if (state.status === 'closed') return [];
	return CLOCKS.filter((c) => state.deadlines[c] !== undefined && state.stopped[c] === undefined);
}

/** Overdue when a running clock's due time has passed; since = the earliest such due time. */
export function overdueState(state: LifecycleState, now: Date): { overdue: boolean; overdueSince: string | null; clock: Clock | null } {
	let since: string | null = null;
	let clock: Clock | null = null;
	for (const c of runningClocks(state)) {
		const due = state.deadlines[c] as string;
		if (now.getTime() > Date.parse(due) && (since === null || Date.parse(due) < Date.parse(since))) {
			since = due;
			clock = c;
		}
	}
	return { overdue: since !== null, overdueSince: since, clock };
}

function isRunning(state: LifecycleState, clock: Clock): boolean {
	return state.deadlines[clock] !== undefined && state.stopped[clock] === undefined;
}

/** Actions allowed now, in a stable order. */
export function allowedActions(state: LifecycleState, channel: Channel): ActionName[] {
	const allowed = new Set<ActionName>();
	const chain = APPROVAL_CHAINS[channel];
	switch (state.status) {
		case 'received':
			allowed.add('take').add('close');
			break;
		case 'in_work':
			allowed.add('assign').add('intermediate_answer').add('close');
			break;
		case 'assigned':
			allowed.add('assign').add('intermediate_answer');
			allowed.add(channel === 'regional' ? 'publish' : 'submit');
			break;
		case 'on_approval':
			allowed.add(state.approvals < chain.length ? 'approve' : 'publish').add('return_for_rework');
			break;
		case 'satisfaction_check':
			allowed.add('citizen_reaction').add('satisfaction_timeout');
			break;
		case 'closed':
			allowed.add('reopen');
			// ПОС: a negative comment of the user or a moderator after publishing sends it back to work
			if (channel === 'pos') allowed.add('citizen_reaction');
			break;
	}
	if (state.status !== 'closed') {
		if (isRunning(state, 'firstAnswer') && ['received', 'in_work', 'assigned'].includes(state.status)) allowed.add('first_answer');
		allowed.add('change_deadline').add(state.hot ? 'unmark_hot' : 'mark_hot');
	}
	return ACTION_NAMES.filter((a) => allowed.has(a));
}

// ---- transitions ------------------------------------------------------------------------------------------

export interface LifecycleContext {
	channel: Channel;
	now: Date;
	cal: WorkCalendar;
}

export type ActionResult =
	| { ok: true; state: LifecycleState; event: { type: ActionName; data: Record<string, unknown> } }
	| { ok: false; error: 'illegal_action'; allowed: ActionName[] }
	| { ok: false; error: 'invalid'; message: string };

const invalid = (message: string): ActionResult => ({ ok: false, error: 'invalid', message });

function stop(s: LifecycleState, clock: Clock, now: string): void {
	if (isRunning(s, clock)) s.stopped[clock] = now;
}

function start(s: LifecycleState, clock: Clock, due: string): void {
	s.deadlines[clock] = new Date(due).toISOString();
	delete s.stopped[clock];
}

function close(s: LifecycleState, resolution: Resolution, now: string): void {
	for (const c of runningClocks(s)) stop(s, c, now);
	s.status = 'closed';
	s.resolution = resolution;
}

/** A new round after a negative reaction or a manual re-open: fresh first-answer clock, new deadlines to be set. */
function reopen(s: LifecycleState, ctx: LifecycleContext): void {
	const now = ctx.now.toISOString();
	stop(s, 'satisfaction', now);
	s.status = 'in_work';
	s.resolution = null;
	s.reopenCount += 1;
	s.approvals = 0;
	s.primaryAnswered = false;
	s.intermediateAnswered = false;
	s.promisedAt = null;
	for (const c of ['resolution', 'executor', 'satisfaction'] as const) {
		delete s.deadlines[c];
		delete s.stopped[c];
	}
	const firstAnswer = s.urgent
		? new Date(ctx.now.getTime() + SLA_DEFAULTS.urgentFirstAnswerMinutes * MINUTE)
		: addWorkingMinutes(ctx.now, SLA_DEFAULTS.firstAnswerWorkingMinutes, ctx.cal);
	start(s, 'firstAnswer', firstAnswer.toISOString());
}

/**
 * Applies one action: validates the payload, refuses actions the state does not allow (naming the allowed
 * ones), and returns the next state with the event to store in incident_events.
 */
export function applyAction(state: LifecycleState, input: IncidentAction, ctx: LifecycleContext): ActionResult {
	const parsed = IncidentActionSchema.safeParse(input);
	if (!parsed.success) return invalid(z.prettifyError(parsed.error));
	const a = parsed.data;
	const allowed = allowedActions(state, ctx.channel);
	if (!allowed.includes(a.action)) return { ok: false, error: 'illegal_action', allowed };

	const now = ctx.now.toISOString();
	const s: LifecycleState = { ...state, deadlines: { ...state.deadlines }, stopped: { ...state.stopped } };
	const extra: Record<string, unknown> = {};
	let type: ActionName = a.action;

	switch (a.action) {
		case 'take':
			s.status = 'in_work';
			stop(s, 'takeIntoWork', now);
			break;
		case 'assign':
			if (Date.parse(a.executorDue) <= ctx.now.getTime()) return invalid('executorDue must be in the future');
			s.status = 'assigned';
			s.departmentId = a.departmentId;
			start(s, 'executor', a.executorDue);
			break;
		case 'first_answer': {
			const namesTheDate = ctx.channel === 'im' || ctx.channel === 'manual';
			if (namesTheDate && !a.executionDate) return invalid('the first answer must name the execution date');
			s.primaryAnswered = true;
			stop(s, 'firstAnswer', now);
			// the executor's date is the ИМ resolution deadline; elsewhere it only fills a missing one
			if (a.executionDate && (namesTheDate || !s.deadlines.resolution)) {
				extra.previousDue = s.deadlines.resolution ?? null;
				start(s, 'resolution', a.executionDate);
			}
			break;
		}
		case 'intermediate_answer':
			// a promised date is an internal target: it never moves the resolution deadline
			s.intermediateAnswered = true;
			s.promisedAt = new Date(a.promisedAt).toISOString();
			break;
		case 'submit':
			s.status = 'on_approval';
			s.approvals = 0;
			stop(s, 'executor', now);
			break;
		case 'approve': {
			const chain = APPROVAL_CHAINS[ctx.channel];
			extra.step = chain[s.approvals].step;
			s.approvals += 1;
			// waiting on an outside body (ЦУР curators) does not count against the МЦУ
			if (chain.slice(s.approvals).every((step) => step.external) && s.approvals < chain.length) stop(s, 'resolution', now);
			break;
		}
		case 'return_for_rework':
			s.status = 'assigned';
			s.reworkCount += 1;
			s.approvals = 0;
			delete s.stopped.resolution;
			start(s, 'executor', a.executorDue);
			break;
		case 'publish': {
			const outcome = PUBLISH_OUTCOME[ctx.channel];
			if (outcome === 'executor_status') {
				if (!a.resolution) return invalid('the executor publishes with a status: resolved or explained');
				close(s, a.resolution, now);
			} else if (outcome === 'satisfaction') {
				stop(s, 'resolution', now);
				s.status = 'satisfaction_check';
				start(s, 'satisfaction', new Date(ctx.now.getTime() + SLA_DEFAULTS.satisfactionWindowMinutes * MINUTE).toISOString());
			} else {
				close(s, outcome, now);
			}
			break;
		}
		case 'citizen_reaction': {
			const windowEnd = s.status === 'satisfaction_check' ? Date.parse(s.deadlines.satisfaction as string) : Infinity;
			if (ctx.now.getTime() >= windowEnd) {
				// a reaction after the window is logged, but the answer already counts as accepted
				type = 'satisfaction_timeout';
				extra.lateReaction = { reaction: a.reaction, by: a.by, text: a.text ?? null };
				s.stopped.satisfaction = s.deadlines.satisfaction;
				close(s, 'accepted_by_silence', now);
			} else if (a.reaction === 'negative') {
				reopen(s, ctx);
				extra.reopened = true;
			} else if (s.status === 'satisfaction_check') {
				close(s, 'done', now);
			}
			break;
		}
		case 'satisfaction_timeout': {
			const due = s.deadlines.satisfaction as string;
			if (ctx.now.getTime() < Date.parse(due)) return invalid(`the satisfaction window runs until ${due}`);
			s.stopped.satisfaction = due;
			close(s, 'accepted_by_silence', now);
			break;
		}
		case 'close':
			close(s, a.resolution, now);
			break;
		case 'reopen':
			reopen(s, ctx);
			break;
		case 'change_deadline':
			if (s.stopped[a.clock]) return invalid(`the ${a.clock} clock has already stopped`);
			extra.previousDue = s.deadlines[a.clock] ?? null;
			start(s, a.clock, a.due);
			break;
		case 'mark_hot':
			s.hot = true;
			s.hotReason = a.reason;
			break;
		case 'unmark_hot':
			s.hot = false;
			s.hotReason = null;
			break;
	}

	const { action: _action, ...payload } = a;
	return { ok: true, state: s, event: { type, data: { from: state.status, to: s.status, ...payload, ...extra } } };
}
