import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import type { AppContext } from '../../server/context.ts';
import { performIncidentAction } from '../../server/incidents/incident-actions.service.ts';
import { jobId, JobName, QueueName, SLA_SWEEP_SCHEDULER_ID } from '../../server/jobs/names.ts';
import { startWorkers, type WorkersHandle } from '../../workers/start.ts';
import { slaCheck } from '../../workers/processors/sla-check.processor.ts';
import type { Incident } from '../../src/lib/domain/incident.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { backendsUnderTest, databaseFor } from '../support/backends.ts';
import { incidentInput, testClock } from '../support/factories.ts';
import { closeApp, listenApp, type ListeningApp } from '../support/listen.ts';
import { TestScreen, until } from '../support/screen.ts';

const backends = await backendsUnderTest('SLA jobs run');

// Tuapse (Europe/Moscow): an ИМ message received on Tuesday 10 March 2026 at 10:20 is due a first answer at 11:20
const received = (ms = 0) => new Date(Date.parse('2026-03-10T10:20:00+03:00') + ms).toISOString().replace('Z', '+00:00');
const dueOf = (ms = 0) => Date.parse('2026-03-10T11:20:00+03:00') + ms;
const LEAD_MS = 1500;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const overdueEvents = (ctx: AppContext, id: string) =>
	ctx.db.selectFrom('incident_events').select(['type', 'actor', 'data']).where('incident_id', '=', id).where('type', '=', 'overdue').execute();

/** Records, per incident, the real time a screen first saw it overdue. */
function watchOverdue(screen: TestScreen): Map<string, { at: number; incident: Incident }> {
	const seen = new Map<string, { at: number; incident: Incident }>();
	screen.socket.on('incident:updated', (e) => {
		if (e.incident.overdue && !seen.has(e.incident.id)) seen.set(e.incident.id, { at: Date.now(), incident: e.incident });
	});
	return seen;
}

