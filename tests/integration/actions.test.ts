import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { handleActions, handleEvents } from '../../server/incidents/actions.handler.ts';
import { handleGetIncident } from '../../server/incidents/incident.handlers.ts';
import { createLifecycleState, type LifecycleState } from '../../src/lib/domain/lifecycle.ts';
import { CHANNELS, isDueSoon, type Incident } from '../../src/lib/domain/incident.ts';
import { dueSoon } from '../../src/lib/domain/sla.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { backendsUnderTest, databaseFor } from '../support/backends.ts';
import { actionRequest, incidentInput } from '../support/factories.ts';

const backends = await backendsUnderTest('actions run');

// Tuapse (Europe/Moscow): an ИМ message on Tuesday 10 March 2026 at 10:20 has its first answer due at 11:20
const RECEIVED = '2026-03-10T10:20:00+03:00';
const FIRST_ANSWER_DUE = '2026-03-10T08:20:00.000Z';
const at = (local: string) => new Date(`${local}+03:00`);

type Body = { ok: boolean; error?: string; incident: Incident; allowed?: string[]; issues?: Array<{ path: unknown[]; message: string }>; event?: { type: string } };

describe.each(backends)('incident actions on %s', (name) => {
	let env: TestEnv;
	let ctx: AppContext;
	let dropDb: (() => Promise<void>) | undefined;
	let now = at('2026-03-10T10:25:00');

	beforeAll(async () => {
		env = await createTestEnv();
		const database = await databaseFor(name);
		dropDb = database.drop;
		ctx = await createTestContext(env.config(database.overrides), () => now);
	});
	afterAll(async () => {
		await ctx?.close();
		await dropDb?.();
		await env?.cleanup();
	});

	async function post(id: string, body: unknown, token?: string): Promise<{ status: number; body: Body }> {
		const res = await handleActions(ctx, actionRequest(id, body, token), id);
		return { status: res.status, body: (await res.json()) as Body };
	}

	/** Posts an action at the incident's current version and expects it to succeed. */
	async function act(incident: Incident, body: Record<string, unknown>): Promise<Incident> {
		const res = await post(incident.id, { version: incident.version, actor: 'Оператор МЦУ', ...body });
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.incident.version).toBe(incident.version + 1);
		return res.body.incident;
	}

	async function newIncident(overrides: Parameters<typeof incidentInput>[0] = {}): Promise<Incident> {
		const [r] = await ctx.ingest([incidentInput({ channel: 'im', receivedAt: RECEIVED, ...overrides })]);
		return ctx.toIncident(r.row);
	}

	const history = (id: string) => ctx.db.selectFrom('incident_events').select(['type', 'actor', 'data']).where('incident_id', '=', id).orderBy('id').execute();
	const outboxCount = async (id: string) => (await ctx.db.selectFrom('outbox').select('seq').where('incident_id', '=', id).execute()).length;

	it('stores the initial life-cycle state and the deadlines at ingest, for every channel', async () => {
		for (const channel of CHANNELS) {
			const input = incidentInput({ channel, receivedAt: RECEIVED, dueAt: channel === 'pos' ? '2026-03-20T17:00:00+03:00' : undefined });
			const [r] = await ctx.ingest([input]);
			const expected = createLifecycleState(
				{ channel, receivedAt: new Date(input.receivedAt), urgent: input.urgent, dueAt: input.dueAt ? new Date(input.dueAt) : undefined },
				ctx.calendar
			);
			expect(r.row.lifecycle).toEqual(JSON.parse(JSON.stringify(expected)));
			expect(r.row.deadlines).toEqual(expected.deadlines);
			const view = ctx.toIncident(r.row);
			expect(view.deadlines).toEqual(expected.deadlines);
			expect(view.overdue).toBe(false);
			expect(view.clocks!.map((c) => c.clock).sort()).toEqual(Object.keys(expected.deadlines).sort());
		}
	});

	it('runs an ИМ incident through take → assign → first answer → submit → approvals → publish → citizen, one event and one outbox row per action', async () => {
		let inc = await newIncident();
		expect(inc.deadlines.firstAnswer).toBe(FIRST_ANSWER_DUE);
		const outboxBefore = await outboxCount(inc.id);

		inc = await act(inc, { action: 'take' });
		expect(inc.status).toBe('in_work');
		inc = await act(inc, { action: 'assign', departmentId: 'transport_roads', executorDue: '2026-03-12T17:00:00+03:00' });
		expect(inc).toMatchObject({ status: 'assigned', departmentId: 'transport_roads' });
		expect(inc.deadlines.executor).toBe('2026-03-12T14:00:00.000Z');
		inc = await act(inc, { action: 'first_answer', text: 'Отремонтируем до пятницы', executionDate: '2026-03-13T17:00:00+03:00' });
		expect(inc.deadlines.resolution).toBe('2026-03-13T14:00:00.000Z');
		expect(inc.clocks!.find((c) => c.clock === 'firstAnswer')!.stoppedAt).toBe(now.toISOString());
		inc = await act(inc, { action: 'submit', text: 'Яма засыпана' });
		expect(inc.status).toBe('on_approval');
		inc = await act(inc, { action: 'approve' });
		inc = await act(inc, { action: 'approve' });
		inc = await act(inc, { action: 'publish' });
		expect(inc.status).toBe('satisfaction_check');
		expect(inc.deadlines.satisfaction).toBe(new Date(now.getTime() + 48 * 3600_000).toISOString());

		const negative = await post(inc.id, { version: inc.version, action: 'citizen_reaction', actor: 'Житель', reaction: 'negative', text: 'Яма на месте' });
		expect(negative.status).toBe(200);
		inc = negative.body.incident;
		expect(inc).toMatchObject({ status: 'in_work', reopenCount: 1 });
		expect(negative.body.allowed).toContain('assign');

		const events = await history(inc.id);
		expect(events.map((e) => e.type)).toEqual([
			'created',
			'take',
			'assign',
			'first_answer',
			'submit',
			'approve',
			'approve',
			'publish',
			'citizen_reaction'
		]);
		expect(events.find((e) => e.type === 'take')!.actor).toBe('Оператор МЦУ');
		expect(events.find((e) => e.type === 'assign')!.data).toMatchObject({ from: 'in_work', to: 'assigned', departmentId: 'transport_roads' });
		expect((await outboxCount(inc.id)) - outboxBefore).toBe(events.length - 1);

		const row = await ctx.db.selectFrom('incidents').selectAll().where('id', '=', inc.id).executeTakeFirstOrThrow();
		expect((row.lifecycle as LifecycleState).reopenCount).toBe(1);
		expect(row.status).toBe('in_work');
		expect(row.version).toBe(inc.version);
	});

	it('closes a regional incident when the executor publishes with a status', async () => {
		let inc = await newIncident({ channel: 'regional' });
		inc = await act(inc, { action: 'take' });
		inc = await act(inc, { action: 'assign', departmentId: 'housing_utilities_energy', executorDue: '2026-03-16T17:00:00+03:00' });
		inc = await act(inc, { action: 'publish', resolution: 'resolved' });
		expect(inc).toMatchObject({ status: 'closed', resolution: 'resolved', overdue: false });
		expect(inc.clocks!.every((c) => c.stoppedAt !== null)).toBe(true);
	});

	it('refuses an illegal action with 409 naming the actions allowed now, and writes nothing', async () => {
		const inc = await newIncident();
		const before = await history(inc.id);
		const res = await post(inc.id, { version: inc.version, action: 'submit', actor: 'Исполнитель' });
		expect(res.status).toBe(409);
		expect(res.body.error).toBe('illegal action');
		expect(res.body.allowed).toEqual(['take', 'first_answer', 'close', 'change_deadline', 'mark_hot']);
		expect(res.body.incident.version).toBe(inc.version);
		expect(await history(inc.id)).toEqual(before);
		// a read names the same actions, so a console offers only these; after `take`, what `take` allows
		const read = async () => (await (await handleGetIncident(ctx, new Request(`http://mcu.test/api/v1/incidents/${inc.id}`, { headers: { authorization: 'Bearer test-ingest-token' } }), inc.id)).json()) as { allowed: string[] };
		expect((await read()).allowed).toEqual(res.body.allowed);
		const taken = await post(inc.id, { version: inc.version, action: 'take', actor: 'Оператор МЦУ' });
		expect((await read()).allowed).toEqual(taken.body.allowed);
		expect(taken.body.allowed).not.toContain('take');
	});

	it('answers a stale version with 409 and the fresh incident', async () => {
		const inc = await newIncident();
		const taken = await act(inc, { action: 'take' });
		const res = await post(inc.id, { version: inc.version, action: 'mark_hot', actor: 'Глава', reason: 'На контроле главы' });
		expect(res.status).toBe(409);
		expect(res.body.error).toBe('stale version');
		expect(res.body.incident).toMatchObject({ id: inc.id, version: taken.version, status: 'in_work', hot: false });
		expect(JSON.stringify(res.body)).not.toMatch(/author/);
	});

	it('answers 400 naming the fields, 404 for an unknown incident and 401 without the token', async () => {
		const inc = await newIncident();
		const taken = await act(inc, { action: 'take' });

		const noDue = await post(inc.id, { version: taken.version, action: 'assign', actor: 'Оператор', departmentId: 'transport_roads' });
		expect(noDue.status).toBe(400);
		expect(noDue.body.issues!.map((i) => i.path)).toContainEqual(['executorDue']);

		const nowhere = await post(inc.id, { version: taken.version, action: 'assign', actor: 'Оператор', departmentId: 'teleport_dept', executorDue: '2026-03-16T17:00:00+03:00' });
		expect(nowhere.status).toBe(400);
		expect(nowhere.body.issues).toEqual([{ path: ['departmentId'], message: 'no department «teleport_dept» in this municipality' }]);

		const noDate = await post(inc.id, { version: taken.version, action: 'first_answer', actor: 'Оператор', text: 'Проверим' });
		expect(noDate.status).toBe(400);
		expect(noDate.body.issues![0].path).toEqual(['executionDate']);

		const unknown = await post(inc.id, { version: taken.version, action: 'teleport', actor: 'Оператор' });
		expect(unknown.status).toBe(400);
		expect(unknown.body.issues!.map((i) => i.path)).toContainEqual(['action']);

		const noVersion = await post(inc.id, { action: 'mark_hot', actor: 'Оператор', reason: 'x' });
		expect(noVersion.status).toBe(400);
		expect(noVersion.body.issues!.map((i) => i.path)).toContainEqual(['version']);

		const notJson = await post(inc.id, '{');
		expect(notJson.status).toBe(400);

		const missing = await post('00000000-0000-4000-8000-000000000000', { version: 1, action: 'take', actor: 'Оператор' });
		expect(missing.status).toBe(404);

		const unauthorized = await post(inc.id, { version: taken.version, action: 'mark_hot', actor: 'x', reason: 'y' }, 'wrong-token-123');
		expect(unauthorized.status).toBe(401);
	});

	it('flags overdue when an action leaves a running clock past due, and clears it when the clock stops', async () => {
		let inc = await newIncident();
		const statsBefore = await ctx.stats();
		inc = await act(inc, { action: 'change_deadline', clock: 'firstAnswer', due: '2026-03-10T10:24:00+03:00', reason: 'Решение ЦУР' });
		expect(inc).toMatchObject({ overdue: true, overdueSince: '2026-03-10T07:24:00.000Z', overdueClock: 'firstAnswer', overdueClocks: ['firstAnswer'] });
		expect((await ctx.stats()).overdue).toBe(statsBefore.overdue + 1);
		const events = await history(inc.id);
		expect(events.slice(-2).map((e) => e.type)).toEqual(['change_deadline', 'overdue']);
		expect(events.at(-2)!.data).toMatchObject({ previousDue: FIRST_ANSWER_DUE, reason: 'Решение ЦУР' });

		inc = await act(inc, { action: 'first_answer', executionDate: '2026-03-13T17:00:00+03:00' });
		expect(inc).toMatchObject({ overdue: false, overdueSince: null, overdueClocks: [] });
		expect((await ctx.stats()).overdue).toBe(statsBefore.overdue);
	});

	it('serves the history of an incident', async () => {
		let inc = await newIncident();
		inc = await act(inc, { action: 'mark_hot', reason: 'Поручение главы' });
		expect(inc.hot).toBe(true);
		const res = await handleEvents(ctx, new Request(`http://mcu.test/api/v1/incidents/${inc.id}/events`, { headers: { authorization: 'Bearer test-ingest-token' } }), inc.id);
		expect(res.status).toBe(200);
		const body = (await res.json()) as { events: Array<{ type: string; actor: string; at: string; data: Record<string, unknown> }> };
		expect(body.events.map((e) => e.type)).toEqual(['created', 'mark_hot']);
		expect(body.events[1]).toMatchObject({ actor: 'Оператор МЦУ', at: now.toISOString(), data: { reason: 'Поручение главы' } });
		const unauthorized = await handleEvents(ctx, new Request(`http://mcu.test/x`), inc.id);
		expect(unauthorized.status).toBe(401);
	});

	it('stores a reason with a NUL byte or half an emoji as it can, instead of failing the action', async () => {
		let inc = await newIncident();
		inc = await act(inc, { action: 'mark_hot', reason: 'Поручение\u0000 главы \ud83d', note: '\udc00' });
		expect(inc.hot).toBe(true);
		expect((await history(inc.id)).at(-1)!.data).toMatchObject({ reason: 'Поручение главы \ufffd' });
	});

	it('gives every clock the instant it becomes due soon, as sla.ts dueSoon judges it', async () => {
		const inc = await newIncident({ channel: 'regional' });
		for (const c of inc.clocks!) {
			const soon = Date.parse(c.dueSoonAt);
			expect(dueSoon(new Date(soon), new Date(c.dueAt), new Date(c.startedAt))).toBe(false);
			expect(dueSoon(new Date(soon + 1), new Date(c.dueAt), new Date(c.startedAt))).toBe(true);
			expect(isDueSoon({ clocks: [c] }, new Date(soon + 1))).toBe(true);
			expect(isDueSoon({ clocks: [c] }, new Date(Date.parse(c.dueAt)))).toBe(false);
		}
	});

	it('restarts the executor term on a re-assignment, keeps it when only the due time moves', async () => {
		let inc = await newIncident();
		inc = await act(inc, { action: 'take' });
		inc = await act(inc, { action: 'assign', departmentId: 'transport_roads', executorDue: '2026-03-12T17:00:00+03:00' });
		const assignedAt = now.toISOString();
		now = at('2026-03-10T12:00:00');
		inc = await act(inc, { action: 'change_deadline', clock: 'executor', due: '2026-03-13T17:00:00+03:00', reason: 'Согласовано' });
		expect(inc.clocks!.find((c) => c.clock === 'executor')!.startedAt).toBe(assignedAt);
		inc = await act(inc, { action: 'assign', departmentId: 'housing_utilities_energy', executorDue: '2026-03-16T17:00:00+03:00' });
		expect(inc.clocks!.find((c) => c.clock === 'executor')!.startedAt).toBe(now.toISOString());
		now = at('2026-03-10T10:25:00');
	});
});
