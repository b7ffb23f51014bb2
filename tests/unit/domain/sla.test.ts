import { describe, it, expect } from 'vitest';
import {
	addWorkingMinutes,
	atLocalTime,
	calendarDayTerm,
	computeDeadlines,
	dailyCutoff,
	dueSoon,
	extendTerm,
	isWorkingDay,
	isWorkingTime,
	localDateOf,
	nextWorkingMoment,
	nominalTermDate,
	russianCalendar,
	startOfLocalDay,
	workingMinutesBetween,
	WorkCalendarSchema,
	type WorkCalendar
} from '../../../src/lib/domain/sla.ts';

// local wall time written with an explicit offset, so expectations never depend on the code under test
const TASHTAGOL = '+07:00';
const TUAPSE = '+03:00';
const LESOZAVODSK = '+10:00';
const at = (local: string, offset: string) => new Date(`${local.replace(' ', 'T')}:00${offset}`);

const tashtagol = russianCalendar('Asia/Novokuznetsk');
const tuapse = russianCalendar('Europe/Moscow');
const lesozavodsk = russianCalendar('Asia/Vladivostok');
const berlin = russianCalendar('Europe/Berlin');

const firstAnswer = (local: string, cal: WorkCalendar = tashtagol, offset = TASHTAGOL) =>
	computeDeadlines({ channel: 'im', receivedAt: at(local, offset) }, cal).firstAnswer;

describe('the official calendar', () => {
	it('ships 2025–2027 holidays, transfers and shortened days as data', () => {
		expect(tashtagol.timeZone).toBe('Asia/Novokuznetsk');
		expect(tashtagol.dayStart).toBe('08:00');
		expect(tashtagol.dayEnd).toBe('17:00');
		expect(tashtagol.holidays).toContain('2026-01-09');
		expect(tashtagol.holidays).toContain('2026-12-31');
		expect(tashtagol.holidays).toContain('2025-12-31');
		expect(tashtagol.holidays).toContain('2027-01-08');
		expect(tashtagol.workingWeekends).toEqual(['2025-11-01']);
		expect(tashtagol.shortDays).toContain('2026-11-03');
		expect(WorkCalendarSchema.safeParse(tashtagol).success).toBe(true);
	});

	it('counts 247 working days in 2026 as the decree does', () => {
		let count = 0;
		for (let d = new Date('2026-01-01T00:00:00Z'); d.getUTCFullYear() === 2026; d = new Date(d.getTime() + 86_400_000)) {
			if (isWorkingDay(d.toISOString().slice(0, 10), tuapse)) count++;
		}
		expect(count).toBe(247);
	});

	it('treats a transferred working Saturday as a working day', () => {
		expect(isWorkingDay('2025-11-01', tuapse)).toBe(true);
		expect(isWorkingDay('2025-11-03', tuapse)).toBe(false);
	});

	it('rejects an unknown time zone', () => {
		expect(() => russianCalendar('Mars/Olympus')).toThrow(RangeError);
		expect(WorkCalendarSchema.safeParse({ ...tuapse, timeZone: 'Mars/Olympus' }).success).toBe(false);
	});
});

