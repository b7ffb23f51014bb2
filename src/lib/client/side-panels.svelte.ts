import {
	DEFAULT_SIDE_PLAYLIST,
	nextSideIndex,
	resolveSidePanel,
	sideRotates,
	sideView,
	type SidePanelId,
	type SidePanelItem
} from '#domain/wall/side-panels.ts';

/**
 * The side column's playlist (src/lib/domain/wall/side-panels.ts holds the math): groups turn on a schedule
 * unless one is pinned; the page tells it how many fit. One timer at a time. The curator tablet will drive
 * `pin` / `unpin` / `show` later; the address (`?panel=`) and the test hooks do now.
 */
export class SidePanels {
	playlist = $state.raw<SidePanelItem[]>([...DEFAULT_SIDE_PLAYLIST]);
	index = $state(0);
	pinned = $state<SidePanelId | null>(null);
	/** groups that fit in the column at once (measured by the page) */
	slots = $state(1);
	/** when the groups on screen came on (the progress bar restarts on it) */
	startedAt = $state(Date.now());

	#timer: ReturnType<typeof setTimeout> | null = null;
	#running = false;

	readonly view = $derived(sideView(this.playlist, this.index, this.slots, this.pinned));
	readonly rotating: boolean = $derived(sideRotates(this.playlist, this.slots, this.pinned));
	readonly durationMs: number = $derived(this.playlist[this.index]?.durationMs ?? DEFAULT_SIDE_PLAYLIST[0].durationMs);

	start(playlist?: SidePanelItem[]): void {
		if (playlist?.length) this.playlist = playlist;
		this.index = 0;
		this.#running = true;
		this.#restart();
	}

	stop(): void {
		this.#running = false;
		this.#clear();
	}

	/** shows one group (an analytics panel id means its group) until `unpin` */
	pin(id: string): void {
		const panel = resolveSidePanel(id);
		if (!panel) return;
		this.pinned = panel;
		this.#restart();
	}

	/** back to the playlist, from the pinned group's place in it */
	unpin(): void {
		if (this.pinned === null) return;
		const at = this.playlist.findIndex((p) => p.panel === this.pinned);
		this.pinned = null;
		if (at >= 0) this.index = at;
		this.#restart();
	}

	/** brings a group on screen now; the rotation goes on from it (a pinned column pins it instead) */
	show(id: string): void {
		const panel = resolveSidePanel(id);
		if (!panel) return;
		const at = this.playlist.findIndex((p) => p.panel === panel);
		if (this.pinned !== null || at < 0) return this.pin(panel);
		this.index = at;
		this.#restart();
	}

	next(): void {
		this.index = nextSideIndex(this.playlist, this.index, this.slots);
		this.#restart();
	}

	/** the column was measured: this many groups fit */
	setSlots(n: number): void {
		const slots = Math.max(1, Math.floor(n));
		if (slots === this.slots) return;
		this.slots = slots;
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

export const sidePanels = new SidePanels();
