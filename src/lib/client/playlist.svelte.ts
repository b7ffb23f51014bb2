/**
 * A kiosk playlist as a rune class: items turn on a schedule unless one is pinned, with one timer at a time and
 * `startedAt` for the progress bar. The map's scenes and the side column's panel groups are two of them; each says
 * what its items' ids are, when it turns by itself and where a turn goes.
 */
export abstract class Playlist<Id extends string, Item extends { durationMs: number }> {
	playlist = $state.raw<Item[]>([]);
	index = $state(0);
	pinned = $state<Id | null>(null);
	/** when the item on screen came on (the progress bar restarts on it) */
	startedAt = $state(Date.now());

	#fallbackMs = 0;
	readonly durationMs: number = $derived(this.playlist[this.index]?.durationMs ?? this.#fallbackMs);
	/** true while the screen changes by itself */
	abstract readonly rotating: boolean;

	#timer: ReturnType<typeof setTimeout> | null = null;
	#running = false;

	constructor(initial: readonly Item[], fallbackMs: number) {
		this.playlist = [...initial];
		this.#fallbackMs = fallbackMs;
	}

	/** the id an item shows */
	protected abstract idOf(item: Item): Id;
	/** an id as the address or a hook gives it, or null when it names nothing */
	protected abstract resolve(id: string): Id | null;
	/** where the playlist goes after the item at `index` */
	protected abstract nextIndex(index: number): number;

	start(playlist?: Item[]): void {
		if (playlist?.length) this.playlist = playlist;
		this.#running = true;
		this.restart();
	}

	stop(): void {
		this.#running = false;
		this.#clear();
	}

	/** shows one item until `unpin` */
	pin(id: string): void {
		const resolved = this.resolve(id);
		if (resolved === null) return;
		this.pinned = resolved;
		this.restart();
	}

	/** back to the playlist, from the pinned item's place in it when it has one */
	unpin(): void {
		if (this.pinned === null) return;
		const at = this.indexOf(this.pinned);
		this.pinned = null;
		if (at >= 0) this.index = at;
		this.restart();
	}

	next(): void {
		this.index = this.nextIndex(this.index);
		this.restart();
	}

	protected indexOf(id: Id): number {
		return this.playlist.findIndex((p) => this.idOf(p) === id);
	}

	/** the screen changed: the progress bar starts over, and the timer when the playlist turns by itself */
	protected restart(): void {
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
