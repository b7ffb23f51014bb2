/**
 * Work that may be asked for on every drain but needs doing at most once per `ms`: the first request starts the
 * timer and later ones ride along; `flush` does it now (at shutdown).
 */
export class Coalesced {
	readonly #ms: number;
	readonly #work: () => Promise<void>;
	#timer: NodeJS.Timeout | null = null;

	constructor(ms: number, work: () => Promise<void>) {
		this.#ms = ms;
		this.#work = work;
	}

	schedule(): void {
		if (this.#timer) return;
		this.#timer = setTimeout(() => void this.flush(), this.#ms);
	}

	async flush(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		await this.#work();
	}
}