describe('working time', () => {
	it('starts at 08:00 and ends before 17:00 local', () => {
		expect(isWorkingTime(at('2026-03-10 08:00', TASHTAGOL), tashtagol)).toBe(true);
		expect(isWorkingTime(at('2026-03-10 07:59', TASHTAGOL), tashtagol)).toBe(false);
		expect(isWorkingTime(at('2026-03-10 16:59', TASHTAGOL), tashtagol)).toBe(true);
		expect(isWorkingTime(at('2026-03-10 17:00', TASHTAGOL), tashtagol)).toBe(false);
	});

	it('ends at 16:00 on a shortened pre-holiday day', () => {
		expect(isWorkingTime(at('2026-11-03 15:59', TASHTAGOL), tashtagol)).toBe(true);
		expect(isWorkingTime(at('2026-11-03 16:00', TASHTAGOL), tashtagol)).toBe(false);
	});

	it('is judged in the municipality zone, not in Moscow', () => {
		// 09:00 in Moscow is 13:00 in Tashtagol and 16:00 in Lesozavodsk
		const instant = at('2026-03-10 09:00', TUAPSE);
		expect(isWorkingTime(instant, tashtagol)).toBe(true);
		expect(isWorkingTime(at('2026-03-10 10:30', TUAPSE), lesozavodsk)).toBe(false);
		expect(isWorkingTime(at('2026-03-10 07:30', TUAPSE), tuapse)).toBe(false);
	});

	it('has no working time on weekends and holidays', () => {
		expect(isWorkingTime(at('2026-03-14 11:00', TASHTAGOL), tashtagol)).toBe(false);
		expect(isWorkingTime(at('2026-01-09 10:00', TASHTAGOL), tashtagol)).toBe(false);
		expect(isWorkingTime(at('2026-03-09 10:00', TASHTAGOL), tashtagol)).toBe(false);
	});

	it('moves a moment outside working time to the next working morning', () => {
		expect(nextWorkingMoment(at('2026-03-13 17:00', TASHTAGOL), tashtagol)).toEqual(at('2026-03-16 08:00', TASHTAGOL));
		expect(nextWorkingMoment(at('2026-03-10 10:00', TASHTAGOL), tashtagol)).toEqual(at('2026-03-10 10:00', TASHTAGOL));
	});

	it('keeps a deadline landing exactly at the end of the day at 17:00', () => {
		expect(addWorkingMinutes(at('2026-03-10 16:00', TASHTAGOL), 60, tashtagol)).toEqual(at('2026-03-10 17:00', TASHTAGOL));
		expect(addWorkingMinutes(at('2026-03-10 08:00', TASHTAGOL), 540, tashtagol)).toEqual(at('2026-03-10 17:00', TASHTAGOL));
	});

	it('carries a Friday evening message over the weekend', () => {
		expect(addWorkingMinutes(at('2026-03-13 16:40', TASHTAGOL), 60, tashtagol)).toEqual(at('2026-03-16 08:40', TASHTAGOL));
		expect(addWorkingMinutes(at('2026-03-13 19:00', TASHTAGOL), 60, tashtagol)).toEqual(at('2026-03-16 09:00', TASHTAGOL));
	});

	it('counts only working minutes between two moments', () => {
		expect(workingMinutesBetween(at('2026-03-13 16:00', TASHTAGOL), at('2026-03-16 09:00', TASHTAGOL), tashtagol)).toBe(120);
		expect(workingMinutesBetween(at('2026-03-16 09:00', TASHTAGOL), at('2026-03-13 16:00', TASHTAGOL), tashtagol)).toBe(-120);
		expect(workingMinutesBetween(at('2026-03-14 09:00', TASHTAGOL), at('2026-03-15 16:00', TASHTAGOL), tashtagol)).toBe(0);
	});

	it('refuses negative minutes', () => {
		expect(() => addWorkingMinutes(at('2026-03-10 10:00', TASHTAGOL), -1, tashtagol)).toThrow(RangeError);
	});

	it('fails loudly on a calendar without any working day', () => {
		const never: WorkCalendar = { ...tashtagol, workingWeekends: [], holidays: [] };
		const allOff = { ...never, dayStart: '08:00', dayEnd: '08:00' };
		expect(() => addWorkingMinutes(at('2026-03-10 10:00', TASHTAGOL), 1, allOff)).toThrow(/no working day/);
	});
});

