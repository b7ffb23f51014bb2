/**
 * The people of the demo, planned: for one incident, the human trajectory through its life cycle (operator,
 * executor, approvers, citizen) as a list of timed actions. Pure and deterministic: a function of the seed, the
 * incident's input, the simulator's start instant and speed.
 *
 * Two passes:
 * 1. The story, in realistic time: the pure domain (`applyAction`) is run step by step; at each state the next
 *    action is chosen among `allowedActions` (so the approval chain of each channel comes from the domain, not
 *    from here), with realistic delays in working time (plain time for the governor's networks and urgent items).
 * 2. The wall: story time is mapped onto real time — unchanged up to the pivot (the later of the incident's
 *    receipt and the simulator's start; the past replays as it happened), divided by `speed` after it. Deadlines
 *    the people set (executor term, execution date, promised date) are mapped the same way, so on-time stays on
 *    time and late stays late. The clocks the server computes itself (take-into-work, first answer, the ingest
 *    resolution) run in real time; a step that is late against one of them in the story is held until the real
 *    deadline has passed, so the wall shows it overdue for a while.
 */
import type { Channel, IncidentInput } from '#domain/incident.ts';
import {
	allowedActions,
	APPROVAL_CHAINS,
	applyAction,
	createLifecycleState,
	runningClocks,
	type ActionName,
	type Clock,
	type IncidentAction,
	type LifecycleState
} from '#domain/lifecycle.ts';
import { addWorkingMinutes, workingMinutesBetween, type WorkCalendar } from '#domain/sla.ts';
import { charCodes, hash32, Rng } from '../random.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WORKING_DAY_MIN = 540;
/** the story ends here even when nothing closed it (an appeal can run a month) */
const STORY_HORIZON_MS = 45 * 24 * HOUR;
const MAX_STEPS = 40;
/** a step held back for lateness against a real (server-computed) clock stays overdue at least this long */
const MIN_LATE_MS = 45_000;
/** two steps of one incident are at least this far apart on the wall */
const MIN_GAP_MS = 1_000;

/** The shares of the trajectory model (per incident unless said otherwise). */
export const SHARES = {
	/** closed by the operator as spam / duplicate / not a matter for the МЦУ */
	dismissed: 0.03,
	/** taken, then closed as redirected to the competent body */
	redirected: 0.04,
	/** marked hot by the operator, with a reason; half of them unmarked before publishing */
	hot: 0.03,
	/** the operator takes it after the take-into-work deadline (channels that have one) */
	takeLate: 0.06,
	/** the executor misses the first deliverable: the first answer (ИМ/manual) or the executor term (others) */
	executorLate: 0.15,
	/** among the late ИМ/manual executors, the share that misses the execution date too */
	executionLateGivenLate: 0.5,
	/** the executor posts an intermediate answer with a promised date */
	intermediate: 0.2,
	/** per approval round: an approver returns the answer for rework (at most two rounds) */
	rework: 0.1,
	/** ИМ/manual after publishing: the citizen is unhappy (back to work) / thanks; the rest is silence (48 h timeout) */
	negative: 0.08,
	positive: 0.25,
	/** ПОС: a negative comment of the citizen or the moderator after the item was closed */
	posNegative: 0.05,
	/** regional: the executor publishes «разъяснено» instead of «решено» */
	explained: 0.25,
	/** ПОС without a platform deadline: the operator sets the resolution term */
	operatorSetsDue: 0.8
} as const;

export type Role = 'operator' | 'executor' | 'approver' | 'citizen' | 'moderator';

export interface PlannedStep {
	/** story (realistic) time, epoch ms */
	storyAt: number;
	/** wall time the step is due, epoch ms */
	at: number;
	action: ActionName;
	role: Role;
	/** the approval step an approver acts for (APPROVAL_CHAINS) */
	approvalStep?: string;
	/** the action's fields besides action/actor/version; deadlines are wall ISO instants; departmentId '$routed' */
	payload: Record<string, unknown>;
	/** the payload field holding a deadline this step sets */
	sets?: { field: 'executorDue' | 'executionDate' | 'promisedAt' | 'due'; clock: Clock | null };
	/** the deadline this step sets was met in the story (the clock stopped before it) */
	dueMet?: boolean;
	/** the step comes after a deadline it should have met */
	late: boolean;
}

