/**
 * Working-time clock and per-channel deadlines (channels-and-sla.md §0, issue 4).
 * Pure: no I/O, runs in the browser, the server and the workers. Time-zone math uses Intl only.
 */
import { z } from 'zod';
import ru2025 from './calendar/ru-2025.json';
import ru2026 from './calendar/ru-2026.json';
import ru2027 from './calendar/ru-2027.json';

const MINUTE = 60_000;
const DAY = 86_400_000;
// a calendar with no working day for ten years is a configuration error, not a long wait
const MAX_IDLE_DAYS = 3660;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const WorkCalendarSchema = z.object({
	timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone'),
	dayStart: hhmm,
	dayEnd: hhmm,
	holidays: z.array(isoDate),
	workingWeekends: z.array(isoDate),
	shortDays: z.array(isoDate)
}).refine((c) => c.dayEnd > c.dayStart, { message: 'the working day must end after it starts', path: ['dayEnd'] });

/** A municipality's working calendar: local hours 'HH:MM', local dates 'YYYY-MM-DD'. Treat it as immutable. */
export interface WorkCalendar {
	timeZone: string;
	dayStart: string;
	dayEnd: string;
	holidays: string[];
	workingWeekends: string[];
	shortDays: string[];
}

/** The product's default per-channel numbers (issue 4); minutes are working minutes unless said otherwise. */
export const SLA_DEFAULTS = {
	firstAnswerWorkingMinutes: 60,
	urgentFirstAnswerMinutes: 60,
	takeIntoWorkWorkingMinutes: 540,
	regionalResolutionDays: 14,
	appealRegistrationDays: 3,
	appealResolutionDays: 30,
	appealMaxExtensionDays: 30,
	headSocialCutoff: '18:00',
	shortDayMinutes: 60,
	satisfactionWindowMinutes: 48 * 60,
	dueSoonMinutes: 30,
	dueSoonShare: 0.2
} as const;

// ---- time zones -------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, ZoneOffsets>();
// zone transitions fall on whole quarter hours, so one offset per 15-minute bucket is exact
const BUCKET = 15 * MINUTE;

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

function isValidTimeZone(timeZone: string): boolean {
	try {
		formatter(timeZone);
		return true;
	} catch {
		return false;
	}
}

function computeOffset(timeZone: string, ms: number): number {
	let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
	for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
		if (p.type === 'year') y = +p.value;
		else if (p.type === 'month') mo = +p.value;
		else if (p.type === 'day') d = +p.value;
		else if (p.type === 'hour') h = +p.value;
		else if (p.type === 'minute') mi = +p.value;
		else if (p.type === 'second') s = +p.value;
	}
	return Date.UTC(y, mo - 1, d, h, mi, s) - ms;
}

interface ZoneOffsets {
	days: Map<number, number | null>;
	buckets: Map<number, number>;
}

/** Offset of local wall time from UTC at an instant, in ms. */
export function offsetAt(timeZone: string, ms: number): number {
	let z = offsetCache.get(timeZone);
	if (!z) offsetCache.set(timeZone, (z = { days: new Map(), buckets: new Map() }));
	// most utc days have one offset; only a day with a transition is resolved by 15-minute buckets
	const day = Math.floor(ms / DAY);
	let whole = z.days.get(day);
	if (whole === undefined) {
		if (z.days.size > 100_000) z.days.clear();
		const a = computeOffset(timeZone, day * DAY);
		whole = a === computeOffset(timeZone, (day + 1) * DAY) ? a : null;
		z.days.set(day, whole);
	}
	if (whole !== null) return whole;
	const bucket = Math.floor(ms / BUCKET);
	let off = z.buckets.get(bucket);
	if (off === undefined) {
		if (z.buckets.size > 100_000) z.buckets.clear();
		off = computeOffset(timeZone, bucket * BUCKET);
		z.buckets.set(bucket, off);
	}
	return off;
}

/** Local day number (days since 1970-01-01 of the local calendar date). */
function localDay(timeZone: string, ms: number): number {
	return Math.floor((ms + offsetAt(timeZone, ms)) / DAY);
}

