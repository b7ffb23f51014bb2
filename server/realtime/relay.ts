import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { WALL_ROOM, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents, type SocketData } from '#contracts/events.ts';
import type { Incident, WallStats } from '#domain/incident.ts';
import type { Db } from '../db/client.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';
import { outboxRepository, type OutboxEntry } from '../db/repositories/outbox.repository.ts';
import { Broadcast } from './broadcast.ts';
import { Coalesced } from './coalesced.ts';
import { PendingJobs, type JobsDue } from './pending-jobs.ts';
import { enqueueMetricsApply, enqueuePlacement, enqueueSlaSchedule, type Queues } from '../jobs/enqueue.ts';
import type { Logger } from '../logger.ts';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface RelayDeps {
	db: Db;
	redis: Redis;
	subscriber: Redis;
	prefix: string;
	/** this process's id in poke messages: its own pokes reach it directly, not through Redis */
	selfId: string;
	io: IoServer;
	queues: Queues;
	logger: Logger;
	toIncident(row: IncidentRow): Incident;
	stats(): Promise<WallStats>;
}

const LEASE_MS = 5000;
const BATCH = 500;
const METRICS_EVERY_MS = 200;
const JOBS_EVERY_MS = 100;
/** past this many incidents waiting for their jobs, a drain waits for the enqueue (Redis slow or away) */
const PENDING_JOBS_MAX = 20_000;
const CURSOR_EVERY_MS = 200;
const HANDED_MAX = 10_000;
/** how long handed-over rows wait behind a gap for the rows before them to be handed over too, before a read */
const GAP_WAIT_MS = 25;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export const pokeChannel = (prefix: string) => `${prefix}:outbox:poke`;

/**
 * Publishes committed outbox rows to every screen, in seq order (the other processes' through broadcast.ts), and
 * asks for their jobs. One relay leads at a time (a Redis lease), so N server processes broadcast each event once.
 */
export class OutboxRelay {
	readonly #id = randomUUID();
	readonly #deps: RelayDeps;
	#leader = false;
	/** the last seq a drain went through: shown on the screens, its jobs collected */
	#published = 0;
	/** the last seq whose jobs are enqueued: what the stored cursor may say */
	#enqueued = 0;
	/** the last seq shown on the screens; ahead of `#published` while handed-over rows wait for their drain */
	#emitted = 0;
	#draining: Promise<void> | null = null;
	#again = false;
	/**
	 * Something may be committed that was not handed over (another process's or a worker's write, a lost poke), so
	 * the next drain reads the database even when the handed-over rows follow on without a gap
	 */
	#mustRead = false;
	/** handed-over rows wait behind a gap; when it fires, the drain reads the gap from the database */
	#gapTimer: NodeJS.Timeout | null = null;
	#statsTimer: NodeJS.Timeout | null = null;
	/** a stats count and emit in progress: stop waits for it, so it never emits through a closed connection */
	#statsRun: Promise<void> | null = null;
	/** how long the last counters' query took: the next one waits at least 10× that (see #scheduleStats) */
	#statsCostMs = 0;
	#metricsUpTo = 0;
	/**
	 * The metric aggregates follow the same outbox with their own cursor, and one MetricsApply applies everything
	 * committed before it runs: one enqueue per 200 ms carries every drain of that time (the id dedupes a
	 * re-publish; the every-5-s scheduler covers a crash before the timer fires).
	 */
	readonly #metrics = new Coalesced(METRICS_EVERY_MS, async () => {
		if (this.#metricsUpTo === 0) return;
		await enqueueMetricsApply(this.#deps.queues, this.#metricsUpTo).catch((err) => this.#deps.logger.warn({ err }, 'MetricsApply enqueue failed'));
	});
	/**
	 * Jobs wait up to 100 ms to go together: at a live feed's pace a drain publishes one row, and Redis work per
	 * row (the job, its events, its processing) was most of an incident's cost on its way to the screens. One
	 * enqueue at a time, so the cursor never passes rows whose jobs are still on their way.
	 */
	readonly #pendingJobs = new PendingJobs();
	#enqueueing: Promise<void> = Promise.resolve();
	readonly #jobs = new Coalesced(JOBS_EVERY_MS, () => (this.#enqueueing = this.#enqueueing.then(() => this.#enqueueJobs())));
	/**
	 * The stored cursor only says where a new leader starts re-publishing (screens drop repeats by seq, job ids
	 * dedupe), so it is written at most every 200 ms rather than once per drain, which would put a database
	 * round trip between one batch and the next.
	 */
	readonly #cursor = new Coalesced(CURSOR_EVERY_MS, async () => {
		if (this.#enqueued === 0) return;
		await outboxRepository.advanceCursor(this.#deps.db, this.#enqueued).catch((err) => this.#deps.logger.warn({ err }, 'relay cursor write failed'));
	});
	/** rows this process committed, by seq, waiting for a drain */
	readonly #handed = new Map<number, OutboxEntry>();
	readonly #broadcast: Broadcast;
	#timers: NodeJS.Timeout[] = [];
	#stopped = false;