export interface Traits {
	outcome: 'normal' | 'dismissed' | 'redirected';
	hot: boolean;
	unhot: boolean;
	takeLate: boolean;
	executorLate: boolean;
	executionLate: boolean;
	intermediate: boolean;
	reaction: 'silence' | 'positive' | 'negative';
	posNegative: boolean;
	regionalStatus: 'resolved' | 'explained';
	operatorSetsDue: boolean;
}

export interface Trajectory {
	externalId: string;
	channel: Channel;
	traits: Traits;
	steps: PlannedStep[];
	/** the status the story ends in */
	finalStatus: LifecycleState['status'];
	/** a planning problem (the domain refused a chosen action); the steps before it stand */
	error?: string;
}

export interface PlanOptions {
	seed: number | string;
	cal: WorkCalendar;
	/** the simulator's start, epoch ms: the past before it replays unscaled */
	startMs: number;
	speed: number;
}

// ---------------------------------------------------------------------------------------------------------

function seedInt(seed: number | string): number {
	return typeof seed === 'number' && Number.isInteger(seed) ? hash32(0x9e0b1e, seed) : hash32(0x9e0b1e, ...charCodes(String(seed)));
}

/** The per-incident random stream: a function of the seed and (source, externalId) only. */
export function incidentRng(seed: number | string, input: Pick<IncidentInput, 'source' | 'externalId'>): Rng {
	return new Rng(hash32(seedInt(seed), ...charCodes(input.source), 0x2f, ...charCodes(input.externalId)));
}

export function drawTraits(rng: Rng, channel: Channel): Traits {
	const r = rng.float();
	const outcome = r < SHARES.dismissed ? 'dismissed' : r < SHARES.dismissed + SHARES.redirected ? 'redirected' : 'normal';
	const hot = rng.chance(SHARES.hot);
	const unhot = rng.chance(0.5);
	const takeLate = rng.chance(SHARES.takeLate);
	const executorLate = rng.chance(SHARES.executorLate);
	const executionLate = executorLate && rng.chance(SHARES.executionLateGivenLate);
	const intermediate = rng.chance(SHARES.intermediate);
	const x = rng.float();
	const reaction = x < SHARES.negative ? 'negative' : x < SHARES.negative + SHARES.positive ? 'positive' : 'silence';
	const posNegative = channel === 'pos' && rng.chance(SHARES.posNegative);
	const regionalStatus = rng.chance(SHARES.explained) ? 'explained' : 'resolved';
	const operatorSetsDue = rng.chance(SHARES.operatorSetsDue);
	return { outcome, hot, unhot, takeLate, executorLate, executionLate, intermediate, reaction, posNegative, regionalStatus, operatorSetsDue };
}

// ---- texts ------------------------------------------------------------------------------------------------

const HOT_REASONS = [
	'Резонанс в социальных сетях: десятки комментариев и репостов',
	'Угроза жизни и здоровью людей',
	'На контроле у главы муниципального образования',
	'Повторные обращения по одному адресу'
];
const REWORK_REASONS = [
	'Ответ не содержит срока выполнения работ',
	'Ответ не по существу обращения, нужна конкретика',
	'Нет фотофиксации выполненных работ',
	'Требуется указать ответственного подрядчика'
];
const FIRST_ANSWERS = [
	'Обращение принято в работу, специалисты выедут на место',
	'Проводится проверка, заявка передана подрядной организации',
	'Работы включены в план, бригада направлена'
];
const FINAL_ANSWERS = [
	'Работы выполнены, результат проверен на месте',
	'Нарушение устранено, фотоотчёт приложен',
	'Дан подробный ответ по существу, заявитель проинформирован'
];
const NEGATIVE_TEXTS = ['Ничего не сделано, проблема осталась', 'Ответ формальный, на месте без изменений', 'Сделали только частично'];
const POSITIVE_TEXTS = ['Спасибо, всё сделали', 'Благодарю за оперативность'];

// ---- the story --------------------------------------------------------------------------------------------

interface Ctx {
	rng: Rng;
	cal: WorkCalendar;
	channel: Channel;
	plain: boolean;
	traits: Traits;
}

