import { describe, expect, it } from 'vitest';
import { CalendarDateSchema, LocalDayInputSchema, withLocalDays } from '../../../src/lib/domain/calendar/local-days.ts';
import { addWorkingMinutes, computeDeadlines, isWorkingDay, isWorkingTime, russianCalendar } from '../../../src/lib/domain/sla.ts';

const official = russianCalendar('Europe/Moscow');

describe('the municipality’s own calendar days', () => {
	it('a local holiday on a Wednesday stops the clock for that day', () => {
		// Wed 2026-03-11 is a working day officially
		expect(isWorkingDay('2026-03-11', official)).toBe(true);
		const cal = withLocalDays(official, [{ day: '2026-03-11', kind: 'holiday' }]);
		expect(isWorkingDay('2026-03-11', cal)).toBe(false);
		expect(isWorkingTime(new Date('2026-03-11T10:00:00+03:00'), cal)).toBe(false);
		// Tue 16:30 + 60 working min: officially Wed 08:30; with Wednesday off, Thu 08:30
		expect(addWorkingMinutes(new Date('2026-03-10T16:30:00+03:00'), 60, official).toISOString()).toBe('2026-03-11T05:30:00.000Z');
		expect(addWorkingMinutes(new Date('2026-03-10T16:30:00+03:00'), 60, cal).toISOString()).toBe('2026-03-12T05:30:00.000Z');
	});

	it('a local working Saturday counts, and the regional platform’s one-day take-into-work term ends on it', () => {
		const cal = withLocalDays(official, [{ day: '2026-03-14', kind: 'working' }]);
		expect(isWorkingDay('2026-03-14', cal)).toBe(true);
		const input = { channel: 'regional', receivedAt: new Date('2026-03-13T12:00:00+03:00') };
		// 540 working minutes from Friday noon: officially Monday noon; with Saturday working, Saturday noon
		expect(computeDeadlines(input, official).takeIntoWork?.toISOString()).toBe('2026-03-16T09:00:00.000Z');
		expect(computeDeadlines(input, cal).takeIntoWork?.toISOString()).toBe('2026-03-14T09:00:00.000Z');
	});

	it('a local working day overrides an official holiday, and a local holiday an official working weekend', () => {
		const holiday = official.holidays.find((d) => d.startsWith('2026-'))!;
		const working = official.workingWeekends.find((d) => d.startsWith('2025-'))!;
		const cal = withLocalDays(official, [
			{ day: holiday, kind: 'working' },
			{ day: working, kind: 'holiday' }
		]);
		expect(isWorkingDay(holiday, cal)).toBe(true);
		expect(isWorkingDay(working, cal)).toBe(false);
		expect(cal.holidays).not.toContain(holiday);
		expect(cal.workingWeekends).not.toContain(working);
		// the official calendar object is left as it was
		expect(isWorkingDay(holiday, official)).toBe(false);
	});

	it('no local days leave the calendar as it is', () => {
		expect(withLocalDays(official, [])).toBe(official);
	});

	it('refuses dates that do not exist and changes without a reason or an actor, naming the field', () => {
		expect(CalendarDateSchema.safeParse('2026-02-30').success).toBe(false);
		expect(CalendarDateSchema.safeParse('2026-2-3').success).toBe(false);
		expect(CalendarDateSchema.safeParse('2028-02-29').success).toBe(true);
		const bad = LocalDayInputSchema.safeParse({ day: '2026-13-01', kind: 'weekend', reason: ' ', actor: '' });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => i.path[0]).sort()).toEqual(['actor', 'day', 'kind', 'reason']);
	});
});
