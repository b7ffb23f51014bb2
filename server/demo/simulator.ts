/**
 * The demo simulator: posts the seeded feed (./feed.ts) through the public ingest API.
 *
 * 1. Backfill: the last `backfillHours` of the timeline at speed 1, in batches of ≤ 500. The timeline is a pure
 *    function of (seed, time), so running it twice over an overlapping window re-sends the same
 *    (source, externalId) pairs and the server answers 200 duplicate instead of storing new rows.
 * 2. Live: the same timeline from the start instant on, at `speed` × the daily rhythm; each item is posted when
 *    its receivedAt comes (one request each, a small batch when several fall due together). The live items of
 *    speed 1 are the very items a later backfill regenerates, so a restart never doubles a past hour.
 *
 * Network errors, 408, 429 and 5xx are retried with jittered exponential backoff; 400 is counted and logged;
 * 401/403 stop the simulator. Runnable directly:
 *   node --import tsx server/demo/simulator.ts --url http://127.0.0.1:3000 --token X [--speed 10]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { IncidentInput } from '#domain/incident.ts';
import { createFeed, type Feed, type FeedMunicipality, type PlaceFeature, type SettlementFeature, type TimedIncident } from './feed.ts';

export interface SimulatorLogger {
	info(obj: object, msg?: string): void;
	warn?(obj: object, msg?: string): void;
	error?(obj: object, msg?: string): void;
}

/** What a later "people" module plugs in: it sees every acknowledged incident and acts on the API over time. */
export interface SimulatorActor {
	name: string;
	/** every incident the API acknowledged, new or duplicate (`id` when the response carried one) */
	onIngested?(e: { input: IncidentInput; id: string | null; created: boolean; live: boolean }): void;
	/** about once a second during the live phase */
	tick?(now: Date, client: IngestClient): Promise<void>;
}

export interface SimulatorOptions {
	baseUrl: string;
	token: string;
	/** multiplier of the realistic rate; the backfill always uses the realistic rate */
	speed?: number;
	backfillHours?: number;
	seed?: number | string;
	logger?: SimulatorLogger;
	signal?: AbortSignal;
	/** project root holding static/municipalities/<municipality>/ (default: process.cwd()) */
	root?: string;
	municipality?: string;
	/** geodata instead of reading static/ (tests) */
	geo?: MunicipalityGeo;
	batchSize?: number;
	actors?: SimulatorActor[];
	/** the clock, epoch ms (tests) */
	now?: () => number;
	logIntervalMs?: number;
}

export interface SimulatorCounts {
	sent: number;
	created: number;
	duplicates: number;
	rejected: number;
	failed: number;
}

export interface SimulatorStats {
	phase: 'backfill' | 'live' | 'stopped' | 'failed';
	startedAt: string;
	speed: number;
	seed: number | string;
	backfill: SimulatorCounts & { planned: number };
	live: SimulatorCounts;
	requests: number;
	retries: number;
	lastError: string | null;
}

export interface SimulatorHandle {
	stop(): Promise<void>;
	stats(): SimulatorStats;
	/** settles when the simulator ends: resolves after stop(), rejects on a fatal error (bad token) */
	done: Promise<void>;
}

export interface MunicipalityGeo {
	places: { features: PlaceFeature[] };
	settlements: { features: SettlementFeature[] };
	/** its id and name, so the texts speak of this municipality and no other */
	municipality?: FeedMunicipality;
}

const DEFAULT_SEED = 1;
const MAX_BATCH = 500;
const LIVE_BATCH = 50;
const REQUEST_TIMEOUT_MS = 15_000;
const LIVE_WINDOW_MS = 10 * 60_000;
const MAX_SLEEP_MS = 1_000;

/** Reads the municipality's places and settlements from static/ (the same files the wall serves). */
export function loadMunicipalityGeo(root = process.cwd(), municipality = 'tuapse'): MunicipalityGeo {
	return loadMunicipalityGeoFrom(resolve(root, 'static', 'municipalities', municipality));
}

/** The same from a municipality folder (a shipped one or one an administrator imported under DATA_DIR). */
export function loadMunicipalityGeoFrom(dir: string): MunicipalityGeo {
	const read = (name: string) => JSON.parse(readFileSync(resolve(dir, name), 'utf8'));
	const { id, name, timeZone } = read('municipality.json') as FeedMunicipality;
	return { places: read('places.geojson'), settlements: read('settlements.geojson'), municipality: { id, name, timeZone } };
}