/** Working time after `from` (plain time for channels handled round the clock). */
function later(c: Ctx, from: number, minutes: number): number {
	const m = Math.max(0.5, minutes);
	return c.plain ? from + m * MINUTE : addWorkingMinutes(new Date(from), m, c.cal).getTime();
}

/** A moment strictly before `due` (a share of the time left), or shortly after `from` when there is none left. */
function before(c: Ctx, from: number, due: number, lo = 0.2, hi = 0.85): number {
	const rush = () => from + Math.max(5_000, (due - from) / 3);
	if (due - from <= 2 * MINUTE) return rush();
	const u = c.rng.between(lo, hi);
	if (c.plain) return from + u * (due - from);
	const avail = workingMinutesBetween(new Date(from), new Date(due), c.cal);
	if (avail < 2) return rush();
	return Math.min(due - 1_000, addWorkingMinutes(new Date(from), avail * u, c.cal).getTime());
}

/** A late moment: after `due` by a log-normal delay (working minutes, or plain minutes) */
function after(c: Ctx, from: number, due: number, medianMin: number): number {
	const base = Math.max(from, due);
	return later(c, base, c.rng.logNormal(medianMin, 0.7)) + MINUTE;
}

interface Choice {
	at: number;
	action: IncidentAction;
	role: Role;
	approvalStep?: string;
	sets?: PlannedStep['sets'];
	late?: boolean;
}

interface StoryFlags {
	hotMarked: boolean;
	hotUnmarked: boolean;
	dueSet: boolean;
	intermediateRound: number;
	reworks: number;
	roundReworkDecided: boolean;
	round: number;
	posNegativeDone: boolean;
	firstDeliverableDone: boolean;
}

const ISO = (ms: number) => new Date(ms).toISOString();

