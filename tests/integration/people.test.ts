import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { createFeed } from '../../server/demo/feed.ts';
import { createPeopleActor, type PeopleActor } from '../../server/demo/people.actor.ts';
import { loadMunicipalityGeo, type IngestClient } from '../../server/demo/simulator.ts';
import { handleActions } from '../../server/incidents/actions.handler.ts';
import { handleGetIncident } from '../../server/incidents/incident.handlers.ts';
import { settleSla } from '../../server/incidents/incident-sla.service.ts';
import type { IncidentInput } from '../../src/lib/domain/incident.ts';
import { incidentPlace } from '../../workers/processors/incident-place.processor.ts';
import { ACTION_NAMES } from '../../src/lib/domain/lifecycle.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { actionRequest } from '../support/factories.ts';

// the demo starts on Tuesday 10 March 2026 at 10:00 Moscow time, with the last 20 hours of the feed behind it
const T0 = Date.parse('2026-03-10T10:00:00+03:00');
const MINUTE = 60_000;
const SPEED = 60;

describe('the demo people against a real server context (PGlite, private redis)', () => {
	let env: TestEnv;
	let ctx: AppContext;
	let now = T0;
	let actor: PeopleActor;
	const ids: string[] = [];
	const requests: Array<{ id: string; action: string; status: number; error?: string }> = [];
	// armed: the next incident the people read is changed at the wall before their action lands
	let interfere = false;
	let interfered: { id: string; at: number } | null = null;

	const wallChange = (id: string, incident: { version: number; hot: boolean }) =>
		handleActions(
			ctx,
			actionRequest(id, { action: incident.hot ? 'unmark_hot' : 'mark_hot', version: incident.version, actor: 'Оператор МЦУ (смена 1)', reason: 'проверка' }),
			id
		);

	// the simulator's client, answered by the route handlers in-process
	const client: IngestClient = {
		postIncidents: async () => {
			throw new Error('not used');
		},
		async request(method, path, body) {
			const read = /^\/api\/v1\/incidents\/([^/]+)$/.exec(path)?.[1];
			if (method === 'GET' && read) {
				const res = await handleGetIncident(ctx, new Request(`http://mcu.test${path}`, { headers: { authorization: 'Bearer test-ingest-token' } }), read);
				const answer = (await res.json()) as { incident: { version: number; hot: boolean } };
				// taken at once: the people's other senders read meanwhile, and only one incident may be changed
				if (interfere && res.status === 200) {
					interfere = false;
					const at = requests.length;
					if ((await wallChange(read, answer.incident)).status === 200) interfered = { id: read, at };
					else interfere = true;
				}
				return { status: res.status, body: answer };
			}
			const id = /^\/api\/v1\/incidents\/([^/]+)\/actions$/.exec(path)?.[1];
			if (method !== 'POST' || !id) throw new Error(`unexpected ${method} ${path}`);
			const res = await handleActions(ctx, actionRequest(id, body), id);
			const answer = (await res.json()) as { error?: string };
			requests.push({ id, action: (body as { action: string }).action, status: res.status, error: answer.error });
			return { status: res.status, body: answer };
		}
	};

	async function ingest(inputs: IncidentInput[], live: boolean): Promise<string[]> {
		const results = await ctx.ingest(inputs);
		const incidentIds = results.map((r) => r.row.id);
		// the placement worker bumps every new incident's version; in the demo it often lands before the first action
		await incidentPlace(ctx, { incidentIds });
		results.forEach((r, i) => actor.onIngested!({ input: inputs[i]!, id: r.row.id, created: r.created, live }));
		return incidentIds;
	}

	const events = (id: string) =>
		ctx.db.selectFrom('incident_events').select(['type', 'actor', 'data', 'at']).where('incident_id', '=', id).orderBy('id').execute();

	beforeAll(async () => {
		env = await createTestEnv();
		ctx = await createTestContext(env.config(), () => new Date(now));
		actor = createPeopleActor({
			seed: 23,
			speed: SPEED,
			startMs: T0,
			now: () => now,
			maxRequestsPerSecond: 2_000,
			logger: { info: () => {}, warn: () => {} }
		});
		const geo = loadMunicipalityGeo(process.cwd(), 'tuapse');
		const feed = createFeed({ seed: 23, places: geo.places, settlements: geo.settlements });
		// every 8th item of the past 20 hours: a few dozen incidents over every channel
		const past = feed.between(new Date(T0 - 20 * 60 * MINUTE), new Date(T0)).filter((_, i) => i % 8 === 0);
		ids.push(...(await ingest(past, false)));
	}, 60_000);

	afterAll(async () => {
		await ctx?.close();
		await env?.cleanup();
	});

	it('replays the past at once, then plays the live hours: incidents close through legal actions and some turn overdue', async () => {
		expect(ids.length).toBeGreaterThan(20);
		await actor.drain(new Date(now), client);
		const afterReplay = actor.stats();
		expect(afterReplay.pastPlanned).toBeGreaterThan(ids.length);
		expect(Object.values(afterReplay.actions).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(afterReplay.pastPlanned - 5);

		// the people read every incident before acting: the placement's version bump met no 409
		expect(afterReplay.stale).toBe(0);
		expect(afterReplay.reads).toBeGreaterThanOrEqual(afterReplay.pastPlanned - 5);

		// a change at the wall between a read and the action: the action must refresh and retry, not give up
		interfere = true;

		// two wall hours at speed 60 (about five story days); the SLA jobs are played by settleSla every 5 minutes
		const feed = createFeed({ seed: 23, places: loadMunicipalityGeo(process.cwd(), 'tuapse').places, settlements: loadMunicipalityGeo(process.cwd(), 'tuapse').settlements });
		const live = feed.between(new Date(T0), new Date(T0 + 30 * MINUTE)).filter((_, i) => i % 4 === 0);
		let nextLive = 0;
		for (let step = 0; now < T0 + 120 * MINUTE; step++) {
			now += 20_000;
			const due: IncidentInput[] = [];
			while (nextLive < live.length && Date.parse(live[nextLive]!.receivedAt) <= now) due.push(live[nextLive++]!);
			if (due.length) ids.push(...(await ingest(due, true)));
			if (step % 15 === 0) for (const id of ids) await settleSla(ctx, id);
			await actor.drain(new Date(now), client);
		}
		for (const id of ids) await settleSla(ctx, id);

		const stats = actor.stats();
		expect(stats.failed).toBe(0);
		expect(stats.invalid).toBe(0);
		expect(requests.filter((r) => r.status === 400)).toEqual([]);
		expect(stats.actions.take).toBeGreaterThan(10);
		expect(stats.actions.approve).toBeGreaterThan(10);
		expect(stats.actions.publish).toBeGreaterThan(5);

		const rows = (await ctx.db.selectFrom('incidents').select(['id', 'status', 'lifecycle', 'overdue', 'channel']).where('id', 'in', ids).execute()).map((r) => ({
			...r,
			resolution: (r.lifecycle as { resolution?: string | null }).resolution ?? null
		}));
		const closed = rows.filter((r) => r.status === 'closed');
		expect(closed.length).toBeGreaterThanOrEqual(5);
		const legal = new Set<string>([...ACTION_NAMES, 'created', 'ingested', 'placed', 'overdue', 'satisfaction_timeout']);
		let overdueFlips = 0;
		let peopleActions = 0;
		for (const row of rows) {
			const history = await events(row.id);
			for (const e of history) {
				if (e.type === 'overdue' && new Date(e.at).getTime() > T0) overdueFlips++;
				if (e.actor.startsWith('Оператор МЦУ') || e.actor.startsWith('Исполнитель') || e.actor === 'Заявитель') peopleActions++;
			}
			const types = history.map((e) => e.type);
			for (const t of types) expect(legal.has(t) || t.startsWith('incident'), `${row.channel}: ${t}`).toBe(true);
			if (row.status === 'closed' && row.resolution !== 'dismissed') expect(types).toContain('take');
		}
		// the people's lateness shows: deadlines passed while a step was pending
		expect(overdueFlips).toBeGreaterThan(0);
		expect(peopleActions).toBeGreaterThan(50);
		// no real names: roles and departments only
		const actors = await ctx.db.selectFrom('incident_events').select('actor').distinct().where('incident_id', 'in', ids).execute();
		for (const { actor: a } of actors) expect(a).toMatch(/^(Оператор МЦУ|Исполнитель — |Руководитель — |Куратор ЦУР|Заместитель главы|Заявитель|Модератор ПОС|system$|[a-z]+\.[a-z0-9]+$)/);
		// the wall's change made the one stale answer; refreshed from it, the same action went through
		expect(interfered).not.toBeNull();
		const [stale, retry] = requests.slice(interfered!.at).filter((r) => r.id === interfered!.id);
		expect(stale).toMatchObject({ status: 409, error: 'stale version' });
		expect(retry).toMatchObject({ action: stale!.action, status: 200 });
		// settleSla's overdue flips between drains moved versions too; the reads kept them from the people
		expect(stats.stale).toBe(1);
		console.log(
			`people: ${ids.length} incidents, ${closed.length} closed, ${overdueFlips} overdue flips, ${rows.filter((r) => r.overdue).length} overdue now;`,
			JSON.stringify(stats)
		);
	}, 240_000);
});