describe('ИМ first answer, Tashtagol (T01–T07)', () => {
	it('T01: answers within the same hour inside working time', () => {
		expect(firstAnswer('2026-03-10 10:20')).toEqual(at('2026-03-10 11:20', TASHTAGOL));
	});
	it('T02: splits the hour between the evening and the next morning', () => {
		expect(firstAnswer('2026-03-10 16:30')).toEqual(at('2026-03-11 08:30', TASHTAGOL));
	});
	it('T03: skips the 21–23 February holidays after a full-length Friday', () => {
		expect(firstAnswer('2026-02-20 16:45')).toEqual(at('2026-02-24 08:45', TASHTAGOL));
	});
	it('T04: starts a Saturday message on Monday morning', () => {
		expect(firstAnswer('2026-03-14 11:00')).toEqual(at('2026-03-16 09:00', TASHTAGOL));
	});
	it('T05: ends the shortened 30 April at 16:00 and skips 1–3 May', () => {
		expect(firstAnswer('2026-04-30 15:30')).toEqual(at('2026-05-04 08:30', TASHTAGOL));
	});
	it('T06: waits out the New Year holidays and the transferred 9 January', () => {
		expect(firstAnswer('2026-01-09 10:00')).toEqual(at('2026-01-12 09:00', TASHTAGOL));
	});
	it('T07: crosses 31 December and the 2027 New Year holidays as shipped', () => {
		expect(firstAnswer('2026-12-30 16:30')).toEqual(at('2027-01-11 08:30', TASHTAGOL));
	});
	it('T08: honours a working Saturday the ЦУР declares', () => {
		const withOverride: WorkCalendar = { ...tashtagol, workingWeekends: [...tashtagol.workingWeekends, '2026-03-07'] };
		expect(firstAnswer('2026-03-06 16:30', withOverride)).toEqual(at('2026-03-07 08:30', TASHTAGOL));
		expect(firstAnswer('2026-03-06 16:30')).toEqual(at('2026-03-10 08:30', TASHTAGOL));
	});
	it('T08: a municipality may add its own day off', () => {
		const withDayOff: WorkCalendar = { ...tashtagol, holidays: [...tashtagol.holidays, '2026-03-11'] };
		expect(firstAnswer('2026-03-10 16:30', withDayOff)).toEqual(at('2026-03-12 08:30', TASHTAGOL));
	});
	it('T09: an urgent request counts plain time on a Sunday holiday weekend', () => {
		const d = computeDeadlines({ channel: 'im', receivedAt: at('2026-05-10 13:00', TASHTAGOL), urgent: true }, tashtagol);
		expect(d.firstAnswer).toEqual(at('2026-05-10 14:00', TASHTAGOL));
	});
	it('T35: counts in Tashtagol time, not Moscow time', () => {
		const d = computeDeadlines({ channel: 'im', receivedAt: new Date('2026-03-11T01:30:00Z') }, tashtagol);
		expect(d.firstAnswer).toEqual(new Date('2026-03-11T02:30:00Z'));
	});
	it('gives manual entries the same first-answer hour as ИМ', () => {
		const d = computeDeadlines({ channel: 'manual', receivedAt: at('2026-03-10 16:30', TASHTAGOL) }, tashtagol);
		expect(d).toEqual({ firstAnswer: at('2026-03-11 08:30', TASHTAGOL) });
	});
	it('sets no resolution for ИМ at ingest: the executor names the date', () => {
		const d = computeDeadlines({ channel: 'im', receivedAt: at('2026-03-10 10:20', TASHTAGOL), dueAt: at('2026-03-20 10:00', TASHTAGOL) }, tashtagol);
		expect(d.resolution).toBeUndefined();
		expect(d.takeIntoWork).toBeUndefined();
	});
});

describe('ПОС (T13, T14, T36)', () => {
	it('T13: takes into work within one working day after the February holidays', () => {
		const d = computeDeadlines({ channel: 'pos', receivedAt: at('2026-02-21 09:00', TASHTAGOL) }, tashtagol);
		expect(d.takeIntoWork).toEqual(at('2026-02-24 17:00', TASHTAGOL));
		expect(d.resolution).toBeUndefined();
	});
	it('takes the platform deadline as the resolution deadline', () => {
		const dueAt = at('2026-03-06 17:00', TASHTAGOL);
		const d = computeDeadlines({ channel: 'pos', receivedAt: at('2026-03-02 10:00', TASHTAGOL), dueAt }, tashtagol);
		expect(d.resolution).toEqual(dueAt);
		expect(d.firstAnswer).toBeUndefined();
	});
	it('T14: late consent after the March holidays is overdue by 1 h 10 min of working time', () => {
		expect(workingMinutesBetween(at('2026-03-06 17:00', TASHTAGOL), at('2026-03-10 09:10', TASHTAGOL), tashtagol)).toBe(70);
	});
	it('T36: a Friday 17:30 message in Lesozavodsk starts on Tuesday after 21–23 February', () => {
		const d = computeDeadlines({ channel: 'pos', receivedAt: new Date('2026-02-20T07:30:00Z') }, lesozavodsk);
		expect(d.takeIntoWork).toEqual(new Date('2026-02-24T07:00:00Z'));
	});
	it('an urgent ПОС message gets a first answer within 60 plain minutes and keeps its other deadlines', () => {
		const receivedAt = at('2026-03-14 22:10', TASHTAGOL);
		const d = computeDeadlines({ channel: 'pos', receivedAt, urgent: true }, tashtagol);
		expect(d.firstAnswer).toEqual(at('2026-03-14 23:10', TASHTAGOL));
		expect(d.takeIntoWork).toEqual(at('2026-03-16 17:00', TASHTAGOL));
	});
});

