/**
 * The wall's scenes and its kiosk playlist. A scene decides which map layers show and what the legend says.
 */
import type { ChoroplethMeasure } from './measures.ts';

export const SCENE_IDS = ['live', 'per1000', 'overdue', 'growth', 'hexagons'] as const;
export type SceneId = (typeof SCENE_IDS)[number];

export function isSceneId(v: unknown): v is SceneId {
	return typeof v === 'string' && (SCENE_IDS as readonly string[]).includes(v);
}

/** the choropleth measure of a scene, or null when the scene is not a choropleth */
export function sceneMeasure(id: SceneId): ChoroplethMeasure | null {
	switch (id) {
		case 'per1000':
			return 'per1000';
		case 'overdue':
			return 'overdue';
		case 'growth':
			return 'growthPct';
		default:
			return null;
	}
}

export interface PlaylistItem {
	scene: SceneId;
	durationMs: number;
}

export const DEFAULT_SCENE_MS = 30_000;
export const DEFAULT_PLAYLIST: readonly PlaylistItem[] = SCENE_IDS.map((scene) => ({ scene, durationMs: DEFAULT_SCENE_MS }));

/**
 * Parses a playlist from a query string such as `live:20,per1000:30,hexagons` (seconds; default 30 s each).
 * Unknown scenes are skipped; an empty result falls back to the default playlist.
 */
export function parsePlaylist(spec: string | null | undefined, defaultMs = DEFAULT_SCENE_MS): PlaylistItem[] {
	if (!spec) return [...DEFAULT_PLAYLIST];
	const items: PlaylistItem[] = [];
	for (const part of spec.split(',')) {
		const [id, secs] = part.trim().split(':');
		if (!isSceneId(id)) continue;
		const s = Number(secs);
		items.push({ scene: id, durationMs: Number.isFinite(s) && s >= 5 ? s * 1000 : defaultMs });
	}
	return items.length ? items : [...DEFAULT_PLAYLIST];
}

/** the item after `index`, wrapping */
export function nextIndex(playlist: readonly PlaylistItem[], index: number): number {
	return playlist.length === 0 ? 0 : (index + 1) % playlist.length;
}
