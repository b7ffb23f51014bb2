import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import { startApp, type App } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import { outboxRepository } from '../../server/db/repositories/outbox.repository.ts';
import { JobName, JobQueue, type JobPayloads } from '../../server/jobs/names.ts';
import { createTestEnv, type TestEnv } from '../support/context.ts';
import { backendsUnderTest, databaseFor } from '../support/backends.ts';
import { incidentInput } from '../support/factories.ts';
import { until } from '../support/screen.ts';

const backends = await backendsUnderTest('relay jobs run');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The jobs the relay asks for as a live feed arrives, one incident at a time. No workers run here, so every job
 * the relay enqueued is still in its queue to be counted.
 */
describe.each(backends)('relay jobs of a live feed on %s', (name) => {
	let env: TestEnv;
	let app: App;
	let server: http.Server;
	let dropDb: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		env = await createTestEnv();
		const database = await databaseFor(name);
		dropDb = database.drop;
		server = http.createServer((_req, res) => res.writeHead(404).end());
		app = await startApp(env.config({ RUN_WORKERS: 'false', ...database.overrides }), server, { logger: createLogger('silent') });
	});
	afterAll(async () => {
		await app.close();
		await dropDb?.();
		await env?.cleanup();
	});
	afterEach(async () => {
		for (const q of Object.values(app.ctx.queues)) await q.obliterate({ force: true });
	});

	const jobsOf = async <N extends typeof JobName.SlaSchedule | typeof JobName.IncidentPlace>(jobName: N) =>
		((await app.ctx.queues[JobQueue[jobName]].getJobs(['waiting', 'prioritized', 'delayed'])) as Job<JobPayloads[N]>[]).filter((j) => j.name === jobName);
	const scheduled = async () => (await jobsOf(JobName.SlaSchedule)).flatMap((j) => j.data.incidents.map((i) => i.incidentId));
	const toPlace = async () => (await jobsOf(JobName.IncidentPlace)).flatMap((j) => j.data.incidentIds);
	/** incidents sent one by one, a few ms apart, as a live feed's are: each is its own statement and drain */
	const feed = async (n: number) => {
		const ids: string[] = [];
		for (let i = 0; i < n; i++) {
			// no coordinates and no settlement: each one waits for its placing job
			const [r] = await app.ctx.ingest([incidentInput({ lat: undefined, lon: undefined, receivedAt: new Date().toISOString() })]);
			ids.push(r.row.id);
			await sleep(3);
		}
		return ids;
	};

	it('gives a live feed’s incidents a few shared jobs, and every incident its placing and its deadlines', async () => {
		const startedAt = Date.now();
		const ids = await feed(40);
		// one enqueue per 100 ms at most: the windows the feed spanned, and the one its last drain opened
		const windows = Math.ceil((Date.now() - startedAt) / 100) + 1;
		await until(async () => new Set(await scheduled()).size === ids.length && new Set(await toPlace()).size === ids.length, 5000, 'every incident in a job');
		expect(new Set(await scheduled())).toEqual(new Set(ids));
		expect(new Set(await toPlace())).toEqual(new Set(ids));
		// one job per incident was the old way: forty of each, over a feed that took well under four seconds
		console.log(`relay jobs on ${name}: 40 incidents in ${windows - 1} windows of 100 ms → ${(await jobsOf(JobName.SlaSchedule)).length} SlaSchedule jobs`);
		expect((await jobsOf(JobName.SlaSchedule)).length).toBeLessThanOrEqual(windows);
		expect((await jobsOf(JobName.IncidentPlace)).length).toBeLessThanOrEqual(windows);
	});

	it('keeps the stored cursor behind rows whose jobs are not enqueued yet, and enqueues them once Redis answers', async () => {
		const queue = app.ctx.queues[JobQueue[JobName.SlaSchedule]];
		const addBulk = queue.addBulk.bind(queue);
		let fail!: (err: Error) => void;
		// the first enqueue hangs, then fails, as a Redis that went away does
		queue.addBulk = (() => new Promise((_resolve, reject) => (fail = reject))) as typeof queue.addBulk;
		try {
			const before = await outboxRepository.maxSeq(app.ctx.db);
			const ids = await feed(5);
			const newest = await outboxRepository.maxSeq(app.ctx.db);
			await until(() => fail !== undefined, 3000, 'the relay enqueueing');
			await sleep(600);
			// a relay that dies now restarts from the cursor, so it must still be short of these rows
			expect(await outboxRepository.cursor(app.ctx.db)).toBeLessThanOrEqual(before);
			queue.addBulk = addBulk;
			fail(new Error('Connection is closed.'));
			await until(async () => new Set(await scheduled()).size === ids.length, 5000, 'the jobs enqueued on retry');
			expect(new Set(await scheduled())).toEqual(new Set(ids));
			await until(async () => (await outboxRepository.cursor(app.ctx.db)) === newest, 3000, 'the cursor past them');
		} finally {
			queue.addBulk = addBulk;
		}
	});
});
