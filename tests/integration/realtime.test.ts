import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/context.ts';
import { createTestDatabase, postgresReachable, skippedWithoutPostgres } from '../support/postgres.ts';
import { SNAPSHOT_WITH_WORDS } from '../../server/realtime/sync.ts';
import { decodeMapPoints } from '../../src/lib/domain/wall/map-points.ts';
import { incidentInput } from '../support/factories.ts';
import { closeApp, listenApp, type ListeningApp } from '../support/listen.ts';
import { TestScreen, until } from '../support/screen.ts';
import { JobName, JobQueue } from '../../server/jobs/names.ts';
import { outboxRepository } from '../../server/db/repositories/outbox.repository.ts';

/** Every incident:created a socket receives, before any dedup: what the server actually broadcast. */
function receipts(screen: TestScreen): Array<{ seq: number; id: string }> {
	const got: Array<{ seq: number; id: string }> = [];
	screen.socket.on('incident:created', (e) => got.push({ seq: e.seq, id: e.incident.id }));
	return got;
}

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

describe('realtime on PGlite', () => {
	let env: TestEnv;
	let s: ListeningApp;
	const screens: TestScreen[] = [];
	const screen = (since: number | null = null) => {
		const sc = new TestScreen(s.url, since);
		screens.push(sc);
		return sc;
	};

	beforeAll(async () => {
		env = await createTestEnv();
		s = await listenApp(env.config({ RUN_WORKERS: 'true' }));
	});
	afterAll(async () => {
		screens.forEach((sc) => sc.close());
		await closeApp(s);
		await env.cleanup();
	});

	it('pushes a new incident to every connected screen without personal data', async () => {
		const a = screen();
		const b = screen();
		await Promise.all([a.synced(), b.synced()]);
		const [r] = await s.app.ctx.ingest([incidentInput({ text: 'Мой телефон 89181234567, нет воды', author: { phone: '89181234567' } })]);
		for (const sc of [a, b]) {
			await sc.waitFor((x) => x.applied.some((e) => e.id === r.row.id && e.type === 'incident:created'), 5000, 'the new incident');
			const seen = sc.applied.find((e) => e.id === r.row.id)!;
			expect(seen.incident.text).not.toContain('89181234567');
			expect(JSON.stringify(seen.incident)).not.toContain('author');
		}
	});

	it('places an incident with coordinates at ingest: it arrives placed, with no second event', async () => {
		const sc = screen();
		await sc.synced();
		// received now: the factory's fixed date would make its deadline past, and the overdue flip is an update too
		const [r] = await s.app.ctx.ingest([incidentInput({ lat: 44.1044, lon: 39.0772, receivedAt: new Date().toISOString() })]);
		await sc.waitFor((x) => x.applied.some((e) => e.id === r.row.id), 5000, 'the new incident');
		const created = sc.applied.find((e) => e.id === r.row.id)!;
		expect(created.type).toBe('incident:created');
		expect(created.incident).toMatchObject({ placement: 'coordinates', settlementId: 'tuapsinskoe' });
		expect(created.incident.settlementName).toMatch(/Туапсинское/);
		// the created event of the history says how it was placed
		const [event] = await s.app.ctx.db.selectFrom('incident_events').select('data').where('incident_id', '=', r.row.id).execute();
		expect(event.data).toMatchObject({ placement: 'coordinates', settlementId: 'tuapsinskoe' });
		await new Promise((res) => setTimeout(res, 300));
		expect(sc.applied.filter((e) => e.id === r.row.id)).toHaveLength(1);
	});

	it('places an incident without coordinates by its address through the worker and publishes the update', async () => {
		const sc = screen();
		await sc.synced();
		const [r] = await s.app.ctx.ingest([incidentInput({ lat: undefined, lon: undefined, address: 'Туапсинский р-н, п. Джубга, ул. Морская, 3' })]);
		expect(r.row.placement).toBe('pending');
		await sc.waitFor((x) => x.applied.some((e) => e.id === r.row.id && e.incident.placement === 'address'), 10_000, 'the placement');
		const placed = sc.applied.find((e) => e.id === r.row.id && e.incident.placement === 'address')!;
		expect(placed.type).toBe('incident:updated');
		expect(placed.incident.settlementName).toMatch(/Джубг/);
	});

	it('gives a reconnecting screen every missed event in order, exactly once', async () => {
		const sc = screen();
		await sc.synced();
		const [first] = await s.app.ctx.ingest([incidentInput()]);
		await sc.waitFor((x) => x.applied.some((e) => e.id === first.row.id), 5000, 'the first incident');
		sc.socket.disconnect();
		const missed = await s.app.ctx.ingest([incidentInput(), incidentInput()]);
		await new Promise((r) => setTimeout(r, 300));
		sc.socket.connect();
		await sc.synced();
		await sc.waitFor((x) => missed.every((m) => x.applied.some((e) => e.id === m.row.id && e.type === 'incident:created')), 5000, 'the missed incidents');
		const seqs = sc.applied.map((e) => e.seq);
		expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
		const created = sc.applied.filter((e) => e.type === 'incident:created').map((e) => e.id);
		expect(new Set(created).size).toBe(created.length);
		expect(sc.syncs.at(-1)!.snapshot).toBeNull();
	});

	it('broadcasts every incident of concurrent batches once, in seq order', async () => {
		const sc = screen();
		const got = receipts(sc);
		await sc.synced();
		const shared = incidentInput();
		const batches = Array.from({ length: 5 }, () => [...Array.from({ length: 20 }, () => incidentInput()), shared]);
		const results = (await Promise.all(batches.map((b) => s.app.ctx.ingest(b)))).flat();
		const ids = [...new Set(results.map((r) => r.row.id))];
		expect(ids).toHaveLength(101);
		await sc.waitFor(() => ids.every((id) => got.some((g) => g.id === id)), 10_000, 'every new incident');
		// anything late would be a second broadcast
		await new Promise((r) => setTimeout(r, 500));
		const mine = got.filter((g) => ids.includes(g.id));
		expect(mine).toHaveLength(ids.length);
		expect(increasing(mine.map((g) => g.seq))).toBe(true);
	});

	it('publishes a bulk batch from the hand-off, reading the outbox back only when poked without rows', async () => {
		const sc = screen();
		const got = receipts(sc);
		await sc.synced();
		// a poke without rows (the 1-s safety net, a worker's write) may read; the statement's own rows must not
		const relay = s.app.relay;
		const poke = relay.poke.bind(relay);
		let rowless = 0;
		relay.poke = (committed) => {
			if (!committed) rowless += 1;
			return poke(committed);
		};
		const reads = vi.spyOn(outboxRepository, 'readAfter');
		try {
			// whole batches of the relay's 500: after such a hand-off a drain used to read once more and find nothing
			const ids = (await s.app.ctx.ingest(Array.from({ length: 1000 }, () => incidentInput()))).map((r) => r.row.id);
			await sc.waitFor(() => ids.every((id) => got.some((g) => g.id === id)), 10_000, 'the batch');
			// the drain after the screens' emit
			await new Promise((r) => setTimeout(r, 300));
			expect(reads.mock.calls.length).toBeLessThanOrEqual(rowless);
		} finally {
			relay.poke = poke;
			reads.mockRestore();
		}
	});

	it('publishes two statements answered out of order from their hand-offs, in seq order, without reading them back', async () => {
		const sc = screen();
		const got = receipts(sc);
		await sc.synced();
		const relay = s.app.relay;
		const poke = relay.poke.bind(relay);
		const reads = vi.spyOn(outboxRepository, 'readAfter');
		let readsMeanwhile = -1;
		let held: Parameters<typeof poke>[0] | null = null;
		// the first statement's rows reach the relay only after the second's: two statements commit in seq order, but
		// their answers may come back the other way round
		relay.poke = (committed) => {
			if (!committed) return poke(committed);
			if (held === null) {
				held = committed;
				return true;
			}
			const before = reads.mock.calls.length;
			const out = poke(committed);
			poke(held);
			readsMeanwhile = reads.mock.calls.length - before;
			return out;
		};
		try {
			// placed at ingest, received just now (each at its own second): no worker writes to the outbox meanwhile
			const t0 = Date.now();
			const input = (i: number) => incidentInput({ lat: 44.1044, lon: 39.0772, receivedAt: new Date(t0 - i * 1000).toISOString() });
			const first = await s.app.ctx.ingest(Array.from({ length: 30 }, (_, i) => input(i)));
			const second = await s.app.ctx.ingest(Array.from({ length: 30 }, (_, i) => input(30 + i)));
			const ids = [...first, ...second].map((r) => r.row.id);
			await sc.waitFor(() => ids.every((id) => got.some((g) => g.id === id)), 10_000, 'both statements');
			await new Promise((r) => setTimeout(r, 300));
			const mine = got.filter((g) => ids.includes(g.id));
			expect(mine.map((g) => g.id)).toEqual(ids);
			expect(increasing(mine.map((g) => g.seq))).toBe(true);
			// the gap before the second statement's rows was the first's: filled by its hand-off, not by a read
			expect(readsMeanwhile).toBe(0);
		} finally {
			relay.poke = poke;
			reads.mockRestore();
		}
	});

	it('gives every new incident without coordinates exactly one placement job', async () => {
		const batches = Array.from({ length: 3 }, () => Array.from({ length: 15 }, () => incidentInput({ lat: undefined, lon: undefined })));
		const ids = (await Promise.all(batches.map((b) => s.app.ctx.ingest(b)))).flat().map((r) => r.row.id);
		const { db, queues } = s.app.ctx;
		await until(
			async () => (await db.selectFrom('incidents').select('placement').where('id', 'in', ids).execute()).every((r) => r.placement !== 'pending'),
			15_000,
			'placement'
		);
		const jobs = await queues[JobQueue[JobName.IncidentPlace]].getJobs(['completed', 'active', 'waiting', 'delayed', 'failed']);
		const placedBy = jobs.filter((j) => j.name === JobName.IncidentPlace).flatMap((j) => (j.data as { incidentIds: string[] }).incidentIds);
		for (const id of ids) expect(placedBy.filter((x) => x === id)).toHaveLength(1);
		const placed = await db.selectFrom('incident_events').select('incident_id').where('type', '=', 'placed').where('incident_id', 'in', ids).execute();
		expect(placed).toHaveLength(ids.length);
	});

	it('sends a first-time screen a snapshot of the window and the counters', async () => {
		// the window is the last days on the real clock, whatever the factory's fixed receipt date
		await s.app.ctx.ingest([incidentInput({ receivedAt: new Date().toISOString() })]);
		const sc = screen();
		await sc.synced();
		const sync = sc.syncs[0];
		expect(sync.snapshot).not.toBeNull();
		expect(sync.snapshot!.length).toBeGreaterThan(0);
		expect(sync.stats.open).toBeGreaterThanOrEqual(sync.snapshot!.filter((i) => i.status !== 'closed').length);
	});

	it('keeps the words of the newest incidents in a snapshot, and only what the map needs of the older ones', async () => {
		const t0 = Date.now() - 3_600_000;
		const inputs = Array.from({ length: SNAPSHOT_WITH_WORDS + 5 }, (_, i) =>
			incidentInput({ receivedAt: new Date(t0 + i * 1000).toISOString(), title: `Жалоба ${i}`, lat: 44.1044, lon: 39.0772 })
		);
		await s.app.ctx.ingest(inputs);
		const sc = screen();
		await sc.synced();
		const { snapshot, points } = sc.syncs[0];
		// the newest whole, newest first, with their words
		expect(snapshot).toHaveLength(SNAPSHOT_WITH_WORDS);
		expect(snapshot!.every((i) => i.text.length > 0)).toBe(true);
		// the older ones as columns of what the map reads, no words at all, continuing exactly where the whole ones stop
		expect(points).not.toBeNull();
		const older = decodeMapPoints(points!);
		expect(JSON.stringify(points)).not.toContain('Жалоба');
		const window = await s.app.ctx.db
			.selectFrom('incidents')
			.select(['id', 'received_at'])
			.where('received_at', '>=', new Date(Date.now() - 7 * 86_400_000))
			.execute();
		// the server's order: newest first, ties by id (uuids compare as their hex text)
		const newestFirst = window
			.sort((a, b) => +new Date(b.received_at) - +new Date(a.received_at) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0))
			.map((r) => r.id);
		expect([...snapshot!, ...older].map((i) => i.id)).toEqual(newestFirst);
		const oldest = older.at(-1)!;
		expect(oldest).toMatchObject({ receivedAt: new Date(t0).toISOString(), lat: 44.1044, lon: 39.0772, status: 'received', hot: false, overdue: false, version: 1 });
	});
});