describe('regional platform «Кузбасс Онлайн» (T16–T22)', () => {
	const regional = (local: string) => computeDeadlines({ channel: 'regional', receivedAt: at(local, TASHTAGOL) }, tashtagol);

	it('T16: one working day to take, 14 days to resolve', () => {
		expect(regional('2026-04-13 10:00')).toEqual({ takeIntoWork: at('2026-04-14 10:00', TASHTAGOL), resolution: at('2026-04-27 17:00', TASHTAGOL) });
	});
	it('T17: a shortened Friday before the May holidays', () => {
		expect(regional('2026-05-08 14:30')).toEqual({ takeIntoWork: at('2026-05-12 15:30', TASHTAGOL), resolution: at('2026-05-22 17:00', TASHTAGOL) });
	});
	it('T18: an after-hours message before the June holidays', () => {
		expect(regional('2026-06-11 18:20')).toEqual({ takeIntoWork: at('2026-06-15 17:00', TASHTAGOL), resolution: at('2026-06-25 17:00', TASHTAGOL) });
	});
	it('T19: day 14 on a Saturday moves back to Friday', () => {
		expect(regional('2026-03-21 11:00')).toEqual({ takeIntoWork: at('2026-03-23 17:00', TASHTAGOL), resolution: at('2026-04-03 17:00', TASHTAGOL) });
	});
	it('T20: day 14 is a shortened day ending at 16:00', () => {
		expect(regional('2026-10-20 09:00')).toEqual({ takeIntoWork: at('2026-10-21 09:00', TASHTAGOL), resolution: at('2026-11-03 16:00', TASHTAGOL) });
	});
	it('T21: day 14 on 4 November moves back onto the shortened 3 November', () => {
		expect(regional('2026-10-21 11:00')).toEqual({ takeIntoWork: at('2026-10-22 11:00', TASHTAGOL), resolution: at('2026-11-03 16:00', TASHTAGOL) });
	});
	it('T22: a New Year holiday message', () => {
		expect(regional('2026-01-03 12:00')).toEqual({ takeIntoWork: at('2026-01-12 17:00', TASHTAGOL), resolution: at('2026-01-16 17:00', TASHTAGOL) });
	});
});

describe("head's social networks: the 18:00 rule (T23–T27)", () => {
	const head = (local: string) => computeDeadlines({ channel: 'head_social', receivedAt: at(local, TASHTAGOL) }, tashtagol).resolution;

	it('T23: a holiday-weekend morning is due at 18:00 the same day', () => {
		expect(head('2026-03-07 09:15')).toEqual(at('2026-03-07 18:00', TASHTAGOL));
	});
	it('T24: after 18:00 it is due at 18:00 the next day', () => {
		expect(head('2026-03-02 18:05')).toEqual(at('2026-03-03 18:00', TASHTAGOL));
	});
	it('T25: one minute before the cut-off is due the same day, even before a day off', () => {
		expect(head('2026-12-30 17:59')).toEqual(at('2026-12-30 18:00', TASHTAGOL));
	});
	it('T26: a late-night holiday message is due on Saturday at 18:00', () => {
		expect(head('2026-01-09 23:30')).toEqual(at('2026-01-10 18:00', TASHTAGOL));
	});
	it('T27: a weekday morning is due the same evening', () => {
		expect(head('2026-03-02 10:00')).toEqual(at('2026-03-02 18:00', TASHTAGOL));
	});
	it('exactly 18:00 rolls to the next day', () => {
		expect(head('2026-03-02 18:00')).toEqual(at('2026-03-03 18:00', TASHTAGOL));
	});
	it('uses the local 18:00 of each municipality', () => {
		expect(dailyCutoff(new Date('2026-03-02T08:30:00Z'), 'Asia/Vladivostok')).toEqual(new Date('2026-03-03T08:00:00Z'));
		expect(dailyCutoff(new Date('2026-03-02T08:30:00Z'), 'Europe/Moscow')).toEqual(new Date('2026-03-02T15:00:00Z'));
	});
});