/** UTC instant of a local wall-clock time; a time skipped by a DST jump maps to the instant after the jump. */
function localToUtc(timeZone: string, day: number, minuteOfDay: number): number {
	const wall = day * DAY + minuteOfDay * MINUTE;
	const o1 = offsetAt(timeZone, wall);
	const o2 = offsetAt(timeZone, wall - o1);
	if (o1 === o2) return wall - o1;
	const o3 = offsetAt(timeZone, wall - o2);
	if (o3 === o2) return wall - o2;
	return Math.max(wall - o2, wall - o3);
}

function dayOf(date: string): number {
	return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY;
}

function dateOf(day: number): string {
	return new Date(day * DAY).toISOString().slice(0, 10);
}

function minutesOf(time: string): number {
	return +time.slice(0, 2) * 60 + +time.slice(3, 5);
}

/** Local calendar date 'YYYY-MM-DD' of an instant in a zone. */
export function localDateOf(at: Date, timeZone: string): string {
	return dateOf(localDay(timeZone, at.getTime()));
}

/** The instant local midnight began on the local day that contains `at` ("today" counters). */
export function startOfLocalDay(at: Date, timeZone: string): Date {
	return new Date(localToUtc(timeZone, localDay(timeZone, at.getTime()), 0));
}

/** The instant of a local date and wall-clock time, e.g. atLocalTime('2026-03-10', '10:20', 'Asia/Novokuznetsk'). */
export function atLocalTime(date: string, time: string, timeZone: string): Date {
	return new Date(localToUtc(timeZone, dayOf(date), minutesOf(time)));
}

// ---- calendars ------------------------------------------------------------------------------------------

type Window = readonly [start: number, end: number];

interface CalendarIndex {
	source: WorkCalendar;
	lengths: [number, number, number];
	holidays: Set<number>;
	workingWeekends: Set<number>;
	shortDays: Set<number>;
	windows: Map<number, Window | null>;
}

const byIdentity = new WeakMap<WorkCalendar, CalendarIndex>();
const byContent = new Map<string, CalendarIndex>();

function buildIndex(cal: WorkCalendar): CalendarIndex {
	formatter(cal.timeZone);
	return {
		source: { ...cal },
		lengths: [cal.holidays.length, cal.workingWeekends.length, cal.shortDays.length],
		holidays: new Set(cal.holidays.map(dayOf)),
		workingWeekends: new Set(cal.workingWeekends.map(dayOf)),
		shortDays: new Set(cal.shortDays.map(dayOf)),
		windows: new Map()
	};
}

function isCurrent(ix: CalendarIndex, cal: WorkCalendar): boolean {
	const s = ix.source;
	return (
		s.timeZone === cal.timeZone &&
		s.dayStart === cal.dayStart &&
		s.dayEnd === cal.dayEnd &&
		s.holidays === cal.holidays &&
		s.workingWeekends === cal.workingWeekends &&
		s.shortDays === cal.shortDays &&
		ix.lengths[0] === cal.holidays.length &&
		ix.lengths[1] === cal.workingWeekends.length &&
		ix.lengths[2] === cal.shortDays.length
	);
}

function indexOf(cal: WorkCalendar): CalendarIndex {
	const hit = byIdentity.get(cal);
	if (hit && isCurrent(hit, cal)) return hit;
	// calendars rebuilt per call with equal content share one index
	const key = [cal.timeZone, cal.dayStart, cal.dayEnd, cal.holidays.join(), cal.workingWeekends.join(), cal.shortDays.join()].join('|');
	let ix = byContent.get(key);
	if (!ix) {
		if (byContent.size > 256) byContent.clear();
		ix = buildIndex(cal);
		byContent.set(key, ix);
	}
	const own = { ...ix, source: { ...cal }, lengths: ix.lengths };
	byIdentity.set(cal, own);
	return own;
}

function isWorkingDayNumber(ix: CalendarIndex, day: number): boolean {
	if (ix.holidays.has(day)) return false;
	if (ix.workingWeekends.has(day)) return true;
	const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a thursday
	return weekday >= 1 && weekday <= 5;
}

/** Working interval [start, end) of a local day in UTC ms, or null on a day off. */
function windowOf(ix: CalendarIndex, day: number): Window | null {
	let w = ix.windows.get(day);
	if (w !== undefined) return w;
	const { timeZone, dayStart, dayEnd } = ix.source;
	if (isWorkingDayNumber(ix, day)) {
		const end = minutesOf(dayEnd) - (ix.shortDays.has(day) ? SLA_DEFAULTS.shortDayMinutes : 0);
		const start = localToUtc(timeZone, day, minutesOf(dayStart));
		const stop = localToUtc(timeZone, day, end);
		w = stop > start ? [start, stop] : null;
	} else {
		w = null;
	}
	ix.windows.set(day, w);
	return w;
}