const hasPostgres = await postgresReachable();
if (!hasPostgres) console.log(skippedWithoutPostgres('the two-server realtime test needs a shared database'));

describe.runIf(hasPostgres)('two servers on one Redis and one PostgreSQL', () => {
	let env: TestEnv;
	let db: Awaited<ReturnType<typeof createTestDatabase>>;
	let a: ListeningApp;
	let b: ListeningApp;

	beforeAll(async () => {
		env = await createTestEnv();
		db = await createTestDatabase();
		const config = env.config({ DATABASE_URL: db.url, RUN_WORKERS: 'true' });
		a = await listenApp(config);
		b = await listenApp(config);
	});
	afterAll(async () => {
		await closeApp(a);
		await closeApp(b);
		await db.drop();
		await env.cleanup();
	});

	it('shows an incident posted to server A on a screen of server B, once', async () => {
		const onB = new TestScreen(b.url);
		const onA = new TestScreen(a.url);
		await Promise.all([onB.synced(), onA.synced()]);
		const [r] = await a.app.ctx.ingest([incidentInput()]);
		await onB.waitFor((x) => x.applied.some((e) => e.id === r.row.id), 5000, 'the incident from A');
		await onA.waitFor((x) => x.applied.some((e) => e.id === r.row.id), 5000, 'the incident on A');
		await new Promise((res) => setTimeout(res, 500));
		expect(onB.applied.filter((e) => e.id === r.row.id && e.type === 'incident:created')).toHaveLength(1);
		expect([a.app.relay.isLeader, b.app.relay.isLeader].filter(Boolean)).toHaveLength(1);
		onA.close();
		onB.close();
	});

	it('shows batches posted to both servers at once on the screens of both, each incident once, in seq order', async () => {
		const onA = new TestScreen(a.url);
		const onB = new TestScreen(b.url);
		const gotA = receipts(onA);
		const gotB = receipts(onB);
		await Promise.all([onA.synced(), onB.synced()]);
		const results = (
			await Promise.all([
				a.app.ctx.ingest(Array.from({ length: 30 }, () => incidentInput())),
				b.app.ctx.ingest(Array.from({ length: 30 }, () => incidentInput())),
				a.app.ctx.ingest(Array.from({ length: 30 }, () => incidentInput()))
			])
		).flat();
		const ids = results.map((r) => r.row.id);
		for (const got of [gotA, gotB]) {
			await until(() => ids.every((id) => got.some((g) => g.id === id)), 10_000, 'every incident on both servers');
		}
		await new Promise((res) => setTimeout(res, 500));
		for (const got of [gotA, gotB]) {
			const mine = got.filter((g) => ids.includes(g.id));
			expect(mine).toHaveLength(ids.length);
			expect(increasing(mine.map((g) => g.seq))).toBe(true);
		}
		onA.close();
		onB.close();
	});

	it('places each incident exactly once with workers in both processes', async () => {
		const results = await a.app.ctx.ingest(Array.from({ length: 40 }, () => incidentInput({ lat: undefined, lon: undefined })));
		const ids = results.map((r) => r.row.id);
		await until(
			async () => {
				const rows = await a.app.ctx.db.selectFrom('incidents').select('placement').where('id', 'in', ids).execute();
				return rows.every((r) => r.placement !== 'pending');
			},
			15_000,
			'placement'
		);
		const events = await a.app.ctx.db.selectFrom('incident_events').select('incident_id').where('type', '=', 'placed').where('incident_id', 'in', ids).execute();
		expect(events).toHaveLength(ids.length);
	});
});