function chooseNext(c: Ctx, s: LifecycleState, t: number, f: StoryFlags): Choice | null {
	const allowed = allowedActions(s, c.channel);
	const can = (a: ActionName) => allowed.includes(a);
	const { rng, traits } = c;
	const op = (at: number, action: IncidentAction, extra: Partial<Choice> = {}): Choice => ({ at, action, role: 'operator', ...extra });
	const quick = c.plain || c.channel === 'im' || c.channel === 'manual';

	switch (s.status) {
		case 'received': {
			if (traits.outcome === 'dismissed' && can('close'))
				return op(later(c, t, rng.logNormal(quick ? 8 : 30, 0.8)), {
					action: 'close',
					actor: '',
					resolution: 'dismissed',
					reason: rng.pick(['Повторное обращение, ответ дан ранее', 'Сообщение не содержит сути обращения', 'Спам'])
				});
			if (!can('take')) return null;
			const due = s.deadlines.takeIntoWork ? Date.parse(s.deadlines.takeIntoWork) : null;
			if (due !== null && traits.takeLate) return op(after(c, t, due, 90), { action: 'take', actor: '' }, { late: true });
			const at = later(c, t, rng.logNormal(quick ? 6 : 35, quick ? 0.6 : 0.9));
			return op(due !== null && at >= due ? before(c, t, due) : at, { action: 'take', actor: '' });
		}
		case 'in_work': {
			if (traits.hot && !f.hotMarked && can('mark_hot'))
				return op(later(c, t, rng.between(2, 20)), { action: 'mark_hot', actor: '', reason: rng.pick(HOT_REASONS) });
			if (traits.outcome === 'redirected' && f.round === 0 && can('close'))
				return op(later(c, t, rng.logNormal(20, 0.7)), {
					action: 'close',
					actor: '',
					resolution: 'redirected',
					reason: rng.pick(['Вопрос не в компетенции МО, перенаправлено в ресурсоснабжающую организацию', 'Перенаправлено в органы государственной власти края'])
				});
			if (c.channel === 'pos' && !s.deadlines.resolution && traits.operatorSetsDue && !f.dueSet && can('change_deadline')) {
				const at = later(c, t, rng.between(1, 8));
				const due = later(c, at, WORKING_DAY_MIN * rng.between(3, 8));
				return op(at, { action: 'change_deadline', actor: '', clock: 'resolution', due: ISO(due), reason: 'Срок не задан платформой, установлен оператором МЦУ по регламенту' }, { sets: { field: 'due', clock: 'resolution' } });
			}
			if (!can('assign')) return null;
			const fa = s.deadlines.firstAnswer && !s.stopped.firstAnswer ? Date.parse(s.deadlines.firstAnswer) : null;
			let at = later(c, t, rng.logNormal(quick ? 5 : 25, 0.7));
			if (fa !== null && at >= fa - 5 * MINUTE && !(traits.executorLate && !f.firstDeliverableDone)) at = before(c, t, fa, 0.05, 0.3);
			return op(at, { action: 'assign', actor: '', departmentId: '$routed', executorDue: ISO(executorTerm(c, s, at)) }, { sets: { field: 'executorDue', clock: 'executor' } });
		}
		case 'assigned': {
			const executorDue = s.deadlines.executor ? Date.parse(s.deadlines.executor) : Infinity;
			const late = traits.executorLate && !f.firstDeliverableDone;
			if (can('first_answer') && !s.primaryAnswered) {
				const due = Date.parse(s.deadlines.firstAnswer!);
				const at = late ? after(c, t, due, c.plain ? 40 : 120) : before(c, t, due, 0.3, 0.9);
				const names = c.channel === 'im' || c.channel === 'manual';
				let execution: number | undefined;
				if (names) {
					// the executor names the day the work will be done: a little after their own term
					execution = Math.max(executorDue === Infinity ? later(c, at, WORKING_DAY_MIN * 2) : executorDue, at + HOUR);
					execution = later(c, execution, rng.between(60, WORKING_DAY_MIN));
				}
				return {
					at,
					role: 'executor',
					late,
					action: { action: 'first_answer', actor: '', text: rng.pick(FIRST_ANSWERS), ...(execution ? { executionDate: ISO(execution) } : {}) },
					sets: execution ? { field: 'executionDate', clock: 'resolution' } : undefined
				};
			}
			if (traits.intermediate && f.intermediateRound === f.round && executorDue !== Infinity && can('intermediate_answer')) {
				const at = before(c, t, executorDue, 0.3, 0.6);
				const promised = late || traits.executionLate ? later(c, executorDue, rng.between(60, 2 * WORKING_DAY_MIN)) : executorDue;
				return { at, role: 'executor', action: { action: 'intermediate_answer', actor: '', text: 'Работы ведутся, требуется дополнительное время', promisedAt: ISO(promised) } };
			}
			const lateSubmit = (late && !f.firstDeliverableDone) || (traits.executionLate && f.round === 0 && f.reworks === 0);
			let at: number;
			if (executorDue === Infinity) at = later(c, t, rng.logNormal(c.plain ? 90 : WORKING_DAY_MIN, 0.6));
			else if (lateSubmit) at = after(c, t, executorDue, c.plain ? 45 : 240);
			else at = before(c, t, executorDue, 0.4, 0.95);
			if (can('submit')) return { at, role: 'executor', late: lateSubmit, action: { action: 'submit', actor: '', text: rng.pick(FINAL_ANSWERS) } };
			if (can('publish'))
				return { at, role: 'executor', late: lateSubmit, action: { action: 'publish', actor: '', resolution: traits.regionalStatus } };
			return null;
		}
		case 'on_approval': {
			const step = APPROVAL_CHAINS[c.channel][s.approvals];
			if (can('approve') && step) {
				const external = step.external;
				const at = external ? t + rng.logNormal(3 * 60, 0.6) * MINUTE : later(c, t, rng.logNormal(c.plain ? 15 : 45, 0.7));
				if (!f.roundReworkDecided) {
					f.roundReworkDecided = true;
					if (f.reworks < 2 && rng.chance(SHARES.rework) && can('return_for_rework')) {
						const due = later(c, at, c.plain ? rng.between(60, 180) : WORKING_DAY_MIN * rng.between(1, 2));
						return {
							at,
							role: 'approver',
							approvalStep: step.step,
							action: { action: 'return_for_rework', actor: '', reason: rng.pick(REWORK_REASONS), executorDue: ISO(due) },
							sets: { field: 'executorDue', clock: 'executor' }
						};
					}
				}
				return { at, role: 'approver', approvalStep: step.step, action: { action: 'approve', actor: '' } };
			}
			if (traits.hot && traits.unhot && s.hot && can('unmark_hot'))
				return op(later(c, t, rng.between(1, 10)), { action: 'unmark_hot', actor: '', reason: 'Ответ согласован, ситуация под контролем' });
			if (can('publish')) return op(later(c, t, rng.logNormal(c.plain ? 5 : 20, 0.6)), { action: 'publish', actor: '' });
			return null;
		}
		case 'satisfaction_check': {
			if (f.round > 0 || traits.reaction === 'silence' || !can('citizen_reaction')) return null;
			const window = Date.parse(s.deadlines.satisfaction!);
			const negative = traits.reaction === 'negative';
			const at = Math.min(window - HOUR, t + rng.logNormal(negative ? 8 : 5, 0.8) * HOUR);
			return {
				at,
				role: 'citizen',
				action: { action: 'citizen_reaction', actor: '', reaction: traits.reaction as 'positive' | 'negative', by: 'citizen', text: rng.pick(negative ? NEGATIVE_TEXTS : POSITIVE_TEXTS) }
			};
		}
		case 'closed': {
			if (!traits.posNegative || f.posNegativeDone || s.resolution !== 'done' || !can('citizen_reaction')) return null;
			f.posNegativeDone = true;
			const by = rng.chance(0.3) ? 'moderator' : 'citizen';
			return {
				at: t + rng.logNormal(12, 0.8) * HOUR,
				role: by,
				action: { action: 'citizen_reaction', actor: '', reaction: 'negative', by, text: rng.pick(NEGATIVE_TEXTS) }
			};
		}
	}
	return null;
}

