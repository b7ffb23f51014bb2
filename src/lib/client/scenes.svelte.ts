import { DEFAULT_PLAYLIST, isSceneId, nextIndex, sceneMeasure, type PlaylistItem, type SceneId } from '#domain/wall/scenes.ts';
import { Playlist } from './playlist.svelte.ts';

/**
 * The wall's kiosk playlist of map scenes (the timer lives in playlist.svelte.ts): scenes rotate on a schedule unless
 * a curator pins one. The tablet will drive `pin` / `unpin` / `filterBlock` through the socket later; the wall's keys
 * and hooks do now.
 */
export class Scenes extends Playlist<SceneId, PlaylistItem> {
	/** a tile id: the map shows only its blocks (null: all) */
	block = $state<string | null>(null);
	/** rotation holds while something else owns the map (the replay) */
	held = $state(false);

	readonly current: SceneId = $derived(this.pinned ?? this.playlist[this.index]?.scene ?? 'live');
	readonly measure = $derived(sceneMeasure(this.current));
	readonly rotating: boolean = $derived(this.pinned === null && !this.held && this.playlist.length > 1);

	constructor() {
		super(DEFAULT_PLAYLIST, 30_000);
	}

	/** jumps to a scene of the playlist (its timer restarts); a scene not in it is pinned */
	show(id: SceneId): void {
		const at = this.indexOf(id);
		if (at < 0) return this.pin(id);
		if (this.pinned !== null) this.pinned = id;
		this.index = at;
		this.restart();
	}

	/** filters the map by a tile (null: everything) */
	filterBlock(id: string | null): void {
		this.block = id;
	}

	/** holds the rotation (replay running) or lets it go on */
	hold(on: boolean): void {
		if (this.held === on) return;
		this.held = on;
		this.restart();
	}

	protected idOf(item: PlaylistItem): SceneId {
		return item.scene;
	}

	protected resolve(id: string): SceneId | null {
		return isSceneId(id) ? id : null;
	}

	protected nextIndex(index: number): number {
		return nextIndex(this.playlist, index);
	}
}

export const scenes = new Scenes();
