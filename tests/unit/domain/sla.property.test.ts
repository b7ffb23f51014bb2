import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
	addWorkingMinutes,
	calendarDayTerm,
	isWorkingTime,
	localDateOf,
	nextWorkingMoment,
	russianCalendar,
	workingMinutesBetween,
	type WorkCalendar
} from '../../../src/lib/domain/sla.ts';

const MINUTE = 60_000;
const ZONES = ['Europe/Moscow', 'Asia/Novokuznetsk', 'Asia/Vladivostok', 'Europe/Berlin', 'America/New_York'];
const calendars = new Map<string, WorkCalendar>(ZONES.map((z) => [z, russianCalendar(z)]));

const calendar = fc.constantFrom(...ZONES).map((z) => calendars.get(z) as WorkCalendar);
// minute-aligned instants across the shipped calendar years
const instant = fc
	.integer({ min: Date.parse('2025-01-01T00:00:00Z') / MINUTE, max: Date.parse('2027-11-30T00:00:00Z') / MINUTE })
	.map((m) => new Date(m * MINUTE));
const minutes = fc.integer({ min: 0, max: 30 * 540 });

describe('working-time arithmetic for any zone and instant', () => {
	it('counts back exactly the working minutes it added, from a working moment', () => {
		fc.assert(
			fc.property(calendar, instant, minutes, (cal, raw, m) => {
				const a = nextWorkingMoment(raw, cal);
				expect(isWorkingTime(a, cal)).toBe(true);
				expect(workingMinutesBetween(a, addWorkingMinutes(a, m, cal), cal)).toBe(m);
			}),
			{ numRuns: 500 }
		);
	});

	it('counts back exactly the working minutes it added, from any moment', () => {
		fc.assert(
			fc.property(calendar, instant, minutes, (cal, a, m) => {
				expect(workingMinutesBetween(a, addWorkingMinutes(a, m, cal), cal)).toBe(m);
			}),
			{ numRuns: 300 }
		);
	});

	it('never gives an earlier deadline for more minutes', () => {
		fc.assert(
			fc.property(calendar, instant, minutes, minutes, (cal, a, m1, m2) => {
				const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
				expect(addWorkingMinutes(a, lo, cal).getTime()).toBeLessThanOrEqual(addWorkingMinutes(a, hi, cal).getTime());
			}),
			{ numRuns: 300 }
		);
	});

	it('never lands in non-working time, except exactly at the end of a working day', () => {
		fc.assert(
			fc.property(calendar, instant, fc.integer({ min: 1, max: 30 * 540 }), (cal, a, m) => {
				const due = addWorkingMinutes(a, m, cal);
				const endOfDay = !isWorkingTime(due, cal) && isWorkingTime(new Date(due.getTime() - 1), cal);
				expect(isWorkingTime(due, cal) || endOfDay).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});

	it('adds up working minutes over consecutive spans', () => {
		fc.assert(
			fc.property(calendar, instant, instant, instant, (cal, x, y, z) => {
				const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
				expect(workingMinutesBetween(a, b, cal) + workingMinutesBetween(b, c, cal)).toBe(workingMinutesBetween(a, c, cal));
			}),
			{ numRuns: 200 }
		);
	});

	it('agrees with counting working minutes one by one', () => {
		fc.assert(
			fc.property(calendar, instant, fc.integer({ min: 1, max: 600 }), (cal, a, m) => {
				// oracle: step minute by minute and count the minutes that start in working time
				let t = a.getTime();
				let left = m;
				while (left > 0) {
					if (isWorkingTime(new Date(t), cal)) left--;
					t += MINUTE;
				}
				expect(addWorkingMinutes(a, m, cal)).toEqual(new Date(t));
			}),
			{ numRuns: 60 }
		);
	});
});

describe('calendar-day terms for any zone and start', () => {
	it('end at the end of a working day after the start date', () => {
		fc.assert(
			fc.property(calendar, instant, fc.integer({ min: 1, max: 60 }), (cal, start, days) => {
				const due = calendarDayTerm(start, days, cal);
				expect(isWorkingTime(due, cal)).toBe(false);
				expect(isWorkingTime(new Date(due.getTime() - 1), cal)).toBe(true);
				expect(localDateOf(due, cal.timeZone) > localDateOf(start, cal.timeZone)).toBe(true);
			}),
			{ numRuns: 300 }
		);
	});
});