/** The executor's term at assignment, per channel (story time). */
function executorTerm(c: Ctx, s: LifecycleState, at: number): number {
	const { rng } = c;
	const resolution = s.deadlines.resolution && !s.stopped.resolution ? Date.parse(s.deadlines.resolution) : null;
	let due: number;
	switch (c.channel) {
		case 'head_social':
			due = at + rng.between(2, 5) * HOUR;
			if (resolution !== null && resolution - HOUR > at + 20 * MINUTE) due = Math.min(due, resolution - HOUR);
			break;
		case 'appeal_59fz':
			due = later(c, at, WORKING_DAY_MIN * rng.between(8, 15));
			break;
		case 'regional':
			due = later(c, at, WORKING_DAY_MIN * rng.between(3, 7));
			break;
		default:
			due = later(c, at, WORKING_DAY_MIN * rng.between(1, 3));
	}
	if (resolution !== null && c.channel !== 'head_social' && due > resolution - 2 * HOUR && resolution - 2 * HOUR > at + HOUR) due = resolution - 2 * HOUR;
	return Math.max(due, at + 20 * MINUTE);
}

/** Plans the whole trajectory of one incident. */
export function planTrajectory(input: IncidentInput, opts: PlanOptions): Trajectory {
	const channel = input.channel;
	const received = Date.parse(input.receivedAt);
	const rng = incidentRng(opts.seed, input);
	const traits = drawTraits(rng, channel);
	const c: Ctx = { rng, cal: opts.cal, channel, plain: channel === 'head_social' || input.urgent === true, traits };
	const deadlineInput = {
		channel,
		receivedAt: new Date(received),
		urgent: input.urgent,
		dueAt: input.dueAt ? new Date(input.dueAt) : undefined
	};
	let state = createLifecycleState(deadlineInput, opts.cal);
	const f: StoryFlags = {
		hotMarked: false,
		hotUnmarked: false,
		dueSet: false,
		intermediateRound: 0,
		reworks: 0,
		roundReworkDecided: false,
		round: 0,
		posNegativeDone: false,
		firstDeliverableDone: false
	};

	interface StoryStep extends Choice {
		overdueBefore: Array<{ clock: Clock; due: number }>;
	}
	const story: StoryStep[] = [];
	let t = received;
	let error: string | undefined;
	while (story.length < MAX_STEPS) {
		const choice = chooseNext(c, state, t, f);
		if (!choice) break;
		const at = Math.max(choice.at, t + MIN_GAP_MS);
		if (at - received > STORY_HORIZON_MS) break;
		const overdueBefore = runningClocks(state)
			.filter((k) => k !== 'satisfaction' && Date.parse(state.deadlines[k]!) < at)
			.map((k) => ({ clock: k, due: Date.parse(state.deadlines[k]!) }));
		const result = applyAction(state, { ...choice.action, actor: 'planner' } as IncidentAction, { channel, now: new Date(at), cal: opts.cal });
		if (!result.ok) {
			error = `${choice.action.action} at ${ISO(at)}: ${result.error === 'invalid' ? result.message : `illegal, allowed ${result.allowed.join(',')}`}`;
			break;
		}
		const a = choice.action.action;
		if (a === 'mark_hot') f.hotMarked = true;
		if (a === 'unmark_hot') f.hotUnmarked = true;
		if (a === 'change_deadline') f.dueSet = true;
		if (a === 'intermediate_answer') f.intermediateRound = f.round + 1;
		if (a === 'first_answer' || a === 'submit' || (a === 'publish' && state.status === 'assigned')) f.firstDeliverableDone = true;
		if (a === 'return_for_rework') f.reworks += 1;
		if (a === 'submit') f.roundReworkDecided = false;
		if (result.state.reopenCount > state.reopenCount) {
			f.round += 1;
			f.roundReworkDecided = false;
		}
		story.push({ ...choice, at, overdueBefore });
		state = result.state;
		t = at;
	}

	const steps = toWall(story, input, opts, deadlineInput);
	return { externalId: input.externalId, channel, traits, steps, finalStatus: state.status, ...(error ? { error } : {}) };
}

