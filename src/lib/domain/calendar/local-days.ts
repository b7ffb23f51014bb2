/**
 * The municipality's own calendar days on top of the official production calendar: a local holiday (e.g. a
 * day the head declares non-working) or a working day moved onto a weekend. Pure; the server stores them.
 */
import { z } from 'zod';
import type { WorkCalendar } from '../sla.ts';
import { requiredText, storableString } from '../fields.ts';

export const LOCAL_DAY_KINDS = ['holiday', 'working'] as const;
export type LocalDayKind = (typeof LOCAL_DAY_KINDS)[number];

/** A real calendar date 'YYYY-MM-DD' (2025-02-30 is refused, not rolled over). */
export const CalendarDateSchema = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
	.refine((s) => {
		const d = new Date(`${s}T00:00:00Z`);
		return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
	}, 'no such date');

/** who makes a change of the calendar: in a new day's body, and in the query or form of a removal */
export const CalendarActorSchema = requiredText(200, 'who makes the change');

export const LocalDayInputSchema = z.object({
	day: CalendarDateSchema,
	kind: z.enum(LOCAL_DAY_KINDS),
	reason: storableString().trim().min(3, 'say why, at least 3 characters').max(500),
	actor: CalendarActorSchema
});
export type LocalDayInput = z.infer<typeof LocalDayInputSchema>;

export interface LocalDay {
	day: string;
	kind: LocalDayKind;
	reason: string;
	actor: string;
	createdAt: string;
}

/**
 * `base` with the local days applied: a holiday leaves the working days (and the transferred working weekends);
 * a working day joins them and stops being a holiday. Short days stay as the official calendar has them.
 */
export function withLocalDays(base: WorkCalendar, days: ReadonlyArray<Pick<LocalDay, 'day' | 'kind'>>): WorkCalendar {
	if (days.length === 0) return base;
	const holidays = new Set(base.holidays);
	const working = new Set(base.workingWeekends);
	for (const { day, kind } of days) {
		if (kind === 'holiday') {
			holidays.add(day);
			working.delete(day);
		} else {
			working.add(day);
			holidays.delete(day);
		}
	}
	return { ...base, holidays: [...holidays].sort(), workingWeekends: [...working].sort() };
}
