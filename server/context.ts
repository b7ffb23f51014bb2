import { randomUUID } from 'node:crypto';
import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { incidentRepository, type IncidentRow } from './db/repositories/incident.repository.ts';
import { outboxRepository, type OutboxEntry } from './db/repositories/outbox.repository.ts';
import { toIncident } from './incidents/incident.view.ts';
import { createIngest, type IngestResult } from './ingest/ingest.service.ts';
import { createQueues, type Queues } from './jobs/enqueue.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { loadMunicipality, resolveMunicipalityDir, type LoadedMunicipality } from './municipality/load.ts';
import { createRedis, type Redis } from './redis.ts';
import { settleWithin } from './settle.ts';
import { pokeChannel } from './realtime/relay.ts';
import { calendarDaysRepository } from './calendar/calendar-days.repository.ts';
import { calendarChannel } from './calendar/calendar.service.ts';
import { placeByPoint } from '#domain/geo/place-incident.ts';
import { withLocalDays } from '#domain/calendar/local-days.ts';
import type { Incident, IncidentInput, WallStats } from '#domain/incident.ts';
import { computeDeadlines, russianCalendar, startOfLocalDay, type WorkCalendar } from '#domain/sla.ts';
import { routeIncident } from '#domain/geo/routing.ts';

export interface AppContext {
	config: Config;
	logger: Logger;
	db: Db;
	dbKind: 'postgres' | 'pglite';
	redis: Redis;
	queues: Queues;
	metrics: Metrics;
	municipality: LoadedMunicipality;
	/** the official calendar in the municipality's zone with its own days applied; replaced when they change */
	readonly calendar: WorkCalendar;
	/** re-reads the municipality's own calendar days */
	reloadCalendar(): Promise<void>;
	now(): Date;
	toIncident(row: IncidentRow): Incident;
	ingest(inputs: IncidentInput[]): Promise<IngestResult[]>;
	stats(): Promise<WallStats>;
	/** something was committed to the outbox: wake the relay, wherever it runs (`committed`: its rows, when known) */
	notifyOutbox(committed?: OutboxEntry[]): void;
	/** this process, as its pokes name it */
	readonly instanceId: string;
	/** the relay of this process, when it runs one: true when it leads, and so publishes the rows itself */
	onOutbox?: (committed?: OutboxEntry[]) => boolean;
	ready(): Promise<{ db: boolean; redis: boolean }>;
	close(): Promise<void>;
}

export interface ContextOptions {
	logger?: Logger;
	now?: () => Date;
}

/** Everything a process needs, built from config; tests call it too. */
export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
	const logger = opts.logger ?? createLogger(config.logLevel);
	const now = opts.now ?? (() => new Date());
	const municipality = loadMunicipality(resolveMunicipalityDir(config.municipality, config.db.dataDir));
	const officialCalendar = russianCalendar(municipality.municipality.timeZone);
	const handle = await openDatabase({ url: config.db.url, dataDir: config.db.dataDir });
	const applied = await migrate(handle.db);
	if (applied.length) logger.info({ applied, db: handle.kind }, 'migrations applied');
	const redis = createRedis(config.redis.url, 'producer');
	const queueConnection = createRedis(config.redis.url, 'producer');
	const queues = createQueues(queueConnection, config.redis.prefix);
	const metrics = createMetrics();
	const names = new Map(municipality.settlements.features.map((f) => [f.properties.id, f.properties.name_ru]));
	const settlementName = (id: string) => names.get(id);
	const { db } = handle;
	const localCalendar = async () => withLocalDays(officialCalendar, await calendarDaysRepository.list(db));
	let calendar = await localCalendar();
	// a change made through another process reaches this one here
	const calendarSub = createRedis(config.redis.url, 'consumer');
	calendarSub.on('message', () => {
		ctx.reloadCalendar().catch((err: unknown) => logger.error({ err }, 'calendar reload failed'));
	});
	calendarSub.subscribe(calendarChannel(config.redis.prefix)).catch((err: unknown) => logger.error({ err }, 'calendar subscription failed'));

	const instanceId = randomUUID();
	const views = new WeakMap<IncidentRow, Incident>();
	const ctx: AppContext = {
		instanceId,
		config,
		logger,
		db,
		dbKind: handle.kind,
		redis,
		queues,
		metrics,
		municipality,
		get calendar() {
			return calendar;
		},
		async reloadCalendar() {
			calendar = await localCalendar();
		},
		now,
		toIncident: (row) => {
			// a row ingest just stored is shown by the relay and answered to its sender: one view serves both
			let view = views.get(row);
			if (!view) views.set(row, (view = toIncident(row, settlementName)));
			return view;
		},
		ingest: createIngest({
			db,
			route: (i) => routeIncident(i, municipality.municipality),
			deadlines: (i) => deadlinesIso(i, ctx.calendar),
			place: (i) => placeByPoint(i, municipality.index),
			// this process's relay, when it leads, publishes these rows without reading them back
			committed: (outbox) => ctx.notifyOutbox(outbox)
		}),
		stats: () => incidentRepository.stats(db, startOfLocalDay(now(), officialCalendar.timeZone)),
		notifyOutbox(committed) {
			// the other processes' relays, unless this one leads: they would ignore the message (a Redis round trip
			// per commit at a live feed's pace), and a leader elected meanwhile polls every second anyway
			if (ctx.onOutbox?.(committed)) return;
			redis.publish(pokeChannel(config.redis.prefix), instanceId).catch(() => {});
		},
		async ready() {
			const [dbOk, redisOk] = await Promise.all([
				outboxRepository.cursor(db).then(() => true, () => false),
				redis.ping().then((r) => r === 'PONG', () => false)
			]);
			return { db: dbOk, redis: redisOk };
		},
		async close() {
			// a queue closed while it still initialises on a shared connection rejects unhandled (bullmq drops its
			// listeners first), so let the start finish; a Redis that is down gets a bounded wait
			await settleWithin(Promise.all(Object.values(queues).map((q) => q.waitUntilReady())), 2000);
			await Promise.all(Object.values(queues).map((q) => q.close().catch(() => {})));
			// a queue does not close a connection it was given
			queueConnection.disconnect();
			calendarSub.disconnect();
			redis.disconnect();
			await handle.close();
		}
	};
	metrics.setCollectors({
		sockets: () => 0,
		outboxLag: async () => (await outboxRepository.maxSeq(db)) - (await outboxRepository.cursor(db))
	});
	return ctx;
}

function deadlinesIso(input: IncidentInput, cal: WorkCalendar): Record<string, string> {
	const d = computeDeadlines(
		{
			channel: input.channel,
			receivedAt: new Date(input.receivedAt),
			urgent: input.urgent,
			dueAt: input.dueAt ? new Date(input.dueAt) : undefined
		},
		cal
	);
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(d)) if (v instanceof Date) out[k] = v.toISOString();
	return out;
}