	constructor(deps: RelayDeps) {
		this.#deps = deps;
		this.#broadcast = new Broadcast({ io: deps.io, redis: deps.redis, db: deps.db, prefix: deps.prefix, selfId: deps.selfId, logger: deps.logger, toIncident: deps.toIncident });
	}

	get isLeader(): boolean {
		return this.#leader;
	}
	get publishedSeq(): number {
		return this.#published;
	}

	async start(): Promise<void> {
		const { subscriber, prefix } = this.#deps;
		await subscriber.subscribe(pokeChannel(prefix));
		// buffers, not strings: with a 'message' listener ioredis decodes every message, published batches too
		const poke = Buffer.from(pokeChannel(prefix));
		const self = Buffer.from(this.#deps.selfId);
		subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
			if (channel.equals(poke) && !message.equals(self)) this.poke();
		});
		await this.#broadcast.listen(subscriber);
		await this.#elect();
		this.#timers.push(setInterval(() => void this.#elect(), LEASE_MS / 5));
		// a safety net: pokes can be lost with a Redis blip; stats refresh also rolls "today" over
		this.#timers.push(setInterval(() => this.poke(), 1000));
		this.#timers.push(setInterval(() => this.#scheduleStats(0), 30_000));
	}

	/**
	 * Something was committed: publish it now (no-op unless this relay leads; says whether it does). `committed` are
	 * rows this process just wrote, which a drain publishes without reading them back when they follow on from what
	 * it published.
	 */
	poke(committed?: OutboxEntry[]): boolean {
		if (!this.#leader || this.#stopped) return false;
		if (committed) {
			this.#handOver(committed);
			this.#emitHandedOver();
		} else this.#mustRead = true;
		this.#startDrain();
		return true;
	}

	/** one drain at a time; a poke meanwhile runs one more after it */
	#startDrain(): void {
		if (this.#draining) {
			this.#again = true;
			return;
		}
		this.#draining = this.#drain().finally(() => {
			this.#draining = null;
			if (this.#again && this.#leader && !this.#stopped) {
				this.#again = false;
				this.#startDrain();
			}
		});
	}

	/** Publishes what is committed, then gives up the lease. */
	async stop(): Promise<void> {
		// no new drain, election or timer from here: a late one would find the queues' connection closed
		this.#stopped = true;
		for (const t of this.#timers) clearInterval(t);
		this.#clearGapWait();
		if (this.#statsTimer) clearTimeout(this.#statsTimer);
		this.#statsTimer = null;
		await this.#statsRun;
		if (this.#leader) {
			await this.#draining;
			this.#mustRead = true;
			await this.#drain().catch(() => {});
		}
		await this.#broadcast.stop();
		await this.#jobs.flush();
		await this.#metrics.flush();
		await this.#cursor.flush();
		if (this.#leader) await this.#deps.redis.eval(RELEASE, 1, this.#leaseKey, this.#id).catch(() => {});
		this.#leader = false;
	}

	get #leaseKey(): string {
		return `${this.#deps.prefix}:relay:leader`;
	}

	async #elect(): Promise<void> {
		if (this.#stopped) return;
		const { redis, db, logger } = this.#deps;
		try {
			if (this.#leader) {
				const renewed = await redis.eval(RENEW, 1, this.#leaseKey, this.#id, String(LEASE_MS));
				if (renewed !== 1) {
					this.#leader = false;
					this.#handed.clear();
					logger.warn('relay lost its lease');
				}
				return;
			}
			const got = await redis.set(this.#leaseKey, this.#id, 'PX', LEASE_MS, 'NX');
			if (got === 'OK') {
				// start where the stored cursor is: a former leader emits and enqueues before it moves the cursor (and
				// writes it late), so from there on nothing is missed; screens drop what they have by seq, job ids make
				// re-enqueueing harmless
				this.#published = await outboxRepository.cursor(db);
				this.#emitted = this.#published;
				this.#enqueued = this.#published;
				this.#leader = true;
				logger.info({ from: this.#published }, 'relay leads');
				this.poke();
				this.#scheduleStats(0);
			}
		} catch (err) {
			logger.warn({ err }, 'relay election failed');
		}
	}

	async #drain(): Promise<void> {
		const { db, logger } = this.#deps;
		try {
			for (;;) {
				let rows = this.#takeHandedOver();
				const handed = rows !== null;
				if (rows) this.#clearGapWait();
				else {
					// handed-over rows alone, all published: nothing to read (a bulk load's statements of 500 rows and more
					// each cost a read that found nothing). What a poke announced is read
					if (!this.#mustRead && this.#handed.size === 0) return;
					// handed-over rows behind a gap: most often this process's other statement, committed first (seq order
					// is commit order) but answered second, whose rows are a moment away. At 200 incidents/s that was 400
					// reads in 35 s; they wait for the hand-off, and for a read only if it does not come
					if (!this.#mustRead) {
						this.#gapTimer ??= setTimeout(() => {
							this.#gapTimer = null;
							this.#mustRead = true;
							if (this.#leader && !this.#stopped) this.#startDrain();
						}, GAP_WAIT_MS);
						return;
					}
					this.#mustRead = false;
					this.#clearGapWait();
					rows = await outboxRepository.readAfter(db, this.#published, BATCH);
				}
				if (rows.length === 0) return;
				const last = rows[rows.length - 1].seq;
				// the screens first: they are what waits. A screen that connects meanwhile reads up to the newest
				// committed seq (see buildSync), and one that got these rows twice drops the repeat by seq
				// here, and on the other processes' screens by its seq range; one connection keeps the order
				this.#broadcast.publish(rows.filter((r) => r.seq > this.#emitted));
				this.#emitted = Math.max(this.#emitted, last);
				// then the jobs, merged with the next drains' (idempotent ids), then the cursor: a crash in between
				// re-publishes from the cursor, which screens drop by seq and job ids dedupe, and never loses a job
				this.#pendingJobs.add(rows);
				this.#jobs.schedule();
				this.#metricsUpTo = Math.max(this.#metricsUpTo, last);
				this.#metrics.schedule();
				this.#published = last;
				this.#scheduleStats(250);
				if (this.#pendingJobs.size > PENDING_JOBS_MAX) await this.#jobs.flush();
				// a full batch read may have more behind it
				if (!handed && rows.length === BATCH) this.#mustRead = true;
			}
		} catch (err) {
			this.#mustRead = true;
			logger.error({ err }, 'relay drain failed; retrying on the next poke');
		}
	}

	/** never rejects: what failed waits for the next round */
	async #enqueueJobs(): Promise<void> {
		const { queues, logger } = this.#deps;
		const due: JobsDue = this.#pendingJobs.take();
		try {
			await Promise.all([
				enqueuePlacement(queues, due.place),
				enqueueSlaSchedule(queues, [...due.timed].map(([incidentId, version]) => ({ incidentId, version })))
			]);
			this.#enqueued = Math.max(this.#enqueued, due.upTo);
			this.#cursor.schedule();
		} catch (err) {
			this.#pendingJobs.restore(due);
			if (!this.#stopped) this.#jobs.schedule();
			logger.warn({ err }, 'relay job enqueue failed; retrying');
		}
	}

	#clearGapWait(): void {
		if (this.#gapTimer) clearTimeout(this.#gapTimer);
		this.#gapTimer = null;
	}

	#handOver(entries: OutboxEntry[]): void {
		// a bound, should drains fall behind: past it the rows are read back from the database as before
		if (this.#handed.size + entries.length > HANDED_MAX) {
			this.#handed.clear();
			this.#mustRead = true;
		}
		for (const e of entries) if (e.seq > this.#published) this.#handed.set(e.seq, e);
	}

	/**
	 * Shows the handed-over rows that follow on from what the screens have, right away: a drain still busy (reading
	 * a gap from the database) would hold them back a round trip. Their jobs and the cursor follow in the drain,
	 * which skips what was emitted. A gap waits for the drain, which reads it from the database, so order holds.
	 */
	#emitHandedOver(): void {
		const rows = this.#handedFrom(this.#emitted + 1);
		if (rows.length === 0) return;
		try {
			this.#broadcast.publish(rows);
			this.#emitted = rows[rows.length - 1].seq;
		} catch (err) {
			// the drain emits them instead; the caller is an ingest that has committed and must not fail for this
			this.#deps.logger.warn({ err }, 'relay hand-off emit failed');
		}
	}

	/**
	 * The handed-over rows that follow on from the published seq without a gap, or null when the next one is not
	 * among them (another process's or a worker's write, or a statement whose rows are still on their way): seq
	 * order is commit order, so a gap is only ever filled by reading the database.
	 */
	#takeHandedOver(): OutboxEntry[] | null {
		const rows = this.#handedFrom(this.#published + 1);
		for (const seq of this.#handed.keys()) if (seq <= this.#published + rows.length) this.#handed.delete(seq);
		return rows.length > 0 ? rows : null;
	}

	/** the handed-over rows from `seq` on, up to the first gap (at most a batch) */
	#handedFrom(seq: number): OutboxEntry[] {
		const rows: OutboxEntry[] = [];
		for (let e = this.#handed.get(seq); e && rows.length < BATCH; e = this.#handed.get(++seq)) rows.push(e);
		return rows;
	}

	#scheduleStats(delayMs: number): void {
		if (this.#statsTimer || !this.#leader || this.#stopped) return;
		// counting takes longer as the open incidents grow: spacing the counts by 10× their cost keeps them under a
		// tenth of one database connection's time while a feed runs, whatever the size
		this.#statsTimer = setTimeout(() => {
			this.#statsTimer = null;
			this.#statsRun = this.#emitStats().finally(() => (this.#statsRun = null));
		}, delayMs > 0 ? Math.max(delayMs, 10 * this.#statsCostMs) : 0);
	}

	async #emitStats(): Promise<void> {
		try {
			const started = performance.now();
			const stats = await this.#deps.stats();
			this.#statsCostMs = performance.now() - started;
			// stopped meanwhile: the screens get the counts from the next leader, or at their next sync
			if (!this.#stopped) this.#deps.io.to(WALL_ROOM).emit('stats:updated', { seq: this.#published, stats });
		} catch (err) {
			this.#deps.logger.warn({ err }, 'stats failed');
		}
	}
}
