import { describe, expect, it } from 'vitest';
import type { IncidentInput } from '../../../src/lib/domain/incident.ts';
import { allowedActions, applyAction, createLifecycleState, type IncidentAction } from '../../../src/lib/domain/lifecycle.ts';
import { russianCalendar } from '../../../src/lib/domain/sla.ts';
import { createFeed } from '../../../server/demo/feed.ts';
import { planTrajectory, SHARES, type PlanOptions, type Trajectory } from '../../../server/demo/people/plan.ts';
import { createPeopleActor } from '../../../server/demo/people.actor.ts';
import type { IngestClient } from '../../../server/demo/simulator.ts';
import { loadMunicipalityGeo } from '../../../server/demo/simulator.ts';

const geo = loadMunicipalityGeo(process.cwd(), 'tuapse');
const cal = russianCalendar('Europe/Moscow');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// the demo starts on Wednesday 11 March 2026 at 11:00 Moscow time; a week of feed lies before it
const START = Date.parse('2026-03-11T11:00:00+03:00');
const feed = createFeed({ seed: 23, places: geo.places, settlements: geo.settlements });
const week = feed.between(new Date(START - 7 * DAY), new Date(START));
const opts: PlanOptions = { seed: 23, cal, startMs: START, speed: 1 };
const plans = week.map((i) => planTrajectory(i, opts));

const im: IncidentInput = {
	source: 'im.cur23',
	externalId: 'im-demo-1',
	channel: 'im',
	text: 'Нет воды в доме',
	receivedAt: '2026-03-11T10:20:00+03:00'
};

/** Replays a plan through the pure domain at its wall times, with the same deadline fixes the actor makes. */
function replay(input: IncidentInput, t: Trajectory) {
	let state = createLifecycleState(
		{ channel: input.channel, receivedAt: new Date(input.receivedAt), urgent: input.urgent, dueAt: input.dueAt ? new Date(input.dueAt) : undefined },
		cal
	);
	for (const step of t.steps) {
		expect(allowedActions(state, input.channel), `${t.externalId} ${step.action}`).toContain(step.action);
		const payload = { ...step.payload, departmentId: step.payload.departmentId === '$routed' ? 'housing_utilities_energy' : step.payload.departmentId };
		if (payload.departmentId === undefined) delete payload.departmentId;
		const r = applyAction(state, { action: step.action, actor: 'test', ...payload } as IncidentAction, { channel: input.channel, now: new Date(step.at), cal });
		expect(r.ok, `${t.externalId} ${step.action}: ${JSON.stringify(r)}`).toBe(true);
		if (r.ok) state = r.state;
	}
	return state;
}

const share = (n: number, d: number) => (d === 0 ? 0 : n / d);

