import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, IncidentEvent, ServerToClientEvents, SyncPayload } from '../../src/lib/contracts/events.ts';

/** A minimal screen: applies sync then live events by seq, the way the wall does, and records what it saw. */
export class TestScreen {
	readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	lastSeq: number | null;
	readonly applied: Array<{ type: string; seq: number; id: string; incident: IncidentEvent['incident'] }> = [];
	readonly syncs: SyncPayload[] = [];
	#synced = false;
	#buffer: Array<{ type: string } & IncidentEvent> = [];

	constructor(url: string, sinceSeq: number | null = null) {
		this.lastSeq = sinceSeq;
		this.socket = io(url, {
			path: '/socket.io',
			transports: ['websocket'],
			reconnection: true,
			reconnectionDelay: 100,
			auth: (cb) => cb(this.lastSeq === null ? {} : { sinceSeq: this.lastSeq })
		});
		this.socket.on('connect', () => (this.#synced = false));
		this.socket.on('sync', (p) => {
			this.syncs.push(p);
			for (const e of p.events) this.#apply(e.type, e);
			if (p.snapshot) this.lastSeq = p.upTo;
			else this.lastSeq = Math.max(this.lastSeq ?? 0, p.upTo);
			this.#synced = true;
			for (const e of this.#buffer.sort((a, b) => a.seq - b.seq)) this.#apply(e.type, e);
			this.#buffer = [];
		});
		for (const type of ['incident:created', 'incident:updated'] as const) {
			this.socket.on(type, (e) => (this.#synced ? this.#apply(type, e) : this.#buffer.push({ type, ...e })));
		}
	}

	#apply(type: string, e: IncidentEvent): void {
		if (this.lastSeq !== null && e.seq <= this.lastSeq) return;
		this.lastSeq = e.seq;
		this.applied.push({ type, seq: e.seq, id: e.incident.id, incident: e.incident });
	}

	async synced(timeoutMs = 5000): Promise<void> {
		await until(() => this.#synced && this.socket.connected, timeoutMs, 'screen never synced');
	}

	async waitFor(pred: (s: TestScreen) => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
		await until(() => pred(this), timeoutMs, `screen never saw ${what}`);
	}

	close(): void {
		this.socket.close();
	}
}

export async function until(pred: () => boolean | Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (await pred()) return;
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error(message);
}