function workingDayAtOrBefore(ix: CalendarIndex, day: number, floor: number): number | null {
	for (let d = day; d > floor; d--) if (windowOf(ix, d)) return d;
	return null;
}

function workingDayAtOrAfter(ix: CalendarIndex, day: number): number {
	for (let d = day; d < day + MAX_IDLE_DAYS; d++) if (windowOf(ix, d)) return d;
	throw new Error('calendar has no working day within ten years');
}

function uniq(list: string[]): string[] {
	return [...new Set(list)].sort();
}

/** The official Russian production calendar 2025–2027 (2027 provisional), Mon–Fri 08:00–17:00 in `timeZone`. */
export function russianCalendar(timeZone: string): WorkCalendar {
	if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
	const years = [ru2025, ru2026, ru2027];
	return {
		timeZone,
		dayStart: '08:00',
		dayEnd: '17:00',
		holidays: uniq(years.flatMap((y) => y.nonWorkingWeekdays)),
		workingWeekends: uniq(years.flatMap((y) => y.workingWeekends)),
		shortDays: uniq(years.flatMap((y) => y.shortDays))
	};
}

/** Whether a local date is a working day of the calendar (weekends, holidays and transfers applied). */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
	return isWorkingDayNumber(indexOf(cal), dayOf(date));
}

// ---- working-time arithmetic ----------------------------------------------------------------------------

/** Working hours are end-exclusive: 08:00 is working time, 17:00 is not. */
export function isWorkingTime(at: Date, cal: WorkCalendar): boolean {
	const ix = indexOf(cal);
	const t = at.getTime();
	const w = windowOf(ix, localDay(cal.timeZone, t));
	return w !== null && t >= w[0] && t < w[1];
}

/** `at` itself when it is working time, else the start of the next working period. */
export function nextWorkingMoment(at: Date, cal: WorkCalendar): Date {
	return addWorkingMinutes(at, 0, cal);
}

/**
 * Adds working minutes: a start outside working time starts at the next working moment, and a result landing
 * exactly on the end of a working day stays there (17:00, not 08:00 next morning).
 */
export function addWorkingMinutes(from: Date, minutes: number, cal: WorkCalendar): Date {
	if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number ≥ 0, got ${minutes}`);
	const ix = indexOf(cal);
	let left = minutes * MINUTE;
	const t = from.getTime();
	let idle = 0;
	for (let day = localDay(cal.timeZone, t); idle < MAX_IDLE_DAYS; day++) {
		const w = windowOf(ix, day);
		if (!w || t >= w[1]) {
			idle++;
			continue;
		}
		idle = 0;
		const start = Math.max(t, w[0]);
		const available = w[1] - start;
		if (left <= available) return new Date(start + left);
		left -= available;
	}
	throw new Error('calendar has no working day within ten years');
}

/** Working minutes in [from, to); negative when `to` is before `from`. */
export function workingMinutesBetween(from: Date, to: Date, cal: WorkCalendar): number {
	const a = from.getTime();
	const b = to.getTime();
	if (b < a) return -workingMinutesBetween(to, from, cal);
	const ix = indexOf(cal);
	const last = localDay(cal.timeZone, b);
	let total = 0;
	for (let day = localDay(cal.timeZone, a); day <= last; day++) {
		const w = windowOf(ix, day);
		if (!w) continue;
		const s = Math.max(a, w[0]);
		const e = Math.min(b, w[1]);
		if (e > s) total += e - s;
	}
	return total / MINUTE;
}

// ---- calendar-day terms ---------------------------------------------------------------------------------

function termEnd(ix: CalendarIndex, startDay: number, nominal: number): Date {
	// a non-working last day moves back, unless that is not after the start date: then forward
	const day = windowOf(ix, nominal) ? nominal : (workingDayAtOrBefore(ix, nominal - 1, startDay) ?? workingDayAtOrAfter(ix, nominal + 1));
	return new Date((windowOf(ix, day) as Window)[1]);
}

function checkDays(days: number, name: string): void {
	if (!Number.isInteger(days) || days < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${days}`);
}

