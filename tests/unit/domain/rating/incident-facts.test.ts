import { describe, expect, it } from 'vitest';
import { createLifecycleState, applyAction, type LifecycleState } from '../../../../src/lib/domain/lifecycle.ts';
import { incidentRatingFacts } from '../../../../src/lib/domain/rating/incident-facts.ts';
import { latencyBucketOf } from '../../../../src/lib/domain/rating/rating.ts';
import { russianCalendar } from '../../../../src/lib/domain/sla.ts';

const cal = russianCalendar('Europe/Moscow');
// Tuesday 10 March 2026, 10:20 Moscow: an ИМ first answer is due at 11:20
const received = new Date('2026-03-10T10:20:00+03:00');
const at = (hhmm: string, day = '10') => new Date(`2026-03-${day}T${hhmm}:00+03:00`);

function act(state: LifecycleState, action: Record<string, unknown>, now: Date, channel: 'im' | 'pos' = 'im'): LifecycleState {
	const r = applyAction(state, { actor: 'operator', ...action } as never, { channel, now, cal });
	if (!r.ok) throw new Error(JSON.stringify(r));
	return r.state;
}

describe('incidentRatingFacts', () => {
	it('counts a fresh incident on its local day with nothing answered yet', () => {
		const state = createLifecycleState({ channel: 'im', receivedAt: received }, cal);
		expect(incidentRatingFacts({ receivedAt: received, state, overdueClocks: [] }, cal)).toEqual({
			day: '2026-03-10',
			answered: 0,
			onTime: 0,
			firstAnswerBucket: null,
			resolutionBucket: null,
			reopened: 0,
			rated: 0,
			satisfied: 0
		});
	});

	it('counts an open incident past its due time as answered late', () => {
		const state = createLifecycleState({ channel: 'im', receivedAt: received }, cal);
		const f = incidentRatingFacts({ receivedAt: received, state, overdueClocks: ['firstAnswer'] }, cal);
		expect([f.answered, f.onTime]).toEqual([1, 0]);
	});

	it('takes the reaction time in working minutes and a close by the due time as on time', () => {
		let s = createLifecycleState({ channel: 'pos', receivedAt: received }, cal);
		s = act(s, { action: 'take' }, at('10:45'), 'pos');
		s = act(s, { action: 'close', resolution: 'redirected' }, at('11:05'), 'pos');
		const f = incidentRatingFacts({ receivedAt: received, state: s, overdueClocks: [], closedAt: at('11:05') }, cal);
		expect(f.firstAnswerBucket).toBe(latencyBucketOf(25));
		expect(f.resolutionBucket).toBe(latencyBucketOf(45));
		expect([f.answered, f.onTime, f.rated]).toEqual([1, 1, 0]);
	});

	it('rates an ИМ answer the citizen accepted as satisfied, and a re-opened one as not', () => {
		let s = createLifecycleState({ channel: 'im', receivedAt: received }, cal);
		s = act(s, { action: 'first_answer', executionDate: at('18:00', '12').toISOString() }, at('10:50'));
		s = act(s, { action: 'take' }, at('10:51'));
		s = act(s, { action: 'assign', departmentId: 'housing_utilities_energy', executorDue: at('17:00', '11').toISOString() }, at('10:52'));
		s = act(s, { action: 'submit' }, at('12:00', '11'));
		s = act(s, { action: 'approve' }, at('12:10', '11'));
		s = act(s, { action: 'approve' }, at('12:20', '11'));
		s = act(s, { action: 'publish' }, at('12:30', '11'));
		const accepted = act(s, { action: 'citizen_reaction', reaction: 'positive' }, at('13:00', '11'));
		expect(incidentRatingFacts({ receivedAt: received, state: accepted, overdueClocks: [] }, cal)).toMatchObject({ answered: 1, onTime: 1, rated: 1, satisfied: 1, reopened: 0 });
		const rejected = act(s, { action: 'citizen_reaction', reaction: 'negative' }, at('13:00', '11'));
		expect(incidentRatingFacts({ receivedAt: received, state: rejected, overdueClocks: [] }, cal)).toMatchObject({ rated: 1, satisfied: 0, reopened: 1 });
	});
});