describe.each(backends)('SLA deadline jobs on %s', (name) => {
	let env: TestEnv;
	let config: Config;
	let dropDb: (() => Promise<void>) | undefined;
	let s: ListeningApp;
	const clock = testClock('2026-03-10T10:00:00+03:00');
	const screens: TestScreen[] = [];
	const extra: Array<{ workers: WorkersHandle; ctx?: AppContext }> = [];

	beforeAll(async () => {
		env = await createTestEnv();
		const database = await databaseFor(name);
		dropDb = database.drop;
		config = env.config({ RUN_WORKERS: 'true', ...database.overrides });
		s = await listenApp(config, { now: clock.now });
	});
	afterAll(async () => {
		screens.forEach((sc) => sc.close());
		for (const e of extra) {
			await e.workers.close();
			await e.ctx?.close();
		}
		await closeApp(s);
		await dropDb?.();
		await env?.cleanup();
	});

	const screen = async () => {
		const sc = new TestScreen(s.url);
		screens.push(sc);
		await sc.synced();
		return sc;
	};

	it('turns incidents overdue when their delayed jobs fire and shows it on a screen', async () => {
		const sc = await screen();
		const seen = watchOverdue(sc);
		clock.set(new Date(dueOf() - LEAD_MS));
		// ten deadlines 100 ms apart, the first 1.5 s ahead
		const results = await s.app.ctx.ingest(Array.from({ length: 10 }, (_, i) => incidentInput({ channel: 'im', receivedAt: received(i * 100) })));
		const ids = results.map((r) => r.row.id);
		expect(ctx().toIncident(results[0].row).deadlines.firstAnswer).toBe(new Date(dueOf()).toISOString());
		expect(results.every((r) => !r.row.overdue)).toBe(true);

		await until(() => ids.every((id) => seen.has(id)), 10_000, 'every incident overdue on the screen');
		const lags = ids.map((id, i) => seen.get(id)!.at - clock.realTimeOf(new Date(dueOf(i * 100))));
		console.log(`overdue flip lag on ${name}: deadline → screen p50 ${pct(lags, 50)} ms, max ${Math.max(...lags)} ms (n=${lags.length})`);
		// never before the deadline; how soon after is measured by `npm run bench` (a loaded CI box is no stopwatch)
		for (const lag of lags) expect(lag).toBeGreaterThanOrEqual(0);
		const first = seen.get(ids[0])!.incident;
		expect(first).toMatchObject({ overdue: true, overdueSince: new Date(dueOf()).toISOString(), overdueClock: 'firstAnswer' });
		for (const id of ids) {
			const events = await overdueEvents(ctx(), id);
			expect(events).toHaveLength(1);
			expect(events[0]).toMatchObject({ actor: 'system', data: { clock: 'firstAnswer' } });
		}
		expect((await ctx().stats()).overdue).toBeGreaterThanOrEqual(ids.length);
	});

	it('reschedules a changed deadline: the old job skips, the new one flips', async () => {
		const sc = await screen();
		const seen = watchOverdue(sc);
		clock.set(new Date(dueOf() - LEAD_MS));
		const [r] = await s.app.ctx.ingest([incidentInput({ channel: 'im', receivedAt: received() })]);
		const id = r.row.id;
		const oldDue = new Date(dueOf()).toISOString();
		const oldJobId = jobId[JobName.SlaCheck]({ incidentId: id, clock: 'firstAnswer', dueAt: oldDue });
		const queue = ctx().queues[QueueName.Sla];
		await until(async () => (await queue.getJob(oldJobId)) !== undefined, 3000, 'the first SlaCheck scheduled');
		// the placement job bumps the version too: act on the current one
		await until(async () => (await row(id)).placement !== 'pending', 3000, 'placement');
		const newDue = new Date(dueOf() + 2000).toISOString();
		const out = await performIncidentAction(ctx(), id, {
			version: (await row(id)).version,
			action: 'change_deadline',
			actor: 'ЦУР',
			clock: 'firstAnswer',
			due: newDue,
			reason: 'Перенос по решению ЦУР'
		});
		expect(out.ok).toBe(true);

		await until(async () => (await queue.getJob(oldJobId))?.finishedOn !== undefined, 4000, 'the old job finished');
		expect((await queue.getJob(oldJobId))!.returnvalue).toBe('skipped');
		expect((await row(id)).overdue).toBe(false);

		await until(() => seen.has(id), 5000, 'the incident overdue on the screen');
		const lag = seen.get(id)!.at - clock.realTimeOf(newDue);
		expect(lag).toBeGreaterThanOrEqual(0);
		expect(lag).toBeLessThan(1000);
		expect(seen.get(id)!.incident.overdueSince).toBe(newDue);
		const newJob = await queue.getJob(jobId[JobName.SlaCheck]({ incidentId: id, clock: 'firstAnswer', dueAt: newDue }));
		await until(async () => (await newJob!.isCompleted()) === true, 2000, 'the new job completed');
		expect((await queue.getJob(newJob!.id!))!.returnvalue).toBe('done');
		expect(await overdueEvents(ctx(), id)).toHaveLength(1);
	});

	it('flips each deadline once with two sets of workers, and a repeated check is skipped', async () => {
		// PGlite belongs to one process: its second worker set shares the context; PostgreSQL gets a second context
		const other = name === 'PostgreSQL' ? await createTestContext(config, clock.now) : ctx();
		extra.push({ workers: await startWorkers(other), ctx: other === ctx() ? undefined : other });
		clock.set(new Date(dueOf() - LEAD_MS));
		const results = await s.app.ctx.ingest(Array.from({ length: 20 }, (_, i) => incidentInput({ channel: 'im', receivedAt: received(i * 10) })));
		const ids = results.map((r) => r.row.id);
		await until(async () => (await Promise.all(ids.map(row))).every((r) => r.overdue), 8000, 'all overdue');
		// the same check again, from both contexts at once: the row lock lets nothing through twice
		const again = await Promise.all(
			ids.flatMap((id, i) => {
				const data = { incidentId: id, clock: 'firstAnswer' as const, dueAt: new Date(dueOf(i * 10)).toISOString() };
				return [slaCheck(ctx(), data), slaCheck(other, data)];
			})
		);
		expect(new Set(again)).toEqual(new Set(['skipped']));
		for (const id of ids) expect(await overdueEvents(ctx(), id)).toHaveLength(1);
	});

	it('lets two racing checks of a passed deadline flip it once', async () => {
		const other = extra[0]?.ctx ?? ctx();
		// a deadline that passed before any job could be scheduled: race two checks against each other
		clock.set(new Date(dueOf() + 60_000));
		const [r] = await s.app.ctx.ingest([incidentInput({ channel: 'im', receivedAt: received() })]);
		const data = { incidentId: r.row.id, clock: 'firstAnswer' as const, dueAt: new Date(dueOf()).toISOString() };
		const outcomes = await Promise.all([slaCheck(ctx(), data), slaCheck(other, data), slaCheck(ctx(), data)]);
		expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
		await until(async () => (await row(r.row.id)).overdue, 2000, 'overdue');
		expect(await overdueEvents(ctx(), r.row.id)).toHaveLength(1);
	});

	const ctx = () => s.app.ctx;
	const row = (id: string) => ctx().db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
});