describe('the demo people: planning', { timeout: 60_000 }, () => {
	it('is deterministic for a seed and differs for another seed', () => {
		expect(planTrajectory(im, opts)).toEqual(planTrajectory(im, opts));
		const again = week.slice(0, 200).map((i) => planTrajectory(i, opts));
		expect(again).toEqual(plans.slice(0, 200));
		const other = week.slice(0, 200).map((i) => planTrajectory(i, { ...opts, seed: 24 }));
		expect(other.map((p) => p.steps.map((s) => s.at))).not.toEqual(plans.slice(0, 200).map((p) => p.steps.map((s) => s.at)));
	});

	it('plans a legal trajectory for every incident of a week, through the pure domain, at the wall times', () => {
		expect(week.length).toBeGreaterThan(2500);
		for (let i = 0; i < plans.length; i++) {
			const t = plans[i]!;
			expect(t.error, t.externalId).toBeUndefined();
			for (let k = 1; k < t.steps.length; k++) expect(t.steps[k]!.at).toBeGreaterThan(t.steps[k - 1]!.at);
			replay(week[i]!, t);
		}
		// most of a week-old feed is closed or waiting for the citizen
		const open = plans.filter((p) => p.finalStatus !== 'closed' && p.finalStatus !== 'satisfaction_check').length;
		expect(open).toBe(0);
	});

	it('plans an ИМ message as operator → executor (first answer with an execution date) → approvers → publish', () => {
		const t = planTrajectory({ ...im, externalId: 'im-demo-7' }, opts);
		const actions = t.steps.map((s) => s.action);
		expect(actions[0]).toBe('take');
		expect(t.steps[0]!.role).toBe('operator');
		const assign = t.steps.find((s) => s.action === 'assign')!;
		expect(assign.payload.departmentId).toBe('$routed');
		expect(Date.parse(String(assign.payload.executorDue))).toBeGreaterThan(assign.at);
		const first = t.steps.find((s) => s.action === 'first_answer')!;
		expect(first.role).toBe('executor');
		expect(Date.parse(String(first.payload.executionDate))).toBeGreaterThan(first.at);
		// the ИМ chain: the operator's review, then the ЦУР curators (from APPROVAL_CHAINS via allowedActions)
		expect(t.steps.filter((s) => s.action === 'approve').map((s) => s.approvalStep)).toEqual(expect.arrayContaining(['operator_review', 'cur_curators']));
		expect(actions).toContain('publish');
	});

	it('keeps the shares of the model within tolerance over a week', () => {
		const n = plans.length;
		const count = (f: (t: Trajectory) => boolean) => plans.filter(f).length;
		const has = (t: Trajectory, a: string) => t.steps.some((s) => s.action === a);

		const dismissed = count((t) => t.steps.some((s) => s.action === 'close' && s.payload.resolution === 'dismissed'));
		const redirected = count((t) => t.steps.some((s) => s.action === 'close' && s.payload.resolution === 'redirected'));
		expect(share(dismissed, n)).toBeCloseTo(SHARES.dismissed, 1);
		expect(Math.abs(share(dismissed, n) - SHARES.dismissed)).toBeLessThan(0.012);
		expect(Math.abs(share(redirected, n) - SHARES.redirected)).toBeLessThan(0.012);

		const hot = count((t) => has(t, 'mark_hot'));
		expect(Math.abs(share(hot, n) - SHARES.hot)).toBeLessThan(0.012);
		for (const t of plans.filter((p) => has(p, 'mark_hot'))) expect(String(t.steps.find((s) => s.action === 'mark_hot')!.payload.reason).length).toBeGreaterThan(5);

		// the executor's first deliverable (first answer, or submit / regional publish) late
		const assigned = plans.filter((t) => has(t, 'assign'));
		const lateExecutor = assigned.filter((t) => {
			const first = t.steps.find((s) => s.role === 'executor' && ['first_answer', 'submit', 'publish'].includes(s.action));
			return first?.late === true;
		});
		expect(Math.abs(share(lateExecutor.length, assigned.length) - SHARES.executorLate)).toBeLessThan(0.03);

		// returned for rework: per incident that reached approval, about 10 % (a second round is rarer)
		const approved = plans.filter((t) => has(t, 'submit'));
		const reworked = approved.filter((t) => has(t, 'return_for_rework'));
		expect(share(reworked.length, approved.length)).toBeGreaterThan(0.07);
		expect(share(reworked.length, approved.length)).toBeLessThan(0.15);

		// ИМ/manual after publishing: negative ~8 %, positive ~25 %, the rest silence
		const published = plans.filter((t) => (t.channel === 'im' || t.channel === 'manual') && has(t, 'publish'));
		const reaction = (t: Trajectory, r: string) => t.steps.some((s) => s.action === 'citizen_reaction' && s.payload.reaction === r);
		expect(Math.abs(share(published.filter((t) => reaction(t, 'negative')).length, published.length) - SHARES.negative)).toBeLessThan(0.03);
		expect(Math.abs(share(published.filter((t) => reaction(t, 'positive')).length, published.length) - SHARES.positive)).toBeLessThan(0.05);
		// an unhappy citizen sends it back to work: a new round ends published again
		for (const t of published.filter((p) => reaction(p, 'negative'))) {
			const i = t.steps.findIndex((s) => s.action === 'citizen_reaction');
			expect(t.steps.slice(i + 1).map((s) => s.action)).toContain('assign');
		}

		// ПОС: some negative comments after closing re-open the item
		const posClosed = plans.filter((t) => t.channel === 'pos' && has(t, 'publish'));
		const posNegative = posClosed.filter((t) => reaction(t, 'negative'));
		expect(posNegative.length).toBeGreaterThan(0);
		expect(share(posNegative.length, posClosed.length)).toBeLessThan(0.1);

		expect(count((t) => has(t, 'intermediate_answer')) / n).toBeGreaterThan(0.1);
	});

	it('keeps the past as it was and compresses the future by the speed', () => {
		const fast = { ...opts, speed: 60 };
		let compared = 0;
		for (const input of week.slice(-300)) {
			const slow = planTrajectory(input, opts);
			const quick = planTrajectory(input, fast);
			expect(quick.steps.map((s) => s.action)).toEqual(slow.steps.map((s) => s.action));
			for (let k = 0; k < slow.steps.length; k++) {
				const [a, b] = [slow.steps[k]!, quick.steps[k]!];
				if (a.at <= START) expect(b.at).toBe(a.at);
				else {
					expect(b.at).toBeLessThanOrEqual(a.at);
					expect(b.at).toBeGreaterThan(START);
					compared++;
				}
			}
		}
		expect(compared).toBeGreaterThan(100);
	});

	it('holds a step that is late against a server clock until that clock has passed, whatever the speed', () => {
		// live ИМ messages at speed 60: a late first answer still comes after the real 60 working minutes
		const live = feed.between(new Date(START), new Date(START + 2 * DAY), { speed: 3 }).filter((i) => i.channel === 'im' || i.channel === 'manual');
		let late = 0;
		for (const input of live) {
			const t = planTrajectory(input, { ...opts, speed: 60 });
			const first = t.steps.find((s) => s.action === 'first_answer');
			if (!first) continue;
			const due = createLifecycleState({ channel: input.channel, receivedAt: new Date(input.receivedAt), urgent: input.urgent }, cal).deadlines.firstAnswer!;
			if (first.late) {
				late++;
				expect(first.at).toBeGreaterThan(Date.parse(due));
			} else expect(first.at).toBeLessThan(Date.parse(due));
		}
		expect(late).toBeGreaterThan(5);
	});
});

