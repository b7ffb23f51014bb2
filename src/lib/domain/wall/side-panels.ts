/**
 * The wall's side column as a kiosk playlist: one large panel group at a time (two or more when the column is
 * tall enough), rotating on a schedule unless one is pinned. Pure: the rune class and the page render it.
 */

export const ANALYTICS_PANEL_IDS = ['departments', 'settlements', 'volume', 'trends', 'spikes', 'escalations'] as const;
export type AnalyticsPanelId = (typeof ANALYTICS_PANEL_IDS)[number];

export const SIDE_PANEL_IDS = ['latest', 'overdue', 'rating', 'dynamics', 'spikes'] as const;
export type SidePanelId = (typeof SIDE_PANEL_IDS)[number];

/** the analytics panels each group stacks (the latest list and the overdue ticker are panels of their own) */
export const SIDE_PANEL_CONTENT: Readonly<Record<SidePanelId, readonly AnalyticsPanelId[]>> = {
	latest: [],
	overdue: [],
	rating: ['departments', 'settlements'],
	dynamics: ['volume', 'trends'],
	spikes: ['spikes', 'escalations']
};

export function isSidePanelId(v: unknown): v is SidePanelId {
	return typeof v === 'string' && (SIDE_PANEL_IDS as readonly string[]).includes(v);
}

export function isAnalyticsPanelId(v: unknown): v is AnalyticsPanelId {
	return typeof v === 'string' && (ANALYTICS_PANEL_IDS as readonly string[]).includes(v);
}

/** a group id, or an analytics panel's id standing for its group (`?panel=volume` → dynamics); else null */
export function resolveSidePanel(v: unknown): SidePanelId | null {
	if (isSidePanelId(v)) return v;
	if (!isAnalyticsPanelId(v)) return null;
	return SIDE_PANEL_IDS.find((id) => SIDE_PANEL_CONTENT[id].includes(v)) ?? null;
}

export interface SidePanelItem {
	panel: SidePanelId;
	durationMs: number;
}

export const DEFAULT_SIDE_PANEL_MS = 25_000;
/** shorter than this and nobody across the room finishes reading a panel */
export const MIN_SIDE_PANEL_MS = 5_000;
export const DEFAULT_SIDE_PLAYLIST: readonly SidePanelItem[] = SIDE_PANEL_IDS.map((panel) => ({ panel, durationMs: DEFAULT_SIDE_PANEL_MS }));

/**
 * Parses `?panels=overdue:30,rating:20,dynamics` (seconds; `defaultMs` when absent or under 5 s). Unknown ids and
 * repeats are skipped; nothing left falls back to the default playlist.
 */
export function parseSidePlaylist(spec: string | null | undefined, defaultMs = DEFAULT_SIDE_PANEL_MS): SidePanelItem[] {
	if (!spec) return [...DEFAULT_SIDE_PLAYLIST];
	const items: SidePanelItem[] = [];
	for (const part of spec.split(',')) {
		const [id, secs] = part.trim().split(':');
		const panel = resolveSidePanel(id);
		if (!panel || items.some((x) => x.panel === panel)) continue;
		const ms = Number(secs) * 1000;
		items.push({ panel, durationMs: Number.isFinite(ms) && ms >= MIN_SIDE_PANEL_MS ? ms : defaultMs });
	}
	return items.length ? items : [...DEFAULT_SIDE_PLAYLIST];
}

/** a group needs this many wall units of height to be read from across the room */
export const MIN_GROUP_HEIGHT_U = 26;
export const GROUP_GAP_U = 1.6;

/** how many groups stack in a column `heightPx` tall at `unitPx` css px per wall unit: at least one, at most `max` */
export function groupsThatFit(heightPx: number, unitPx: number, max: number, minU = MIN_GROUP_HEIGHT_U, gapU = GROUP_GAP_U): number {
	if (!(heightPx > 0) || !(unitPx > 0)) return 1;
	const n = Math.floor((heightPx / unitPx + gapU) / (minU + gapU));
	return Math.max(1, Math.min(max, n));
}

export interface SideView {
	/** the groups on screen, top to bottom */
	shown: SidePanelId[];
	/** the groups the rotation brings next, in order (empty while pinned or when all are on screen) */
	upcoming: SidePanelId[];
}

/**
 * What the column shows with the playlist at `index` and room for `slots` groups: the current group and the ones
 * after it, wrapping, none twice. A pinned group goes first and the rest stand still.
 */
export function sideView(playlist: readonly SidePanelItem[], index: number, slots: number, pinned: SidePanelId | null = null): SideView {
	const order = playlist.map((p) => p.panel);
	const n = Math.max(1, slots);
	if (pinned !== null) {
		const rest = order.includes(pinned) ? rotate(order, order.indexOf(pinned)).slice(1) : order;
		return { shown: [pinned, ...rest].slice(0, n), upcoming: [] };
	}
	if (order.length === 0) return { shown: [], upcoming: [] };
	const queue = rotate(order, ((index % order.length) + order.length) % order.length);
	return { shown: queue.slice(0, n), upcoming: queue.slice(n) };
}

/** where the rotation goes after a turn: past every group that was on screen */
export function nextSideIndex(playlist: readonly SidePanelItem[], index: number, slots: number): number {
	if (playlist.length === 0) return 0;
	return (index + Math.max(1, Math.min(slots, playlist.length))) % playlist.length;
}

/** true when the column changes by itself: not pinned and more groups than fit */
export function sideRotates(playlist: readonly SidePanelItem[], slots: number, pinned: SidePanelId | null): boolean {
	return pinned === null && playlist.length > Math.max(1, slots);
}

function rotate<T>(xs: readonly T[], at: number): T[] {
	return [...xs.slice(at), ...xs.slice(0, at)];
}