describe.each(backends)('SLA sweep at worker start on %s', (name) => {
	let env: TestEnv;
	let ctx: AppContext;
	let dropDb: (() => Promise<void>) | undefined;
	let workers: WorkersHandle | undefined;
	const clock = testClock('2026-03-10T10:25:00+03:00');

	beforeAll(async () => {
		env = await createTestEnv();
		const database = await databaseFor(name);
		dropDb = database.drop;
		ctx = await createTestContext(env.config(database.overrides), clock.now);
	});
	afterAll(async () => {
		await workers?.close();
		await ctx?.close();
		await dropDb?.();
		await env?.cleanup();
	});

	it('flips deadlines and closes satisfaction windows that passed while nothing ran', async () => {
		// no relay and no workers: nothing is scheduled
		const [late, onTime] = await ctx.ingest([
			incidentInput({ channel: 'im', receivedAt: received() }),
			incidentInput({ channel: 'im', receivedAt: '2026-03-11T10:20:00+03:00' })
		]);
		const [answered] = await ctx.ingest([incidentInput({ channel: 'im', receivedAt: received() })]);
		let version = answered.row.version;
		const steps = [
			{ action: 'take' },
			{ action: 'first_answer', executionDate: '2026-03-13T17:00:00+03:00' },
			{ action: 'assign', departmentId: 'transport_roads', executorDue: '2026-03-12T17:00:00+03:00' },
			{ action: 'submit' },
			{ action: 'approve' },
			{ action: 'approve' },
			{ action: 'publish' }
		] as const;
		for (const step of steps) {
			const out = await performIncidentAction(ctx, answered.row.id, { version, actor: 'Оператор', ...step } as never);
			expect(out.ok, JSON.stringify(out)).toBe(true);
			if (out.ok) version = out.row.version;
		}
		const window = Date.parse((await row(answered.row.id)).deadlines.satisfaction!);
		// the МЦУ was down for two days
		clock.set(new Date(window + 60_000));

		workers = await startWorkers(ctx);
		await until(
			async () => (await row(late.row.id)).overdue && (await row(onTime.row.id)).overdue && (await row(answered.row.id)).status === 'closed',
			8000,
			'the sweep'
		);
		expect(await overdueEvents(ctx, late.row.id)).toHaveLength(1);
		expect((await row(late.row.id)).overdue_since).toEqual(new Date(dueOf()));
		// received a day later, but also past by now
		expect((await row(onTime.row.id)).overdue).toBe(true);

		const closed = await row(answered.row.id);
		expect(closed.lifecycle).toMatchObject({ status: 'closed', resolution: 'accepted_by_silence' });
		const timeout = await ctx.db.selectFrom('incident_events').selectAll().where('incident_id', '=', answered.row.id).where('type', '=', 'satisfaction_timeout').execute();
		expect(timeout).toHaveLength(1);
		expect(timeout[0]).toMatchObject({ actor: 'system', data: { from: 'satisfaction_check', to: 'closed' } });
		expect(closed.overdue).toBe(false);

		const schedulers = await ctx.queues[QueueName.Sla].getJobSchedulers();
		expect(schedulers.map((j) => j.key)).toContain(SLA_SWEEP_SCHEDULER_ID);
	});

	it('does nothing the second time', async () => {
		const { sweepSla } = await import('../../server/incidents/incident-sla.service.ts');
		expect((await sweepSla(ctx)).settled).toBe(0);
	});

	const row = (id: string) => ctx.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
});
