import { describe, it, expect } from 'vitest';
import {
	ACTION_NAMES,
	allowedActions,
	applyAction,
	createLifecycleState,
	IncidentActionRequestSchema,
	LifecycleStateSchema,
	overdueState,
	runningClocks,
	type ActionName,
	type IncidentAction,
	type LifecycleState
} from '../../../src/lib/domain/lifecycle.ts';
import { russianCalendar } from '../../../src/lib/domain/sla.ts';
import type { Channel } from '../../../src/lib/domain/incident.ts';

const TZ = '+07:00';
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00${TZ}`);
const iso = (local: string) => at(local).toISOString();
const cal = russianCalendar('Asia/Novokuznetsk');
const RECEIVED = '2026-03-10 10:20';

/** A valid payload for every action, so only the state decides whether it is legal. */
const payload: { [A in ActionName]: Extract<IncidentAction, { action: A }> } = {
	take: { action: 'take', actor: 'Оператор' },
	assign: { action: 'assign', actor: 'Оператор', departmentId: 'dep-roads', executorDue: iso('2026-12-30 17:00') },
	first_answer: { action: 'first_answer', actor: 'Оператор', text: 'Проверим до пятницы', executionDate: iso('2026-03-13 17:00') },
	intermediate_answer: { action: 'intermediate_answer', actor: 'Исполнитель', promisedAt: iso('2026-03-20 17:00') },
	submit: { action: 'submit', actor: 'Исполнитель', text: 'Яма засыпана' },
	approve: { action: 'approve', actor: 'Руководитель' },
	return_for_rework: { action: 'return_for_rework', actor: 'Руководитель', reason: 'Нет фото', executorDue: iso('2026-03-16 17:00') },
	publish: { action: 'publish', actor: 'Оператор', resolution: 'resolved' },
	citizen_reaction: { action: 'citizen_reaction', actor: 'Житель', reaction: 'negative', text: 'Яма на месте' },
	close: { action: 'close', actor: 'Оператор', resolution: 'dismissed', reason: 'Дубликат' },
	reopen: { action: 'reopen', actor: 'Руководитель МЦУ', reason: 'Жалоба повторилась' },
	change_deadline: { action: 'change_deadline', actor: 'ЦУР', clock: 'resolution', due: iso('2026-03-20 17:00'), reason: 'Решение ЦУР' },
	mark_hot: { action: 'mark_hot', actor: 'Руководитель МЦУ', reason: 'Поручение главы' },
	unmark_hot: { action: 'unmark_hot', actor: 'Руководитель МЦУ', reason: 'Снято' },
	satisfaction_timeout: { action: 'satisfaction_timeout', actor: 'system' }
};

function start(channel: Channel, extra: { urgent?: boolean; dueAt?: Date; receivedAt?: string } = {}): LifecycleState {
	const { receivedAt = RECEIVED, ...rest } = extra;
	return createLifecycleState({ channel, receivedAt: at(receivedAt), ...rest }, cal);
}

function act(state: LifecycleState, channel: Channel, action: IncidentAction | ActionName, now = '2026-03-10 11:00') {
	const input = typeof action === 'string' ? payload[action] : action;
	return applyAction(state, input, { channel, now: at(now), cal });
}

/** Applies actions that must all be legal; returns the final state. */
function run(channel: Channel, steps: (IncidentAction | ActionName)[], from = start(channel), now = '2026-03-10 11:00'): LifecycleState {
	let state = from;
	for (const step of steps) {
		const result = act(state, channel, step, now);
		if (!result.ok) throw new Error(`${typeof step === 'string' ? step : step.action}: ${JSON.stringify(result)}`);
		state = result.state;
	}
	return state;
}

const HAPPY: Record<Channel, { steps: ActionName[]; statuses: string[]; resolution: string | null }> = {
	im: {
		steps: ['first_answer', 'take', 'assign', 'submit', 'approve', 'approve', 'publish'],
		statuses: ['received', 'in_work', 'assigned', 'on_approval', 'on_approval', 'on_approval', 'satisfaction_check'],
		resolution: null
	},
	manual: {
		steps: ['take', 'first_answer', 'assign', 'submit', 'approve', 'publish'],
		statuses: ['in_work', 'in_work', 'assigned', 'on_approval', 'on_approval', 'satisfaction_check'],
		resolution: null
	},
	pos: {
		steps: ['take', 'assign', 'submit', 'approve', 'approve', 'publish'],
		statuses: ['in_work', 'assigned', 'on_approval', 'on_approval', 'on_approval', 'closed'],
		resolution: 'done'
	},
	regional: {
		steps: ['take', 'assign', 'publish'],
		statuses: ['in_work', 'assigned', 'closed'],
		resolution: 'resolved'
	},
	head_social: {
		steps: ['take', 'assign', 'submit', 'approve', 'approve', 'publish'],
		statuses: ['in_work', 'assigned', 'on_approval', 'on_approval', 'on_approval', 'closed'],
		resolution: 'sent'
	},
	appeal_59fz: {
		steps: ['take', 'assign', 'submit', 'approve', 'approve', 'publish'],
		statuses: ['in_work', 'assigned', 'on_approval', 'on_approval', 'on_approval', 'closed'],
		resolution: 'sent'
	}
};

/** Every distinct point of the life cycle a channel can reach, by the steps that reach it. */
function reachable(channel: Channel): LifecycleState[] {
	const states: LifecycleState[] = [start(channel)];
	let state = start(channel);
	for (const step of HAPPY[channel].steps) {
		state = run(channel, [step], state);
		states.push(state);
	}
	states.push(run(channel, ['mark_hot'], states[1]));
	states.push(run(channel, ['close'], start(channel)));
	return states;
}

describe('a new incident', () => {
	it('starts received with the ingest deadlines running', () => {
		const state = start('regional');
		expect(state.status).toBe('received');
		expect(state.deadlines).toEqual({ takeIntoWork: iso('2026-03-11 10:20'), resolution: iso('2026-03-24 17:00') });
		expect(runningClocks(state)).toEqual(['takeIntoWork', 'resolution']);
		expect(LifecycleStateSchema.safeParse(state).success).toBe(true);
	});

	it('keeps the urgent flag and its plain-time first answer', () => {
		const state = start('pos', { urgent: true, dueAt: at('2026-03-20 17:00') });
		expect(state.urgent).toBe(true);
		expect(state.deadlines.firstAnswer).toBe(iso('2026-03-10 11:20'));
		expect(state.deadlines.resolution).toBe(iso('2026-03-20 17:00'));
	});
});

describe('legal transitions', () => {
	for (const channel of Object.keys(HAPPY) as Channel[]) {
		it(`walks a ${channel} incident from receipt to its outcome`, () => {
			let state = start(channel);
			const seen: string[] = [];
			for (const step of HAPPY[channel].steps) {
				state = run(channel, [step], state);
				seen.push(state.status);
			}
			expect(seen).toEqual(HAPPY[channel].statuses);
			expect(state.resolution).toBe(HAPPY[channel].resolution);
		});
	}

	it('lists the actions allowed in each state of an ИМ incident', () => {
		const [received, , inWork, assigned, submitted, reviewed, approved, evaluating, hot, closed] = reachable('im');
		expect(allowedActions(received, 'im')).toEqual(['take', 'first_answer', 'close', 'change_deadline', 'mark_hot']);
		expect(allowedActions(inWork, 'im')).toEqual(['assign', 'intermediate_answer', 'close', 'change_deadline', 'mark_hot']);
		expect(allowedActions(assigned, 'im')).toEqual(['assign', 'intermediate_answer', 'submit', 'change_deadline', 'mark_hot']);
		expect(allowedActions(submitted, 'im')).toEqual(['approve', 'return_for_rework', 'change_deadline', 'mark_hot']);
		expect(allowedActions(reviewed, 'im')).toEqual(['approve', 'return_for_rework', 'change_deadline', 'mark_hot']);
		expect(allowedActions(approved, 'im')).toEqual(['return_for_rework', 'publish', 'change_deadline', 'mark_hot']);
		expect(allowedActions(evaluating, 'im')).toEqual(['citizen_reaction', 'change_deadline', 'mark_hot', 'satisfaction_timeout']);
		expect(allowedActions(hot, 'im')).toEqual(['take', 'close', 'change_deadline', 'unmark_hot']);
		expect(allowedActions(closed, 'im')).toEqual(['reopen']);
	});

	it('lets a «Кузбасс Онлайн» executor publish without approval, and a ПОС comment re-open a closed incident', () => {
		const regionalAssigned = run('regional', ['take', 'assign']);
		expect(allowedActions(regionalAssigned, 'regional')).toEqual(['assign', 'intermediate_answer', 'publish', 'change_deadline', 'mark_hot']);
		const posClosed = run('pos', HAPPY.pos.steps);
		expect(allowedActions(posClosed, 'pos')).toEqual(['citizen_reaction', 'reopen']);
	});

	it('re-assigns an assigned incident to another department with a new executor deadline', () => {
		const state = run('pos', ['take', 'assign', { ...payload.assign, departmentId: 'dep-parks', executorDue: iso('2026-03-12 12:00') }]);
		expect(state.status).toBe('assigned');
		expect(state.departmentId).toBe('dep-parks');
		expect(state.deadlines.executor).toBe(iso('2026-03-12 12:00'));
	});

	it('closes an incident outside competence as redirected, from received or in work', () => {
		for (const before of [start('appeal_59fz'), run('appeal_59fz', ['take'])]) {
			const result = act(before, 'appeal_59fz', { ...payload.close, resolution: 'redirected' });
			expect(result.ok && result.state.status).toBe('closed');
			expect(result.ok && result.state.resolution).toBe('redirected');
		}
	});
});

describe('illegal transitions', () => {
	for (const channel of Object.keys(HAPPY) as Channel[]) {
		it(`refuses every action a ${channel} incident does not allow now and names the allowed ones`, () => {
			let refused = 0;
			for (const state of reachable(channel)) {
				const allowed = allowedActions(state, channel);
				for (const action of ACTION_NAMES.filter((a) => !allowed.includes(a))) {
					expect(act(state, channel, action)).toEqual({ ok: false, error: 'illegal_action', allowed });
					refused++;
				}
			}
			expect(refused).toBeGreaterThan(50);
		});
	}

	it('does not let an ИМ comment re-open an incident already closed (T12)', () => {
		const evaluating = run('im', HAPPY.im.steps);
		expect(evaluating.status).toBe('satisfaction_check');
		const closed = run('im', ['satisfaction_timeout'], evaluating, '2026-03-12 11:00');
		expect(closed.resolution).toBe('accepted_by_silence');
		const late = act(closed, 'im', 'citizen_reaction', '2026-03-12 12:30');
		expect(late).toEqual({ ok: false, error: 'illegal_action', allowed: ['reopen'] });
	});
});

describe('invalid payloads', () => {
	const inWork = run('im', ['take']);

	it('requires an actor', () => {
		const result = act(start('im'), 'im', { ...payload.take, actor: ' ' });
		expect(result).toMatchObject({ ok: false, error: 'invalid' });
	});
	it('refuses an unknown action as invalid', () => {
		expect(act(start('im'), 'im', { action: 'teleport', actor: 'x' } as unknown as IncidentAction)).toMatchObject({ ok: false, error: 'invalid' });
	});
	it('requires an execution date in the ИМ first answer', () => {
		const result = act(inWork, 'im', { action: 'first_answer', actor: 'Оператор', text: 'Разберёмся' });
		expect(result).toMatchObject({ ok: false, error: 'invalid', message: expect.stringContaining('execution date') });
	});
	it('requires a future executor deadline on assignment', () => {
		const result = act(inWork, 'im', { ...payload.assign, executorDue: iso('2026-03-10 10:00') });
		expect(result).toMatchObject({ ok: false, error: 'invalid' });
	});
	it('requires a reason to change a deadline or mark an incident hot', () => {
		expect(act(inWork, 'im', { ...payload.change_deadline, reason: '' })).toMatchObject({ ok: false, error: 'invalid' });
		expect(act(inWork, 'im', { action: 'mark_hot', actor: 'x' } as unknown as IncidentAction)).toMatchObject({ ok: false, error: 'invalid' });
	});
	it('requires «решено» or «разъяснено» when a «Кузбасс Онлайн» executor publishes', () => {
		const assigned = run('regional', ['take', 'assign']);
		expect(act(assigned, 'regional', { action: 'publish', actor: 'Исполнитель' })).toMatchObject({ ok: false, error: 'invalid' });
		const explained = act(assigned, 'regional', { ...payload.publish, resolution: 'explained' });
		expect(explained.ok && explained.state.resolution).toBe('explained');
	});
	it('parses the HTTP body with its version', () => {
		expect(IncidentActionRequestSchema.safeParse({ version: 3, ...payload.take }).success).toBe(true);
		expect(IncidentActionRequestSchema.safeParse(payload.take).success).toBe(false);
	});
});

describe('clocks', () => {
	it('stops take-into-work when the incident is taken', () => {
		const result = act(start('pos'), 'pos', 'take', '2026-03-10 12:00');
		expect(result.ok && result.state.stopped.takeIntoWork).toBe(iso('2026-03-10 12:00'));
		expect(result.ok && runningClocks(result.state)).toEqual([]);
	});

	it('stops the first-answer clock and starts the resolution clock at the named date (ИМ)', () => {
		const result = act(run('im', ['take']), 'im', 'first_answer', '2026-03-10 11:00');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.primaryAnswered).toBe(true);
		expect(result.state.stopped.firstAnswer).toBe(iso('2026-03-10 11:00'));
		expect(result.state.deadlines.resolution).toBe(iso('2026-03-13 17:00'));
		expect(runningClocks(result.state)).toEqual(['resolution']);
		expect(allowedActions(result.state, 'im')).not.toContain('first_answer');
	});

	it('runs the executor clock from assignment until submission', () => {
		const assigned = run('pos', ['take', 'assign']);
		expect(runningClocks(assigned)).toEqual(['executor']);
		const submitted = run('pos', ['submit'], assigned, '2026-03-11 09:00');
		expect(submitted.stopped.executor).toBe(iso('2026-03-11 09:00'));
		expect(runningClocks(submitted)).toEqual([]);
	});

	it('stops the ИМ resolution clock once the answer waits on the ЦУР curators', () => {
		const reviewed = run('im', ['take', 'first_answer', 'assign', 'submit', 'approve']);
		expect(reviewed.stopped.resolution).toBe(iso('2026-03-10 11:00'));
		expect(runningClocks(reviewed)).toEqual([]);
	});

	it('returns an answer for rework: counts it, restarts the executor clock with the new due', () => {
		const reviewed = run('im', ['take', 'first_answer', 'assign', 'submit', 'approve']);
		const result = act(reviewed, 'im', 'return_for_rework', '2026-03-11 10:00');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.status).toBe('assigned');
		expect(result.state.reworkCount).toBe(1);
		expect(result.state.approvals).toBe(0);
		expect(result.state.deadlines.executor).toBe(iso('2026-03-16 17:00'));
		expect(runningClocks(result.state)).toEqual(['resolution', 'executor']);
		const twice = run('im', ['submit', 'return_for_rework'], result.state);
		expect(twice.reworkCount).toBe(2);
	});

	it('records an intermediate answer without moving the resolution deadline', () => {
		const assigned = run('regional', ['take', 'assign']);
		const result = act(assigned, 'regional', 'intermediate_answer');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.intermediateAnswered).toBe(true);
		expect(result.state.promisedAt).toBe(iso('2026-03-20 17:00'));
		expect(result.state.deadlines.resolution).toBe(assigned.deadlines.resolution);
		expect(result.state.deadlines.resolution).toBe(iso('2026-03-24 17:00'));
	});

	it('changes a deadline with its reason and keeps the previous one in the event', () => {
		const state = run('im', ['take', 'first_answer']);
		const result = act(state, 'im', 'change_deadline');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.deadlines.resolution).toBe(iso('2026-03-20 17:00'));
		expect(result.event).toEqual({
			type: 'change_deadline',
			data: expect.objectContaining({ clock: 'resolution', previousDue: iso('2026-03-13 17:00'), reason: 'Решение ЦУР', actor: 'ЦУР' })
		});
	});

	it('refuses to change a clock that has already stopped', () => {
		const taken = run('pos', ['take']);
		const result = act(taken, 'pos', { ...payload.change_deadline, clock: 'takeIntoWork' });
		expect(result).toMatchObject({ ok: false, error: 'invalid' });
	});

	it('marks and unmarks an incident hot with a reason', () => {
		const hot = run('pos', ['mark_hot']);
		expect(hot.hot).toBe(true);
		expect(hot.hotReason).toBe('Поручение главы');
		const cooled = run('pos', ['unmark_hot'], hot);
		expect(cooled.hot).toBe(false);
		expect(cooled.hotReason).toBeNull();
	});

	it('stops every clock on closing', () => {
		const closed = run('regional', ['close'], start('regional'), '2026-03-10 12:00');
		expect(closed.stopped).toEqual({ takeIntoWork: iso('2026-03-10 12:00'), resolution: iso('2026-03-10 12:00') });
		expect(runningClocks(closed)).toEqual([]);
	});
});

describe('overdue', () => {
	it('is overdue once a running clock passes its due time, since that due time', () => {
		const state = start('regional');
		expect(overdueState(state, at('2026-03-11 10:20'))).toEqual({ overdue: false, overdueSince: null, clock: null });
		expect(overdueState(state, at('2026-03-11 10:21'))).toEqual({ overdue: true, overdueSince: iso('2026-03-11 10:20'), clock: 'takeIntoWork' });
	});

	it('is not overdue once the late step is done', () => {
		const taken = run('regional', ['take'], start('regional'), '2026-03-11 11:00');
		expect(taken.stopped.takeIntoWork).toBe(iso('2026-03-11 11:00'));
		expect(overdueState(taken, at('2026-03-12 10:00')).overdue).toBe(false);
	});

	it('reports the longest-overdue clock when several have passed', () => {
		const state = start('regional');
		expect(overdueState(state, at('2026-03-25 10:00'))).toEqual({ overdue: true, overdueSince: iso('2026-03-11 10:20'), clock: 'takeIntoWork' });
		const taken = run('regional', ['take'], state, '2026-03-11 09:00');
		expect(overdueState(taken, at('2026-03-25 10:00'))).toEqual({ overdue: true, overdueSince: iso('2026-03-24 17:00'), clock: 'resolution' });
	});

	it('T14: a ПОС answer consented after the platform due is overdue until consent', () => {
		let state = start('pos', { receivedAt: '2026-03-02 09:00', dueAt: at('2026-03-06 17:00') });
		state = run('pos', ['take', 'assign', 'submit', 'approve'], state, '2026-03-05 10:00');
		expect(overdueState(state, at('2026-03-10 09:00'))).toMatchObject({ overdue: true, clock: 'resolution', overdueSince: iso('2026-03-06 17:00') });
		state = run('pos', ['approve', 'publish'], state, '2026-03-10 09:10');
		expect(state.stopped.resolution).toBe(iso('2026-03-10 09:10'));
		expect(overdueState(state, at('2026-03-10 09:20')).overdue).toBe(false);
	});
});

describe('citizen satisfaction', () => {
	const evaluating = (sentAt: string) => run('im', HAPPY.im.steps, start('im', { receivedAt: sentAt }), sentAt);

	it('opens a 48-hour window when the answer goes to evaluation', () => {
		const state = evaluating('2026-03-05 15:00');
		expect(state.status).toBe('satisfaction_check');
		expect(state.deadlines.satisfaction).toBe(iso('2026-03-07 15:00'));
		expect(runningClocks(state)).toEqual(['satisfaction']);
	});

	it('T10: silence for 48 hours closes the incident as accepted, not a minute earlier', () => {
		const state = evaluating('2026-03-05 15:00');
		expect(act(state, 'im', 'satisfaction_timeout', '2026-03-07 14:59')).toMatchObject({ ok: false, error: 'invalid' });
		const result = act(state, 'im', 'satisfaction_timeout', '2026-03-07 15:00');
		expect(result.ok && result.state.status).toBe('closed');
		expect(result.ok && result.state.resolution).toBe('accepted_by_silence');
		expect(result.ok && result.state.stopped.satisfaction).toBe(iso('2026-03-07 15:00'));
	});

	it('T11: a negative comment sends it back to work with a fresh first-answer clock', () => {
		const state = evaluating('2026-06-08 10:00');
		const result = act(state, 'im', 'citizen_reaction', '2026-06-09 19:30');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.status).toBe('in_work');
		expect(result.state.reopenCount).toBe(1);
		expect(result.state.primaryAnswered).toBe(false);
		expect(result.state.stopped.satisfaction).toBeUndefined();
		expect(result.state.deadlines.satisfaction).toBeUndefined();
		// working-hour clocks resume at 08:00 the next morning
		expect(result.state.deadlines.firstAnswer).toBe(iso('2026-06-10 09:00'));
		expect(runningClocks(result.state)).toEqual(['firstAnswer']);
		expect(result.event.data).toMatchObject({ reopened: true, from: 'satisfaction_check', to: 'in_work' });
	});

	it('a positive reaction closes the incident as done', () => {
		const result = act(evaluating('2026-06-08 10:00'), 'im', { ...payload.citizen_reaction, reaction: 'positive' }, '2026-06-08 12:00');
		expect(result.ok && result.state.resolution).toBe('done');
	});

	it('T12: a comment after the window is logged but the answer stays accepted', () => {
		const state = evaluating('2026-06-10 12:00');
		const result = act(state, 'im', 'citizen_reaction', '2026-06-12 12:30');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.status).toBe('closed');
		expect(result.state.resolution).toBe('accepted_by_silence');
		expect(result.state.reopenCount).toBe(0);
		expect(result.event.type).toBe('satisfaction_timeout');
		expect(result.event.data).toMatchObject({ lateReaction: { reaction: 'negative' } });
	});

	it('T15: a moderator’s negative comment re-opens a closed ПОС incident; the new due comes from the platform', () => {
		const closed = run('pos', HAPPY.pos.steps, start('pos', { receivedAt: '2026-03-12 09:00', dueAt: at('2026-03-20 17:00') }), '2026-03-16 11:00');
		const result = act(closed, 'pos', { ...payload.citizen_reaction, by: 'moderator' }, '2026-03-26 10:00');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.status).toBe('in_work');
		expect(result.state.reopenCount).toBe(1);
		expect(result.state.deadlines.resolution).toBeUndefined();
		const due = run('pos', [{ ...payload.change_deadline, due: iso('2026-04-03 17:00'), reason: 'Новый срок ПОС' }], result.state, '2026-03-26 10:05');
		expect(due.deadlines.resolution).toBe(iso('2026-04-03 17:00'));
	});

	it('a positive ПОС reaction after closing changes nothing but is recorded', () => {
		const closed = run('pos', HAPPY.pos.steps);
		const result = act(closed, 'pos', { ...payload.citizen_reaction, reaction: 'positive' });
		expect(result.ok && result.state).toEqual(closed);
		expect(result.ok && result.event.type).toBe('citizen_reaction');
	});
});

describe('re-opening', () => {
	it('re-opens a closed incident into work, counts it and starts a fresh first answer', () => {
		const closed = run('regional', HAPPY.regional.steps);
		const result = act(closed, 'regional', 'reopen', '2026-03-13 16:30');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.state.status).toBe('in_work');
		expect(result.state.resolution).toBeNull();
		expect(result.state.reopenCount).toBe(1);
		expect(result.state.deadlines.firstAnswer).toBe(iso('2026-03-16 08:30'));
		const again = run('regional', ['close', 'reopen'], result.state);
		expect(again.reopenCount).toBe(2);
	});

	it('gives an urgent incident a fresh first answer in plain time', () => {
		const closed = run('pos', HAPPY.pos.steps, start('pos', { urgent: true }));
		const result = act(closed, 'pos', 'reopen', '2026-03-14 22:00');
		expect(result.ok && result.state.deadlines.firstAnswer).toBe(iso('2026-03-14 23:00'));
	});
});
