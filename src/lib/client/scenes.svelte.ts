import { DEFAULT_PLAYLIST, isSceneId, nextIndex, sceneMeasure, type PlaylistItem, type SceneId } from '#domain/wall/scenes.ts';

/**
 * The wall's kiosk playlist: scenes rotate on a schedule unless a curator pins one. One timer at a time.
 * The tablet will drive `pin` / `unpin` / `filterBlock` through the socket later; the wall's keys and hooks do now.
 */
export class Scenes {
	playlist = $state.raw<PlaylistItem[]>([...DEFAULT_PLAYLIST]);
	index = $state(0);
	pinned = $state<SceneId | null>(null);
	/** a tile id: the map shows only its blocks (null: all) */
	block = $state<string | null>(null);
	/** rotation holds while something else owns the map (the replay) */
	held = $state(false);
	/** when the current scene started (the progress bar restarts on it) */
	startedAt = $state(Date.now());

	#timer: ReturnType<typeof setTimeout> | null = null;
	#running = false;

	readonly current: SceneId = $derived(this.pinned ?? this.playlist[this.index]?.scene ?? 'live');
	readonly durationMs: number = $derived(this.playlist[this.index]?.durationMs ?? 30_000);
	readonly measure = $derived(sceneMeasure(this.current));
	/** true while the scene will change by itself */
	readonly rotating: boolean = $derived(this.pinned === null && !this.held && this.playlist.length > 1);

	start(playlist?: PlaylistItem[]): void {
		if (playlist?.length) this.playlist = playlist;
		this.#running = true;
		this.#restart();
	}

	stop(): void {
		this.#running = false;
		this.#clear();
	}

	/** shows one scene until `unpin` */
	pin(id: SceneId): void {
		if (!isSceneId(id)) return;
		this.pinned = id;
		this.startedAt = Date.now();
		this.#clear();
	}

	/** back to the playlist, from the pinned scene's place in it when it has one */
	unpin(): void {
		if (this.pinned === null) return;
		const at = this.playlist.findIndex((p) => p.scene === this.pinned);
		this.pinned = null;
		if (at >= 0) this.index = at;
		this.#restart();
	}

	/** jumps to a scene of the playlist (its timer restarts); a scene not in it is pinned */
	show(id: SceneId): void {
		const at = this.playlist.findIndex((p) => p.scene === id);
		if (at < 0) return this.pin(id);
		if (this.pinned !== null) this.pinned = id;
		this.index = at;
		this.#restart();
	}

	next(): void {
		this.index = nextIndex(this.playlist, this.index);
		this.#restart();
	}

	/** filters the map by a tile (null: everything) */
	filterBlock(id: string | null): void {
		this.block = id;
	}

	/** holds the rotation (replay running) or lets it go on */
	hold(on: boolean): void {
		if (this.held === on) return;
		this.held = on;
		this.#restart();
	}

	#restart(): void {
		this.#clear();
		this.startedAt = Date.now();
		if (!this.#running || !this.rotating) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.next();
		}, this.durationMs);
	}

	#clear(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}
}

export const scenes = new Scenes();