// ---- the wall ---------------------------------------------------------------------------------------------

const DEADLINE_FIELDS = ['executorDue', 'executionDate', 'promisedAt', 'due'] as const;

function toWall(
	story: Array<Choice & { overdueBefore: Array<{ clock: Clock; due: number }> }>,
	input: IncidentInput,
	opts: PlanOptions,
	deadlineInput: Parameters<typeof createLifecycleState>[0]
): PlannedStep[] {
	const received = Date.parse(input.receivedAt);
	const pivot = Math.max(received, opts.startMs);
	const speed = opts.speed;
	const map = (s: number) => (s <= pivot ? s : pivot + (s - pivot) / speed);
	let wall = createLifecycleState(deadlineInput, opts.cal);
	let shift = 0;
	let prev = -Infinity;
	const out: PlannedStep[] = [];

	for (const st of story) {
		let w = map(st.at) + shift;
		// late in the story against a clock that runs later on the wall (a server-computed one): wait for it
		for (const { clock, due } of st.overdueBefore) {
			const wallDue = wall.deadlines[clock] && !wall.stopped[clock] ? Date.parse(wall.deadlines[clock]!) : null;
			if (wallDue !== null && w <= wallDue) w = Math.max(w, wallDue + Math.max(MIN_LATE_MS, (st.at - due) / speed));
		}
		w = Math.max(w, prev + MIN_GAP_MS);
		shift = w - map(st.at);

		const payload: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(st.action)) if (k !== 'action' && k !== 'actor') payload[k] = v;
		for (const field of DEADLINE_FIELDS) {
			if (typeof payload[field] !== 'string') continue;
			const storyDue = Date.parse(payload[field] as string);
			let wallDue = map(storyDue) + shift;
			if (field === 'executorDue') wallDue = Math.max(wallDue, w + MIN_GAP_MS);
			payload[field] = ISO(Math.round(wallDue));
		}
		const at = Math.round(w);
		const applied = applyAction(wall, { ...st.action, ...payload, actor: 'planner' } as IncidentAction, { channel: input.channel, now: new Date(at), cal: opts.cal });
		if (applied.ok) {
			// a clock this step stops: was its setter on time?
			for (const clock of runningClocks(wall)) {
				if (applied.state.stopped[clock] === undefined && applied.state.status !== 'closed') continue;
				const setter = [...out].reverse().find((p) => p.sets?.clock === clock);
				if (setter && setter.dueMet === undefined) setter.dueMet = at <= Date.parse(String(setter.payload[setter.sets!.field]));
			}
			wall = applied.state;
		}
		out.push({
			storyAt: st.at,
			at,
			action: st.action.action,
			role: st.role,
			...(st.approvalStep ? { approvalStep: st.approvalStep } : {}),
			payload,
			...(st.sets ? { sets: st.sets } : {}),
			late: st.late ?? st.overdueBefore.length > 0
		});
		prev = w;
	}
	return out;
}