describe('59-ФЗ appeals (T28–T34)', () => {
	const appeal = (date: string, cal = tuapse, offset = TUAPSE) => {
		const receivedAt = at(`${date} 10:00`, offset);
		return { receivedAt, d: computeDeadlines({ channel: 'appeal_59fz', receivedAt }, cal) };
	};

	it('T28: registration in 3 days, answer in 30, extension by 30 more', () => {
		const { receivedAt, d } = appeal('2026-01-12');
		expect(d.takeIntoWork).toEqual(at('2026-01-15 17:00', TUAPSE));
		expect(d.resolution).toEqual(at('2026-02-11 17:00', TUAPSE));
		expect(extendTerm(receivedAt, 30, 30, tuapse)).toEqual(at('2026-03-13 17:00', TUAPSE));
	});
	it('T29: 30 and 60 days from 2 February', () => {
		const { receivedAt, d } = appeal('2026-02-02');
		expect(d.resolution).toEqual(at('2026-03-04 17:00', TUAPSE));
		expect(extendTerm(receivedAt, 30, 30, tuapse)).toEqual(at('2026-04-03 17:00', TUAPSE));
	});
	it('T30: a Sunday nominal date moves back to the shortened 8 May; the extension counts from the Sunday', () => {
		const { receivedAt, d } = appeal('2026-04-10');
		expect(nominalTermDate(receivedAt, 30, 'Europe/Moscow')).toBe('2026-05-10');
		expect(d.resolution).toEqual(at('2026-05-08 16:00', TUAPSE));
		expect(extendTerm(receivedAt, 30, 30, tuapse)).toEqual(at('2026-06-09 17:00', TUAPSE));
	});
	it('T31: Lesozavodsk uses the federal calendar in its own zone', () => {
		const { receivedAt, d } = appeal('2026-10-09', lesozavodsk, LESOZAVODSK);
		expect(d.resolution).toEqual(at('2026-11-06 17:00', LESOZAVODSK));
		expect(extendTerm(receivedAt, 30, 30, lesozavodsk)).toEqual(at('2026-12-08 17:00', LESOZAVODSK));
	});
	it('T32: 31 December moves back to 30 December; the extension lands in 2027', () => {
		const { receivedAt, d } = appeal('2026-12-01');
		expect(d.resolution).toEqual(at('2026-12-30 17:00', TUAPSE));
		expect(extendTerm(receivedAt, 30, 30, tuapse)).toEqual(at('2027-01-29 17:00', TUAPSE));
	});
	it('T33: an appeal received on 2 January is registered by 12 January, not before it arrived', () => {
		const { d } = appeal('2026-01-02');
		expect(d.takeIntoWork).toEqual(at('2026-01-12 17:00', TUAPSE));
		const registered = computeDeadlines(
			{ channel: 'appeal_59fz', receivedAt: at('2026-01-02 10:00', TUAPSE), registeredAt: at('2026-01-12 09:00', TUAPSE) },
			tuapse
		);
		expect(registered.resolution).toEqual(at('2026-02-11 17:00', TUAPSE));
	});
	it('T34: forwarding in 7 days moves back from the 9 March holiday to Friday', () => {
		expect(calendarDayTerm(at('2026-03-02 10:00', TUAPSE), 7, tuapse)).toEqual(at('2026-03-06 17:00', TUAPSE));
	});
	it('ignores the urgent flag: the terms are set by law', () => {
		const receivedAt = at('2026-01-12 10:00', TUAPSE);
		expect(computeDeadlines({ channel: 'appeal_59fz', receivedAt, urgent: true }, tuapse).firstAnswer).toBeUndefined();
	});
	it('a nominal day that is working needs no shift', () => {
		expect(calendarDayTerm(at('2026-03-02 10:00', TUAPSE), 0, tuapse)).toEqual(at('2026-03-02 17:00', TUAPSE));
	});
});

