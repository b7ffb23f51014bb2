import type { OutboxEntry } from '../db/repositories/outbox.repository.ts';

/** The jobs a run of published outbox rows asks for, merged: incidents to place, incidents whose deadlines to schedule. */
export interface JobsDue {
	place: string[];
	/** incident id → the newest published version */
	timed: Map<string, number>;
	/** every row up to this seq is covered */
	upTo: number;
}

/**
 * Jobs of published rows, collected across drains until the relay enqueues them together. At a live feed's pace
 * every drain publishes one row, and a job per row made Redis work (the job, its events, its processing) the
 * largest cost of an incident on its way to the screens.
 */
export class PendingJobs {
	#place = new Set<string>();
	#timed = new Map<string, number>();
	#upTo = 0;

	get size(): number {
		return this.#place.size + this.#timed.size;
	}

	add(rows: OutboxEntry[]): void {
		for (const r of rows) {
			const { id, placement, sla_next_at, version } = r.incident;
			if (r.event === 'incident:created' && placement === 'pending') this.#place.add(id);
			// every published change (re)schedules its deadline jobs, on the workers' clock; ids dedupe versions
			if (sla_next_at !== null) this.#timed.set(id, Math.max(version, this.#timed.get(id) ?? 0));
			this.#upTo = Math.max(this.#upTo, r.seq);
		}
	}

	/** Everything collected, leaving nothing behind; `restore` gives it back should the enqueue fail. */
	take(): JobsDue {
		const due = { place: [...this.#place], timed: this.#timed, upTo: this.#upTo };
		this.#place = new Set();
		this.#timed = new Map();
		return due;
	}

	restore(due: JobsDue): void {
		for (const id of due.place) this.#place.add(id);
		for (const [id, version] of due.timed) this.#timed.set(id, Math.max(version, this.#timed.get(id) ?? 0));
		this.#upTo = Math.max(this.#upTo, due.upTo);
	}
}