describe('the demo people: the sender', () => {
	const org = { timeZone: 'Europe/Moscow', departments: { housing_utilities_energy: 'управление ЖКХ и ТЭК', public_reception: 'общественная приёмная' }, blockDepartment: { housing_utilities: 'housing_utilities_energy' }, fallbackDepartment: 'public_reception' };
	const quiet = { info: () => {}, warn: () => {} };

	/** answers the actions in turn; a read (GET) answers the version the server last named */
	function scripted(answers: Array<(body: Record<string, unknown>) => { status: number; body: unknown } | Error>, version = 1, readAllowed?: string[]) {
		const sent: Array<Record<string, unknown>> = [];
		let reads = 0;
		const client: IngestClient = {
			postIncidents: async () => {
				throw new Error('not used');
			},
			async request(method, _p, body) {
				if (method === 'GET') {
					reads++;
					return { status: 200, body: { ok: true, incident: { version }, ...(readAllowed ? { allowed: readAllowed } : {}) } };
				}
				sent.push(body as Record<string, unknown>);
				const next = answers.shift();
				const out = next ? next(body as Record<string, unknown>) : { status: 200, body: { ok: true, incident: { version: 99 }, allowed: [] } };
				if (out instanceof Error) throw out;
				const named = (out.body as { incident?: { version?: number } } | null)?.incident?.version;
				if (typeof named === 'number') version = named;
				return out;
			}
		};
		return { client, sent, reads: () => reads };
	}

	it('reads the incident right before acting, so a version moved by placement meets no 409', async () => {
		let now = START;
		const actor = createPeopleActor({ seed: 23, speed: 60, startMs: START, now: () => now, org, cal, logger: quiet, maxRequestsPerSecond: 10_000 });
		const input = { ...im, externalId: 'im-demo-8' };
		actor.onIngested!({ input, id: '00000000-0000-4000-8000-000000000002', created: true, live: true });
		const plan = planTrajectory(input, { seed: 23, cal, startMs: START, speed: 60 });
		// the placement worker bumped the incident to version 2 after the ingest answered version 1
		const current = (body: Record<string, unknown>) =>
			body.version === 2
				? { status: 200, body: { ok: true, incident: { version: 3 }, allowed: plan.steps.map((s) => s.action) } }
				: { status: 409, body: { ok: false, error: 'stale version', incident: { version: 2 } } };
		const { client, sent, reads } = scripted([current], 2);
		now = plan.steps[0]!.at;
		await actor.drain(new Date(now), client);
		expect(sent.map((b) => [b.action, b.version])).toEqual([[plan.steps[0]!.action, 2]]);
		expect(reads()).toBe(1);
		expect(actor.stats()).toMatchObject({ reads: 1, stale: 0 });
	});

	it('skips what the incident has moved past, as its read says, instead of sending an action the server must refuse', async () => {
		let now = START;
		const actor = createPeopleActor({ seed: 23, speed: 60, startMs: START, now: () => now, org, cal, logger: quiet, maxRequestsPerSecond: 10_000 });
		// an incident whose plan has a few steps
		const input = Array.from({ length: 50 }, (_, k) => ({ ...im, externalId: `im-demo-9-${k}` })).find(
			(i) => planTrajectory(i, { seed: 23, cal, startMs: START, speed: 60 }).steps.length >= 4
		)!;
		const plan = planTrajectory(input, { seed: 23, cal, startMs: START, speed: 60 });
		// a restarted demo posts its past again: the incident exists, an earlier run already took it further
		actor.onIngested!({ input, id: '00000000-0000-4000-8000-000000000003', created: false, live: false });
		const third = plan.steps[2]!.action;
		const { client, sent, reads } = scripted([], 4, [third]);
		now = plan.steps[2]!.at;
		await actor.drain(new Date(now), client);
		expect(sent[0]).toMatchObject({ action: third, version: 4 });
		expect(sent.map((b) => b.action)).not.toContain(plan.steps[0]!.action);
		expect(reads()).toBeGreaterThanOrEqual(2);
		expect(actor.stats()).toMatchObject({ illegal: 0, stale: 0 });
	});

	it('refreshes a stale version and retries once, re-plans from `allowed` on an illegal action, and survives errors', async () => {
		let now = START;
		const actor = createPeopleActor({ seed: 23, speed: 60, startMs: START, now: () => now, org, cal, logger: quiet, maxRequestsPerSecond: 10_000 });
		const input = { ...im, externalId: 'im-demo-7' };
		actor.onIngested!({ input, id: '00000000-0000-4000-8000-000000000001', created: true, live: true });
		const plan = planTrajectory(input, { seed: 23, cal, startMs: START, speed: 60 });
		const { client, sent } = scripted([
			() => ({ status: 409, body: { ok: false, error: 'stale version', incident: { version: 5, departmentId: 'housing_utilities_energy', block: 'housing_utilities' } } }),
			() => ({ status: 200, body: { ok: true, incident: { version: 6 }, allowed: ['assign', 'intermediate_answer', 'first_answer', 'close', 'change_deadline', 'mark_hot'] } }),
			() => new Error('connection reset'),
			() => ({ status: 409, body: { ok: false, error: 'illegal action', allowed: ['reopen'], incident: { version: 9 } } })
		]);
		now = plan.steps[0]!.at;
		await actor.drain(new Date(now), client);
		expect(sent.map((b) => [b.action, b.version])).toEqual([
			['take', 1],
			['take', 5]
		]);
		expect(sent[1]!.actor).toMatch(/^Оператор МЦУ/);
		// the next step fails on the network: kept, and retried after a pause, without throwing
		now = plan.steps[1]!.at;
		await actor.drain(new Date(now), client);
		expect(sent.at(-1)!.action).toBe('assign');
		now += 60_000;
		await actor.drain(new Date(now), client);
		expect(sent.at(-1)).toMatchObject({ action: 'assign', version: 6, departmentId: 'housing_utilities_energy' });
		// the server said only `reopen` is allowed (closed meanwhile): nothing planned fits, the incident is done
		expect(actor.stats()).toMatchObject({ stale: 1, illegal: 1, failed: 1, pendingIncidents: 0 });
		now += 30 * DAY;
		const before = sent.length;
		await actor.drain(new Date(now), client);
		expect(sent.length).toBe(before);
	});

	it('bounds the backfill: past steps beyond the budget leave whole incidents untouched', () => {
		const actor = createPeopleActor({ seed: 23, speed: 60, startMs: START, now: () => START, org, cal, logger: quiet, backfillBudget: 100 });
		week.slice(-200).forEach((input, i) => actor.onIngested!({ input, id: `id-${i}`, created: true, live: false }));
		const s = actor.stats();
		expect(s.pastPlanned).toBeLessThanOrEqual(100);
		expect(s.skipped).toBeGreaterThan(0);
		expect(s.planned + s.skipped).toBe(200);
	});
});