/** Unshifted last day of an N-calendar-day term: the local date of the start + N. */
export function nominalTermDate(start: Date, days: number, timeZone: string): string {
	checkDays(days, 'days');
	return dateOf(localDay(timeZone, start.getTime()) + days);
}

/**
 * Deadline of an N-calendar-day term: the end of the working day on local date of `start` + N; a non-working
 * last day moves to the previous working day, or to the next one when the previous is not after the start date.
 */
export function calendarDayTerm(start: Date, days: number, cal: WorkCalendar): Date {
	checkDays(days, 'days');
	const ix = indexOf(cal);
	const startDay = localDay(cal.timeZone, start.getTime());
	return termEnd(ix, startDay, startDay + days);
}

/** A term of `days` extended by `extensionDays`, counted from the unshifted nominal date (59-ФЗ ст. 12 ч. 2). */
export function extendTerm(start: Date, days: number, extensionDays: number, cal: WorkCalendar): Date {
	checkDays(days, 'days');
	checkDays(extensionDays, 'extensionDays');
	const ix = indexOf(cal);
	const startDay = localDay(cal.timeZone, start.getTime());
	return termEnd(ix, startDay, startDay + days + extensionDays);
}

/** Fixed local cut-off every calendar day: same day if received before it, else the next day. */
export function dailyCutoff(receivedAt: Date, timeZone: string, cutoff: string = SLA_DEFAULTS.headSocialCutoff): Date {
	const t = receivedAt.getTime();
	const day = localDay(timeZone, t);
	const today = localToUtc(timeZone, day, minutesOf(cutoff));
	return new Date(t < today ? today : localToUtc(timeZone, day + 1, minutesOf(cutoff)));
}

// ---- deadlines per channel ------------------------------------------------------------------------------

export interface DeadlineInput {
	channel: string;
	receivedAt: Date;
	urgent?: boolean;
	dueAt?: Date;
	registeredAt?: Date;
}

export interface ComputedDeadlines {
	takeIntoWork?: Date;
	firstAnswer?: Date;
	resolution?: Date;
}

/** Deadlines at ingest, per channel (issue 4 table). Throws RangeError on an unknown channel. */
export function computeDeadlines(input: DeadlineInput, cal: WorkCalendar): ComputedDeadlines {
	const { channel, receivedAt, urgent, dueAt, registeredAt } = input;
	const d = SLA_DEFAULTS;
	const out: ComputedDeadlines = {};
	switch (channel) {
		case 'im':
		case 'manual':
			out.firstAnswer = addWorkingMinutes(receivedAt, d.firstAnswerWorkingMinutes, cal);
			break;
		case 'pos':
			out.takeIntoWork = addWorkingMinutes(receivedAt, d.takeIntoWorkWorkingMinutes, cal);
			// the platform owns the ПОС deadline; without it the operator sets one
			if (dueAt) out.resolution = new Date(dueAt.getTime());
			break;
		case 'regional':
			out.takeIntoWork = addWorkingMinutes(receivedAt, d.takeIntoWorkWorkingMinutes, cal);
			out.resolution = calendarDayTerm(receivedAt, d.regionalResolutionDays, cal);
			break;
		case 'head_social':
			out.resolution = dailyCutoff(receivedAt, cal.timeZone);
			break;
		case 'appeal_59fz':
			out.takeIntoWork = calendarDayTerm(receivedAt, d.appealRegistrationDays, cal);
			out.resolution = calendarDayTerm(registeredAt ?? receivedAt, d.appealResolutionDays, cal);
			break;
		default:
			throw new RangeError(`unknown channel: ${channel}`);
	}
	// urgent answers count plain minutes at any hour; 59-ФЗ terms are set by law
	if (urgent && channel !== 'appeal_59fz') out.firstAnswer = new Date(receivedAt.getTime() + d.urgentFirstAnswerMinutes * MINUTE);
	return out;
}

/** "Due soon": not yet due, and less than 30 minutes or less than 20 % of the whole term left (plain time). */
export function dueSoon(now: Date, deadline: Date, startedAt: Date): boolean {
	const left = deadline.getTime() - now.getTime();
	if (left <= 0) return false;
	const total = deadline.getTime() - startedAt.getTime();
	return left < SLA_DEFAULTS.dueSoonMinutes * MINUTE || left < SLA_DEFAULTS.dueSoonShare * total;
}
