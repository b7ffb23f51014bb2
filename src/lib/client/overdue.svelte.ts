import type { WallOverdue, WallOverdueCount, WallOverdueItem } from '#contracts/wall-overdue.ts';
import { affectsOverdue, sortOverdue } from '#domain/wall/overdue-format.ts';
import { incidents as defaultIncidents, type IncidentsStore } from './incidents.svelte.ts';

export const OVERDUE_URL = '/api/v1/wall/overdue';
/** due-soon moves with time, not with events: ask again this often even when nothing arrives */
export const REFRESH_EVERY_MS = 30_000;
/** a burst of relevant events makes one request, this long after the first of them */
export const EVENT_DELAY_MS = 1_000;
const TICK_MS = 1_000;

/**
 * The wall's overdue ticker data: loads GET /api/v1/wall/overdue on start, again ~1 s after an incident change
 * that can move it (see `affectsOverdue`) and every 30 s; `now` ticks each second on the server's clock, so
 * «просрочено на …» counts up between loads. Components read it; only this class fetches.
 */
export class OverdueStore {
	items = $state.raw<WallOverdueItem[]>([]);
	byBlock = $state.raw<WallOverdueCount[]>([]);
	byDepartment = $state.raw<WallOverdueCount[]>([]);
	overdueTotal = $state(0);
	dueSoonTotal = $state(0);
	/** true once the first answer arrived */
	loaded = $state(false);
	/** the server's clock (ms), ticking each second */
	now = $state(Date.now());
	/** when the last request failed; null after a good one (the old data stays on screen meanwhile) */
	failedAt = $state<number | null>(null);

	#store: IncidentsStore;
	#url: string;
	#offsetMs = 0;
	#users = 0;
	#tick: ReturnType<typeof setInterval> | null = null;
	#poll: ReturnType<typeof setInterval> | null = null;
	#soon: ReturnType<typeof setTimeout> | null = null;
	#unsubscribe: (() => void) | null = null;
	#inFlight: AbortController | null = null;
	#again = false;

	constructor(store: IncidentsStore = defaultIncidents, url = OVERDUE_URL) {
		this.#store = store;
		this.#url = url;
	}

	/** how long `item` has been overdue at `now` (ms, never negative) */
	overdueForMs(item: Pick<WallOverdueItem, 'overdueSince'>): number {
		return Math.max(0, this.now - Date.parse(item.overdueSince));
	}

	/** starts loading and ticking; counted, so two components may share one store */
	start(): void {
		if (this.#users++ > 0) return;
		this.#tick = setInterval(() => (this.now = Date.now() + this.#offsetMs), TICK_MS);
		this.#poll = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
		this.#unsubscribe = this.#store.onIncident((incident, previous) => {
			if (incident === null || affectsOverdue(incident, previous, new Date(this.now))) this.#refreshSoon();
		});
		void this.refresh();
	}

	stop(): void {
		if (this.#users === 0 || --this.#users > 0) return;
		if (this.#tick) clearInterval(this.#tick);
		if (this.#poll) clearInterval(this.#poll);
		if (this.#soon) clearTimeout(this.#soon);
		this.#tick = this.#poll = this.#soon = null;
		this.#unsubscribe?.();
		this.#unsubscribe = null;
		this.#inFlight?.abort();
		this.#inFlight = null;
		this.#again = false;
	}

	/** loads now; a call while a request runs asks once more after it, so the last change is never missed */
	async refresh(): Promise<void> {
		if (this.#inFlight) {
			this.#again = true;
			return;
		}
		const controller = new AbortController();
		this.#inFlight = controller;
		try {
			const res = await fetch(this.#url, { signal: controller.signal, headers: { accept: 'application/json' } });
			if (!res.ok) throw new Error(`${this.#url} answered ${res.status}`);
			this.#apply((await res.json()) as WallOverdue);
			this.failedAt = null;
		} catch {
			if (controller.signal.aborted) return;
			this.failedAt ??= Date.now();
		} finally {
			if (this.#inFlight === controller) this.#inFlight = null;
		}
		if (this.#again && this.#users > 0) {
			this.#again = false;
			await this.refresh();
		}
	}

	#refreshSoon(): void {
		// not reset by later events: a steady stream still refreshes once a second
		if (this.#soon) return;
		this.#soon = setTimeout(() => {
			this.#soon = null;
			void this.refresh();
		}, EVENT_DELAY_MS);
	}

	#apply(body: WallOverdue): void {
		this.#offsetMs = Date.parse(body.serverTime) - Date.now() || 0;
		this.now = Date.now() + this.#offsetMs;
		this.items = sortOverdue(body.items);
		this.byBlock = body.byBlock;
		this.byDepartment = body.byDepartment;
		this.overdueTotal = body.overdueTotal;
		this.dueSoonTotal = body.dueSoonTotal;
		this.loaded = true;
	}
}

export const overdue = new OverdueStore();
