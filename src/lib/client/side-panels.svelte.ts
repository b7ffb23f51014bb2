import {
	DEFAULT_SIDE_PLAYLIST,
	nextSideIndex,
	resolveSidePanel,
	sideRotates,
	sideView,
	type SidePanelId,
	type SidePanelItem
} from '#domain/wall/side-panels.ts';
import { Playlist } from './playlist.svelte.ts';

/**
 * The side column's playlist (src/lib/domain/wall/side-panels.ts holds the math, playlist.svelte.ts the timer):
 * groups turn on a schedule unless one is pinned; the page tells it how many fit. The curator tablet will drive
 * `pin` / `unpin` / `show` later; the address (`?panel=`) and the test hooks do now. An analytics panel's id stands
 * for its group everywhere.
 */
export class SidePanels extends Playlist<SidePanelId, SidePanelItem> {
	/** groups that fit in the column at once (measured by the page) */
	slots = $state(1);

	readonly view = $derived(sideView(this.playlist, this.index, this.slots, this.pinned));
	readonly rotating: boolean = $derived(sideRotates(this.playlist, this.slots, this.pinned));

	constructor() {
		super(DEFAULT_SIDE_PLAYLIST, DEFAULT_SIDE_PLAYLIST[0].durationMs);
	}

	start(playlist?: SidePanelItem[]): void {
		this.index = 0;
		super.start(playlist);
	}

	/** brings a group on screen now; the rotation goes on from it (a pinned column pins it instead) */
	show(id: string): void {
		const panel = resolveSidePanel(id);
		if (!panel) return;
		const at = this.indexOf(panel);
		if (this.pinned !== null || at < 0) return this.pin(panel);
		this.index = at;
		this.restart();
	}

	/** the column was measured: this many groups fit */
	setSlots(n: number): void {
		const slots = Math.max(1, Math.floor(n));
		if (slots === this.slots) return;
		this.slots = slots;
		this.restart();
	}

	protected idOf(item: SidePanelItem): SidePanelId {
		return item.panel;
	}

	protected resolve(id: string): SidePanelId | null {
		return resolveSidePanel(id);
	}

	protected nextIndex(index: number): number {
		return nextSideIndex(this.playlist, index, this.slots);
	}
}

export const sidePanels = new SidePanels();
