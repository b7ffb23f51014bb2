import type {
	EscalationsResponse,
	MetricsUpdate,
	RatingsResponse,
	SpikesResponse,
	TrendsResponse,
	VolumeResponse
} from '#contracts/metrics.ts';
import { connection as defaultConnection, type Connection } from './connection.svelte.ts';

/** the panels' data moves with the clock too (the forecast hour, "today"): ask again this often */
export const REFRESH_EVERY_MS = 60_000;
/** after a `metrics:update`, the endpoints are asked again at most this often */
export const REFETCH_MIN_MS = 3_000;

const ENDPOINTS = {
	departments: '/api/v1/ratings?period=week&kind=department',
	settlements: '/api/v1/ratings?period=week&kind=settlement',
	volume: '/api/v1/metrics/volume',
	spikes: '/api/v1/metrics/spikes',
	trends: '/api/v1/metrics/trends',
	escalations: '/api/v1/metrics/escalations'
} as const;

/**
 * The wall's analytics: loads the rating and metric endpoints, applies the coalesced `metrics:update` push
 * (today's hourly counts, at once) and refetches the rest shortly after it. Components read; only this fetches.
 */
export class MetricsStore {
	departments = $state.raw<RatingsResponse | null>(null);
	settlements = $state.raw<RatingsResponse | null>(null);
	volume = $state.raw<VolumeResponse | null>(null);
	spikes = $state.raw<SpikesResponse | null>(null);
	trends = $state.raw<TrendsResponse | null>(null);
	escalations = $state.raw<EscalationsResponse | null>(null);
	/** pushes applied, and the last one's time */
	updates = $state(0);
	lastUpdateAt = $state<string | null>(null);
	loaded = $state(false);
	failedAt = $state<number | null>(null);

	#connection: Connection;
	#users = 0;
	#poll: ReturnType<typeof setInterval> | null = null;
	#soon: ReturnType<typeof setTimeout> | null = null;
	#lastFetch = 0;
	#unsubscribe: (() => void) | null = null;
	#inFlight: AbortController | null = null;
	#again = false;

	constructor(connection: Connection = defaultConnection) {
		this.#connection = connection;
	}

	/** counted, so several components may share one store */
	start(): void {
		if (this.#users++ > 0) return;
		this.#unsubscribe = this.#connection.on('metrics:update', (e) => this.applyUpdate(e));
		this.#poll = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
		void this.refresh();
	}

	stop(): void {
		if (this.#users === 0 || --this.#users > 0) return;
		if (this.#poll) clearInterval(this.#poll);
		if (this.#soon) clearTimeout(this.#soon);
		this.#poll = this.#soon = null;
		this.#unsubscribe?.();
		this.#unsubscribe = null;
		this.#inFlight?.abort();
		this.#inFlight = null;
	}

	/** today's counts go on screen at once; ratings, spikes and trends follow with the next fetch */
	applyUpdate(e: MetricsUpdate): void {
		this.updates++;
		this.lastUpdateAt = e.at;
		const v = this.volume;
		if (v && v.today.startAt === e.today.startAt) {
			const nowMs = Date.parse(e.at);
			const points = v.today.points.map((p, i) => (Date.parse(p.at) <= nowMs ? { ...p, actual: e.today.hourly[i] ?? 0 } : p));
			this.volume = { ...v, today: { ...v.today, points, actualTotal: e.today.total } };
		}
		this.#refetchSoon();
	}

	#refetchSoon(): void {
		if (this.#soon) return;
		const wait = Math.max(0, this.#lastFetch + REFETCH_MIN_MS - Date.now());
		this.#soon = setTimeout(() => {
			this.#soon = null;
			void this.refresh();
		}, wait);
	}

	/** loads every endpoint; a call while one runs asks once more after it */
	async refresh(): Promise<void> {
		if (this.#inFlight) {
			this.#again = true;
			return;
		}
		const ctrl = new AbortController();
		this.#inFlight = ctrl;
		this.#lastFetch = Date.now();
		try {
			const get = async <T>(url: string): Promise<T> => {
				const res = await fetch(url, { signal: ctrl.signal, headers: { accept: 'application/json' } });
				if (!res.ok) throw new Error(`${url} answered ${res.status}`);
				return (await res.json()) as T;
			};
			const [departments, settlements, volume, spikes, trends, escalations] = await Promise.all([
				get<RatingsResponse>(ENDPOINTS.departments),
				get<RatingsResponse>(ENDPOINTS.settlements),
				get<VolumeResponse>(ENDPOINTS.volume),
				get<SpikesResponse>(ENDPOINTS.spikes),
				get<TrendsResponse>(ENDPOINTS.trends),
				get<EscalationsResponse>(ENDPOINTS.escalations)
			]);
			this.departments = departments;
			this.settlements = settlements;
			this.volume = volume;
			this.spikes = spikes;
			this.trends = trends;
			this.escalations = escalations;
			this.loaded = true;
			this.failedAt = null;
		} catch (err) {
			if (!ctrl.signal.aborted) this.failedAt = Date.now();
			void err;
		} finally {
			if (this.#inFlight === ctrl) this.#inFlight = null;
			if (this.#again && this.#users > 0) {
				this.#again = false;
				this.#refetchSoon();
			}
		}
	}
}

export const metrics = new MetricsStore();
