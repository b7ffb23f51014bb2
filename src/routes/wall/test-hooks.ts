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
	/** maplibre's layer ids bottom to top (deck.gl's group among them once placed); null until every source is loaded */
	basemapOrder(): string[] | null;
	/** partial (_dataDiff ranges) vs full data updates deck.gl was asked for */
	dataUpdates(): { partial: number; full: number };

	// ---- scenes (issue 5)
	/** the scene on the map now: 'live' | 'per1000' | 'overdue' | 'growth' | 'hexagons' ('replay' while replaying) */
	scene(): string;
	/** pins a scene (the playlist stops until `unpinScene`) */
	setScene(id: string): void;
	unpinScene(): void;
	/** filters the map by a wall tile (null: all) */
	filterBlock(tileId: string | null): void;
	/** true once the aggregates have been loaded at least once */
	aggregatesLoaded(): boolean;
	/** the choropleth's measure and value for a settlement (the current scene's measure, or the last one shown) */
	settlementValue(id: string): { measure: string; value: number | null } | null;
	/** the rgba the choropleth paints that settlement with */
	settlementColor(id: string): [number, number, number, number] | null;
	/** what a block tile shows */
	blockTile(id: string): { open: number; today: number; overdue: number; trend: string } | null;
	/** ids of the wall tiles, in order */
	tileIds(): string[];
	/** ids of the deck.gl layers drawn now */
	visibleLayers(): string[];

	// ---- side panels (src/lib/domain/wall/side-panels.ts)
	/** the side column: groups on screen, the ones coming next, the pinned one, whether it turns by itself, groups that fit */
	sidePanels(): { shown: string[]; upcoming: string[]; pinned: string | null; rotating: boolean; slots: number };
	/** pins a group ('latest' | 'overdue' | 'rating' | 'dynamics' | 'spikes', or an analytics panel id for its group) */
	pinPanel(id: string): void;
	unpinPanel(): void;
	/** brings a group on screen; the rotation goes on from it */
	showPanel(id: string): void;

	// ---- replay
	startReplay(hours: number, speed: number): void;
	stopReplay(): void;
	replayState(): {
		phase: string;
		hours: number | null;
		speed: number;
		at: string | null;
		progress: number;
		points: number;
		truncated: boolean;
		/** the replay layer as deck.gl holds it: rows built and the time uniform */
		layer: { rows: number; now: number; visible: boolean } | null;
	};
}

declare global {
	interface Window {
		__mcuWall?: WallTestHooks;
	}
}