export class FatalIngestError extends Error {}

interface PostResult {
	status: number;
	/** per item, in input order */
	items: Array<{ created: boolean; id: string | null } | null>;
	issues?: unknown;
}

/** A small client of the public API with retry and backoff; actors use `request` for their own endpoints. */
export interface IngestClient {
	postIncidents(items: IncidentInput[]): Promise<PostResult>;
	request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

interface ClientOptions {
	baseUrl: string;
	token: string;
	signal: AbortSignal;
	onRequest(): void;
	onRetry(reason: string): void;
	maxAttempts: number;
}

export function createIngestClient(o: ClientOptions): IngestClient {
	const base = o.baseUrl.replace(/\/+$/, '');

	async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
		for (let attempt = 1; ; attempt++) {
			o.signal.throwIfAborted();
			let retryAfterMs: number | null = null;
			let reason: string;
			try {
				o.onRequest();
				const res = await fetch(`${base}${path}`, {
					method,
					headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', accept: 'application/json', ...headers },
					body: body === undefined ? undefined : JSON.stringify(body),
					signal: AbortSignal.any([o.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
				});
				const text = await res.text();
				const parsed = parseJson(text);
				if (res.status !== 408 && res.status !== 429 && res.status < 500) return { status: res.status, body: parsed };
				reason = `HTTP ${res.status}`;
				const ra = Number(res.headers.get('retry-after'));
				if (Number.isFinite(ra) && ra > 0) retryAfterMs = ra * 1000;
			} catch (err) {
				if (o.signal.aborted) throw err;
				reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
			}
			if (attempt >= o.maxAttempts) throw new Error(`${method} ${path} failed after ${attempt} attempts: ${reason}`);
			o.onRetry(reason);
			// full jitter, capped: 0.5 s, 1 s, 2 s … 15 s
			const backoffMs = Math.min(15_000, 500 * 2 ** (attempt - 1));
			await sleep(retryAfterMs ?? backoffMs * (0.5 + Math.random() / 2), o.signal);
		}
	}

	async function postIncidents(items: IncidentInput[]): Promise<PostResult> {
		// ids and created flags are all it reads back: not the wall views of a whole backfill batch
		const { status, body } = await request('POST', '/api/v1/incidents', items.length === 1 ? items[0] : items, { prefer: 'return=minimal' });
		if (status === 401 || status === 403) throw new FatalIngestError(`the ingest API refused the token (HTTP ${status})`);
		if (status === 200 || status === 201) return { status, items: readResults(body, items.length, status) };
		return { status, items: items.map(() => null), issues: (body as { issues?: unknown } | null)?.issues ?? body };
	}

	return { postIncidents, request };
}

/** tolerant reading of the ingest answer: one incident, an array, or an envelope with per-item flags */
function readResults(body: unknown, n: number, status: number): PostResult['items'] {
	const list = Array.isArray(body)
		? body
		: isRecord(body)
			? (['results', 'incidents', 'items', 'data'].map((k) => body[k]).find(Array.isArray) ??
				(isRecord(body.incident) ? [body] : [body]))
			: [];
	return Array.from({ length: n }, (_, i) => {
		const entry = list[i];
		const record = isRecord(entry) ? entry : {};
		const inner = isRecord(record.incident) ? record.incident : record;
		const id = typeof inner.id === 'string' ? inner.id : typeof record.id === 'string' ? record.id : null;
		let created = status === 201;
		if (typeof record.created === 'boolean') created = record.created;
		else if (typeof record.duplicate === 'boolean') created = !record.duplicate;
		else if (record.status === 'created' || record.status === 201) created = true;
		else if (record.status === 'duplicate' || record.status === 200) created = false;
		return { created, id };
	});
}

export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
	const speed = options.speed ?? 1;
	if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${options.speed}`);
	const backfillHours = options.backfillHours ?? 24;
	if (!(backfillHours >= 0)) throw new Error(`backfillHours must be ≥ 0, got ${options.backfillHours}`);
	const seed = options.seed ?? DEFAULT_SEED;
	const batchSize = Math.max(1, Math.min(MAX_BATCH, options.batchSize ?? MAX_BATCH));
	const clock = options.now ?? Date.now;
	const log = options.logger ?? consoleLogger;
	const warn = (obj: object, msg: string) => (log.warn ?? log.info).call(log, obj, msg);
	const actors = options.actors ?? [];

	const geo = options.geo ?? loadMunicipalityGeo(options.root, options.municipality);
	const feed: Feed = createFeed({ seed, places: geo.places, settlements: geo.settlements, municipality: geo.municipality });

	const controller = new AbortController();
	const onExternalAbort = () => controller.abort();
	if (options.signal?.aborted) controller.abort();
	options.signal?.addEventListener('abort', onExternalAbort, { once: true });
	const signal = controller.signal;

	const startMs = clock();
	const zero = (): SimulatorCounts => ({ sent: 0, created: 0, duplicates: 0, rejected: 0, failed: 0 });
	const stats: SimulatorStats = {
		phase: 'backfill',
		startedAt: new Date(startMs).toISOString(),
		speed,
		seed,
		backfill: { ...zero(), planned: 0 },
		live: zero(),
		requests: 0,
		retries: 0,
		lastError: null
	};

	const backfillClient = createIngestClient({
		baseUrl: options.baseUrl,
		token: options.token,
		signal,
		maxAttempts: 12, // the server may still be starting
		onRequest: () => stats.requests++,
		onRetry: (reason) => {
			stats.retries++;
			stats.lastError = reason;
		}
	});
	const liveClient = createIngestClient({
		baseUrl: options.baseUrl,
		token: options.token,
		signal,
		maxAttempts: 6, // ~30 s; what is due meanwhile goes out in the next batch
		onRequest: () => stats.requests++,
		onRetry: (reason) => {
			stats.retries++;
			stats.lastError = reason;
		}
	});

	async function send(client: IngestClient, items: IncidentInput[], counts: SimulatorCounts, live: boolean): Promise<void> {
		let result: PostResult;
		try {
			result = await client.postIncidents(items);
		} catch (err) {
			if (err instanceof FatalIngestError || signal.aborted) throw err;
			counts.failed += items.length;
			stats.lastError = err instanceof Error ? err.message : String(err);
			warn({ err: stats.lastError, count: items.length }, 'simulator: giving up on incidents');
			return;
		}
		if (result.status === 413 && items.length > 1) {
			const half = Math.ceil(items.length / 2);
			await send(client, items.slice(0, half), counts, live);
			await send(client, items.slice(half), counts, live);
			return;
		}
		counts.sent += items.length;
		if (result.status !== 200 && result.status !== 201) {
			counts.rejected += items.length;
			stats.lastError = `HTTP ${result.status}`;
			warn({ status: result.status, issues: result.issues, externalId: items[0]?.externalId }, 'simulator: incidents rejected');
			return;
		}
		result.items.forEach((r, i) => {
			const created = r?.created ?? result.status === 201;
			if (created) counts.created++;
			else counts.duplicates++;
			for (const actor of actors) actor.onIngested?.({ input: items[i]!, id: r?.id ?? null, created, live });
		});
	}

	let last = { backfill: { ...stats.backfill }, live: { ...stats.live } };
	const logLine = (msg: string) => {
		const delta = (now: SimulatorCounts, before: SimulatorCounts) => ({
			sent: now.sent - before.sent,
			created: now.created - before.created,
			duplicates: now.duplicates - before.duplicates,
			failed: now.failed + now.rejected - before.failed - before.rejected
		});
		log.info(
			{
				phase: stats.phase,
				speed,
				lastMinute: stats.phase === 'backfill' ? delta(stats.backfill, last.backfill) : delta(stats.live, last.live),
				backfill: { ...stats.backfill },
				live: { ...stats.live },
				retries: stats.retries
			},
			msg
		);
		last = { backfill: { ...stats.backfill }, live: { ...stats.live } };
	};
	const timer = setInterval(() => logLine('simulator: progress'), options.logIntervalMs ?? 60_000);
	timer.unref?.();

	async function backfill(): Promise<void> {
		if (backfillHours === 0) return;
		const items = feed.between(new Date(startMs - backfillHours * 3_600_000), new Date(startMs));
		stats.backfill.planned = items.length;
		log.info({ hours: backfillHours, incidents: items.length, seed }, 'simulator: backfilling the past');
		for (let i = 0; i < items.length; i += batchSize) {
			signal.throwIfAborted();
			await send(backfillClient, items.slice(i, i + batchSize), stats.backfill, false);
		}
		log.info({ ...stats.backfill }, 'simulator: backfill done');
	}

	async function live(): Promise<void> {
		stats.phase = 'live';
		log.info({ speed, ratePerHourNow: Math.round(feed.rateAt(new Date(clock())) * speed) }, 'simulator: live feed started');
		const queue: TimedIncident[] = [];
		let head = 0;
		let horizon = startMs;
		while (!signal.aborted) {
			const now = clock();
			while (horizon <= now + MAX_SLEEP_MS) {
				const end = horizon + LIVE_WINDOW_MS;
				queue.push(...feed.timeline(new Date(horizon), new Date(end), { speed }));
				horizon = end;
			}
			const due: IncidentInput[] = [];
			while (head < queue.length && queue[head]!.at <= now) due.push(queue[head++]!.input);
			if (head > 1000) {
				queue.splice(0, head);
				head = 0;
			}
			for (let i = 0; i < due.length; i += LIVE_BATCH) {
				await send(liveClient, due.slice(i, i + LIVE_BATCH), stats.live, true);
			}
			for (const actor of actors) {
				try {
					await actor.tick?.(new Date(now), liveClient);
				} catch (err) {
					if (signal.aborted) break;
					warn({ actor: actor.name, err: err instanceof Error ? err.message : String(err) }, 'simulator: actor failed');
				}
			}
			const nextAt = head < queue.length ? queue[head]!.at : horizon;
			await sleep(Math.max(0, Math.min(MAX_SLEEP_MS, nextAt - clock())), signal).catch(() => undefined);
		}
	}

	const done = (async () => {
		try {
			await backfill();
			await live();
			stats.phase = 'stopped';
		} catch (err) {
			if (signal.aborted && !(err instanceof FatalIngestError)) {
				stats.phase = 'stopped';
				return;
			}
			stats.phase = 'failed';
			stats.lastError = err instanceof Error ? err.message : String(err);
			(log.error ?? log.info).call(log, { err: stats.lastError }, 'simulator: stopped by an error');
			throw err;
		} finally {
			clearInterval(timer);
			options.signal?.removeEventListener('abort', onExternalAbort);
			logLine('simulator: finished');
		}
	})();
	// the caller may never await `done`; a fatal error is already logged
	done.catch(() => undefined);

	return {
		async stop() {
			controller.abort();
			await done.catch(() => undefined);
		},
		stats: () => structuredClone(stats),
		done
	};
}

// ---------------------------------------------------------------------------------------------------------

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolveSleep, reject) => {
		if (signal.aborted) return reject(signal.reason);
		const t = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolveSleep();
		}, ms);
		const onAbort = () => {
			clearTimeout(t);
			reject(signal.reason);
		};
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

function parseJson(text: string): unknown {
	if (!text) return null;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const consoleLogger: SimulatorLogger = {
	info: (obj, msg) => console.log(`${msg ?? ''} ${JSON.stringify(obj)}`),
	warn: (obj, msg) => console.warn(`${msg ?? ''} ${JSON.stringify(obj)}`),
	error: (obj, msg) => console.error(`${msg ?? ''} ${JSON.stringify(obj)}`)
};

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			token: { type: 'string' },
			speed: { type: 'string' },
			seed: { type: 'string' },
			'backfill-hours': { type: 'string' },
			root: { type: 'string' },
			municipality: { type: 'string' }
		}
	});
	const baseUrl = values.url ?? process.env.SIMULATOR_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
	const token = values.token ?? process.env.INGEST_TOKEN;
	if (!token) {
		console.error('usage: node --import tsx server/demo/simulator.ts --url http://127.0.0.1:3000 --token X [--speed 10] [--seed 1] [--backfill-hours 24]');
		process.exit(2);
	}
	const number = (name: string, v: string | undefined) => {
		if (v === undefined) return undefined;
		const n = Number(v);
		if (!Number.isFinite(n)) {
			console.error(`Invalid value for --${name}: "${v}" (expected a number)`);
			process.exit(2);
		}
		return n;
	};
	const seedArg = values.seed === undefined ? undefined : Number.isInteger(Number(values.seed)) ? Number(values.seed) : values.seed;
	const sim = await startSimulator({
		baseUrl,
		token,
		speed: number('speed', values.speed),
		backfillHours: number('backfill-hours', values['backfill-hours']),
		seed: seedArg,
		root: values.root,
		municipality: values.municipality
	});
	const shutdown = () => void sim.stop().then(() => process.exit(0));
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
	await sim.done.catch(() => process.exit(1));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	void main();
}
