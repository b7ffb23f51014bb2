import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '#contracts/events.ts';
import { incidents as defaultIncidents, type IncidentsStore } from './incidents.svelte.ts';
import { Liveness } from './liveness.ts';

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'stale';

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** after this long without the socket the screen says its data is stale */
export const STALE_AFTER_MS = 10_000;
// at most one gap repair in this interval, so a server with sparse seqs cannot flood itself
const REPAIR_INTERVAL_MS = 5_000;

/**
 * The screen's one Socket.IO connection: feeds the incidents store and says whether its data can be trusted.
 * Components read `state` / `lostAt`; only this class opens the socket.
 */
export class Connection {
	state = $state<ConnectionState>('idle');
	/** when the data stopped being live (disconnect, or the page start while never connected) */
	lostAt = $state<number | null>(null);

	#socket: WallSocket | null = null;
	#liveness: Liveness | null = null;
	#staleTimer: ReturnType<typeof setTimeout> | null = null;
	#lastRepairAt = 0;
	#repairTimer: ReturnType<typeof setTimeout> | null = null;
	#store: IncidentsStore;
	#screen: HandshakeAuth['screen'];
	#extra: Array<{ event: keyof ServerToClientEvents; handler: (...args: never[]) => void }> = [];

	constructor(store: IncidentsStore = defaultIncidents, screen: HandshakeAuth['screen'] = 'wall') {
		this.#store = store;
		this.#screen = screen;
	}

	get stale(): boolean {
		return this.state === 'stale';
	}

	/** opens the socket once; later calls do nothing */
	start(): void {
		if (this.#socket) return;
		this.state = 'connecting';
		this.#markLost();
		const socket: WallSocket = io({
			path: '/socket.io',
			transports: ['websocket'],
			// a function, so every reconnect sends the latest seq
			auth: (cb) => {
				const auth: HandshakeAuth = { sinceSeq: this.#store.lastSeq ?? undefined, screen: this.#screen };
				cb(auth as Record<string, unknown>);
			}
		});
		this.#socket = socket;
		this.#store.onGap = (lastSeq) => this.#requestRepair(lastSeq);
		// any packet proves the connection alive, not the server's pings only (see Liveness); closing the engine
		// makes the manager reconnect
		const liveness = new Liveness(() => socket.io.engine?.close());
		this.#liveness = liveness;
		socket.io.on('open', () => {
			socket.io.engine.on('heartbeat', () => liveness.touch());
			liveness.start();
		});
		socket.io.on('close', () => liveness.stop());

		socket.on('connect', () => {
			// live events that beat the sync are held until it arrives
			this.#store.expectSync();
			this.state = 'online';
			this.lostAt = null;
			this.#clearStaleTimer();
		});
		socket.on('disconnect', () => {
			this.#store.expectSync();
			this.state = 'reconnecting';
			this.#markLost();
		});
		socket.on('connect_error', () => {
			if (this.state === 'online') this.state = 'reconnecting';
			this.#markLost();
		});
		socket.on('sync', (payload) => this.#store.applySync(payload));
		socket.on('incident:created', (e) => this.#store.applyIncident(e, true));
		socket.on('incident:updated', (e) => this.#store.applyIncident(e, false));
		socket.on('stats:updated', (e) => this.#store.applyStats(e));
		for (const x of this.#extra) socket.on(x.event, x.handler as never);
	}

	/** another state class listens to a server event on this one socket (e.g. `metrics:update`); returns the unsubscribe */
	on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
		const entry = { event, handler: handler as (...args: never[]) => void };
		this.#extra.push(entry);
		this.#socket?.on(event, handler as never);
		return () => {
			this.#extra = this.#extra.filter((x) => x !== entry);
			this.#socket?.off(event, handler as never);
		};
	}

	/** closes the socket for good (test hook and page teardown) */
	disconnect(): void {
		this.#socket?.disconnect();
	}

	/** reopens a socket closed by `disconnect()` */
	connect(): void {
		if (!this.#socket) return this.start();
		if (this.#socket.connected) return;
		if (this.state !== 'stale') this.state = 'reconnecting';
		this.#socket.connect();
	}

	stop(): void {
		this.#socket?.disconnect();
		this.#socket?.removeAllListeners();
		this.#socket = null;
		this.#liveness?.stop();
		this.#liveness = null;
		this.#clearStaleTimer();
		if (this.#repairTimer) clearTimeout(this.#repairTimer);
		this.#store.onGap = null;
		this.state = 'idle';
	}

	#markLost(): void {
		this.lostAt ??= Date.now();
		if (this.#staleTimer || this.state === 'stale') return;
		const wait = Math.max(0, STALE_AFTER_MS - (Date.now() - this.lostAt));
		this.#staleTimer = setTimeout(() => {
			this.#staleTimer = null;
			if (this.state !== 'online') this.state = 'stale';
		}, wait);
	}

	#clearStaleTimer(): void {
		if (this.#staleTimer) clearTimeout(this.#staleTimer);
		this.#staleTimer = null;
	}

	#requestRepair(lastSeq: number): void {
		if (this.#repairTimer) return;
		const wait = Math.max(0, this.#lastRepairAt + REPAIR_INTERVAL_MS - Date.now());
		this.#repairTimer = setTimeout(() => {
			this.#repairTimer = null;
			this.#lastRepairAt = Date.now();
			this.#socket?.emit('sync:request', lastSeq, (payload) => this.#store.applyRepair(payload));
		}, wait);
	}
}

export const connection = new Connection();
