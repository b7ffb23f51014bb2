/**
 * `window.__mcuWall`: what the Playwright tests read and drive on /wall (see tests/e2e/pages/wall.page.ts).
 * Small on purpose; every member reads real state (the deck.gl layer, the socket), nothing is mocked.
 */
export interface WallTestHooks {
	/** map style loaded, deck.gl overlay attached and the first `sync` applied */
	readonly ready: boolean;
	/** highest seq applied (0 before the first sync) */
	lastSeq(): number;
	/** ids of the rows deck.gl has built buffers for in the `incidents` scatter layer */
	incidentIds(): string[];
	/** how many rows that is */
	layerDataLength(): number;
	/** 'connecting' | 'online' | 'reconnecting' | 'stale' | 'idle' */
	connectionState(): string;
	/** closes the socket (no automatic reconnect) */
	disconnect(): void;
	/** reopens it; the handshake carries lastSeq */
	connect(): void;
	/** maplibre canvas backing size in device pixels */
	canvasSize(): { width: number; height: number };
	/** partial (_dataDiff ranges) vs full data updates deck.gl was asked for */
	dataUpdates(): { partial: number; full: number };
}

declare global {
	interface Window {
		__mcuWall?: WallTestHooks;
	}
}
