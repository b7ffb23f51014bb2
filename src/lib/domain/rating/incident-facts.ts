/**
 * One incident's contribution to the ratings' per-unit facts (UnitFacts in rating.ts), from its stored life-cycle
 * state. Pure and deterministic: it reads no clock, only the state and the overdue flags the SLA jobs stored, so
 * the incremental workers and the full recompute give the same facts for the same row.
 */
import type { LifecycleState } from '../lifecycle.ts';
import { localDateOf, workingMinutesBetween, type WorkCalendar } from '../sla.ts';
import { latencyBucketOf } from './rating.ts';

export interface IncidentRatingFacts {
	/** local date the incident was received: the day it counts for */
	day: string;
	/** its answer clock stopped, or it runs past due */
	answered: 0 | 1;
	/** answered, and the answer clock stopped by its due time */
	onTime: 0 | 1;
	/** latency bucket of the reaction (first answer, else take into work) in working minutes; null while none */
	firstAnswerBucket: number | null;
	/** latency bucket of the close in working minutes; null while open */
	resolutionBucket: number | null;
	/** re-opened at least once (a negative citizen reaction or a manual re-open) */
	reopened: 0 | 1;
	/** has a citizen outcome: satisfied (accepted, or accepted by silence) or re-opened */
	rated: 0 | 1;
	satisfied: 0 | 1;
}

export interface IncidentFactsInput {
	receivedAt: Date | string;
	state: LifecycleState;
	/** the clocks the SLA jobs flagged overdue (incidents.overdue_clocks) */
	overdueClocks: readonly string[];
	/** when a closed incident was last written (its close): the resolution time when no resolution clock stopped */
	closedAt?: Date | string | null;
}

/** The clock whose stop is "the answer": resolution when the channel has one, else first answer, else take into work. */
export function answerClockOf(state: LifecycleState): 'resolution' | 'firstAnswer' | 'takeIntoWork' | null {
	if (state.deadlines.resolution) return 'resolution';
	if (state.deadlines.firstAnswer) return 'firstAnswer';
	if (state.deadlines.takeIntoWork) return 'takeIntoWork';
	return null;
}

export function incidentRatingFacts(input: IncidentFactsInput, cal: WorkCalendar): IncidentRatingFacts {
	const { state } = input;
	const received = new Date(input.receivedAt);
	const closed = state.status === 'closed';
	const clock = answerClockOf(state);
	let answered: 0 | 1 = 0;
	let onTime: 0 | 1 = 0;
	if (clock) {
		const due = Date.parse(state.deadlines[clock] as string);
		const stoppedAt = state.stopped[clock];
		if (stoppedAt) {
			answered = 1;
			onTime = Date.parse(stoppedAt) <= due ? 1 : 0;
		} else if (input.overdueClocks.includes(clock)) {
			// still open and past due: counts as answered late
			answered = 1;
		}
	} else if (closed) {
		answered = 1;
		onTime = 1;
	}
	const reaction = state.stopped.firstAnswer ?? state.stopped.takeIntoWork;
	const firstAnswerBucket = reaction ? latencyBucketOf(workingMinutesBetween(received, new Date(reaction), cal)) : null;
	let resolutionBucket: number | null = null;
	if (closed) {
		const stops = Object.values(state.stopped).filter((v): v is string => typeof v === 'string');
		const last = stops.sort().at(-1);
		const closedAt = input.closedAt ? new Date(input.closedAt).toISOString() : undefined;
		const end = state.stopped.resolution ?? (closedAt && (!last || closedAt > last) ? closedAt : last);
		if (end) resolutionBucket = latencyBucketOf(workingMinutesBetween(received, new Date(end), cal));
	}
	// a satisfaction window was opened (ИМ, manual) and the citizen accepted, explicitly or by silence
	const satisfied: 0 | 1 =
		closed && state.deadlines.satisfaction !== undefined && (state.resolution === 'done' || state.resolution === 'accepted_by_silence') ? 1 : 0;
	const reopened: 0 | 1 = state.reopenCount > 0 ? 1 : 0;
	return {
		day: localDateOf(received, cal.timeZone),
		answered,
		onTime,
		firstAnswerBucket,
		resolutionBucket,
		reopened,
		rated: satisfied || reopened ? 1 : 0,
		satisfied
	};
}
