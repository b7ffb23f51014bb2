/**
 * An application-level group commit. Every ingest statement ends by writing outbox rows under one advisory lock
 * held through its commit (seq order = commit order), so statements commit one after another, each with its own
 * WAL flush. Callers that arrive while `maxInFlight` statements run are merged into the next statement instead of
 * queueing on the lock one by one: under load a commit carries many requests, when idle a request goes alone.
 * Each caller still resolves only after the statement holding its rows committed.
 */
export interface GroupOptions {
	/** statements running at once; two lets one insert its incidents while the other commits */
	maxInFlight: number;
	/** rows merged into one statement at most (a single caller may bring more) */
	maxRows: number;
}

interface Waiting<Row, Out> {
	rows: Row[];
	resolve(out: Out): void;
	reject(err: unknown): void;
}

export class GroupCommit<Row, Out> {
	readonly #run: (rows: Row[]) => Promise<Out>;
	readonly #split: (out: Out, groups: Row[][]) => Out[];
	readonly #opts: GroupOptions;
	readonly #queue: Waiting<Row, Out>[] = [];
	#inFlight = 0;

	/**
	 * `run` executes one statement for the concatenated rows; `split` hands each caller its share of the result,
	 * given every caller's rows in statement order.
	 */
	constructor(run: (rows: Row[]) => Promise<Out>, split: (out: Out, groups: Row[][]) => Out[], opts: GroupOptions) {
		this.#run = run;
		this.#split = split;
		this.#opts = opts;
	}

	submit(rows: Row[]): Promise<Out> {
		return new Promise<Out>((resolve, reject) => {
			this.#queue.push({ rows, resolve, reject });
			this.#pump();
		});
	}

	#pump(): void {
		while (this.#inFlight < this.#opts.maxInFlight && this.#queue.length > 0) {
			const group: Waiting<Row, Out>[] = [];
			let size = 0;
			while (this.#queue.length > 0 && (group.length === 0 || size + this.#queue[0].rows.length <= this.#opts.maxRows)) {
				const next = this.#queue.shift()!;
				group.push(next);
				size += next.rows.length;
			}
			this.#inFlight += 1;
			void this.#execute(group).finally(() => {
				this.#inFlight -= 1;
				this.#pump();
			});
		}
	}

	async #execute(group: Waiting<Row, Out>[]): Promise<void> {
		let out: Out;
		try {
			out = await this.#run(group.length === 1 ? group[0].rows : group.flatMap((w) => w.rows));
		} catch (err) {
			if (group.length === 1) return group[0].reject(err);
			// nothing of a failed statement was written: retry each caller alone, so one caller's bad row fails only it
			await Promise.all(group.map((w) => this.#run(w.rows).then(w.resolve, w.reject)));
			return;
		}
		if (group.length === 1) return group[0].resolve(out);
		const shares = this.#split(out, group.map((w) => w.rows));
		group.forEach((w, i) => w.resolve(shares[i]));
	}
}