describe('time zones', () => {
	it('works in Asia/Novokuznetsk, Asia/Vladivostok and Europe/Moscow from the same instant', () => {
		const instant = new Date('2026-03-10T05:30:00Z');
		// 12:30 Tashtagol, 15:30 Lesozavodsk (90 min today + 30 tomorrow), 08:30 Tuapse
		expect(addWorkingMinutes(instant, 60, tashtagol)).toEqual(new Date('2026-03-10T06:30:00Z'));
		expect(addWorkingMinutes(instant, 120, lesozavodsk)).toEqual(new Date('2026-03-10T22:30:00Z'));
		expect(addWorkingMinutes(instant, 60, tuapse)).toEqual(new Date('2026-03-10T06:30:00Z'));
	});

	it('reads the local date and the local midnight in the municipality zone', () => {
		expect(localDateOf(new Date('2026-03-10T18:00:00Z'), 'Asia/Vladivostok')).toBe('2026-03-11');
		expect(localDateOf(new Date('2026-03-10T18:00:00Z'), 'Europe/Moscow')).toBe('2026-03-10');
		expect(startOfLocalDay(new Date('2026-03-10T18:00:00Z'), 'Asia/Vladivostok')).toEqual(new Date('2026-03-10T14:00:00Z'));
		expect(startOfLocalDay(new Date('2026-03-10T16:59:00Z'), 'Asia/Novokuznetsk')).toEqual(new Date('2026-03-09T17:00:00Z'));
		expect(atLocalTime('2026-03-10', '10:20', 'Asia/Novokuznetsk')).toEqual(new Date('2026-03-10T03:20:00Z'));
	});

	describe('in a zone with daylight saving time (Europe/Berlin)', () => {
		it('carries a Friday evening across the March switch to summer time', () => {
			// fri 27.03 16:30 CET (+01:00) → mon 30.03 08:30 CEST (+02:00)
			expect(addWorkingMinutes(new Date('2026-03-27T16:30:00+01:00'), 60, berlin)).toEqual(new Date('2026-03-30T08:30:00+02:00'));
		});
		it('carries a Friday evening across the October switch to winter time', () => {
			expect(addWorkingMinutes(new Date('2026-10-23T16:30:00+02:00'), 60, berlin)).toEqual(new Date('2026-10-26T08:30:00+01:00'));
		});
		it('counts full working days on both sides of the switch', () => {
			expect(workingMinutesBetween(new Date('2026-03-27T08:00:00+01:00'), new Date('2026-03-30T17:00:00+02:00'), berlin)).toBe(1080);
			expect(workingMinutesBetween(new Date('2026-10-23T08:00:00+02:00'), new Date('2026-10-26T17:00:00+01:00'), berlin)).toBe(1080);
		});
		it('keeps the 18:00 cut-off local on the switch day', () => {
			expect(dailyCutoff(new Date('2026-03-29T09:00:00+02:00'), 'Europe/Berlin')).toEqual(new Date('2026-03-29T18:00:00+02:00'));
			expect(dailyCutoff(new Date('2026-03-28T19:00:00+01:00'), 'Europe/Berlin')).toEqual(new Date('2026-03-29T18:00:00+02:00'));
		});
		it('finds local midnight on both sides of the switch', () => {
			expect(startOfLocalDay(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin')).toEqual(new Date('2026-03-28T23:00:00Z'));
			expect(startOfLocalDay(new Date('2026-03-30T12:00:00Z'), 'Europe/Berlin')).toEqual(new Date('2026-03-29T22:00:00Z'));
		});
		it('maps a wall time skipped by the switch to the moment after it', () => {
			expect(atLocalTime('2026-03-29', '02:30', 'Europe/Berlin')).toEqual(new Date('2026-03-29T01:30:00Z'));
		});
	});
});

describe('due soon', () => {
	const start = new Date('2026-03-10T08:00:00Z');
	const deadline = new Date('2026-03-10T18:00:00Z');
	it('is due soon with less than 30 minutes left', () => {
		const short = new Date('2026-03-10T08:40:00Z');
		expect(dueSoon(new Date('2026-03-10T08:15:00Z'), short, start)).toBe(true);
		expect(dueSoon(new Date('2026-03-10T08:05:00Z'), short, start)).toBe(false);
	});
	it('is due soon with less than 20 % of the term left', () => {
		expect(dueSoon(new Date('2026-03-10T16:01:00Z'), deadline, start)).toBe(true);
		expect(dueSoon(new Date('2026-03-10T15:59:00Z'), deadline, start)).toBe(false);
	});
	it('is not due soon once overdue', () => {
		expect(dueSoon(new Date('2026-03-10T18:01:00Z'), deadline, start)).toBe(false);
	});
});

describe('unknown channels', () => {
	it('refuses to guess a deadline', () => {
		expect(() => computeDeadlines({ channel: 'kuzbass_online', receivedAt: new Date() }, tuapse)).toThrow(RangeError);
	});
});
