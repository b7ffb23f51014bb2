/**
 * Text and order of the wall's overdue ticker: «просрочено на 3 ч 20 мин», «осталось 25 мин», longest overdue
 * first, pages of rows. Pure: the browser calls it every second, the unit tests feed it numbers.
 */
import { dueSoonClocks, type Incident } from '../incident.ts';
import { t } from '../../i18n/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DurationParts {
	days: number;
	hours: number;
	minutes: number;
}

/** whole days, hours and minutes of `ms`; `ceil` rounds up to the next minute (time left), `floor` down (time elapsed) */
export function durationParts(ms: number, round: 'floor' | 'ceil' = 'floor'): DurationParts {
	const total = Math.max(0, round === 'ceil' ? Math.ceil(ms / MINUTE) : Math.floor(ms / MINUTE));
	return { days: Math.floor(total / (DAY / MINUTE)), hours: Math.floor((total % (DAY / MINUTE)) / 60), minutes: total % 60 };
}

/**
 * «3 ч 20 мин», «3 ч», «25 мин», «2 д 5 ч» (from a day on, minutes are noise on a wall); «0 мин» below a minute.
 * Two units at most, so a row never grows with age.
 */
export function formatDuration(ms: number, round: 'floor' | 'ceil' = 'floor'): string {
	const { days, hours, minutes } = durationParts(ms, round);
	if (days > 0) return hours > 0 ? `${t('duration.days', { n: days })} ${t('duration.hours', { n: hours })}` : t('duration.days', { n: days });
	if (hours > 0) return minutes > 0 ? `${t('duration.hours', { n: hours })} ${t('duration.minutes', { n: minutes })}` : t('duration.hours', { n: hours });
	return t('duration.minutes', { n: minutes });
}

/** «просрочено на 3 ч 20 мин»; seconds in the first minute («просрочено на 12 с»), so a fresh one visibly counts up */
export function formatOverdueFor(ms: number): string {
	const duration = ms < MINUTE ? t('duration.seconds', { n: Math.max(0, Math.floor(ms / 1000)) }) : formatDuration(ms, 'floor');
	return t('wall.overdue.for', { duration });
}

/** «осталось 25 мин» (rounded up: one second left is still «1 мин»); «срок истёк» at or after the deadline */
export function formatTimeLeft(ms: number): string {
	if (ms <= 0) return t('wall.overdue.expired');
	return t('wall.overdue.left', { duration: formatDuration(ms, 'ceil') });
}

/** Longest overdue first (earliest `overdueSince`); ties by id so the order is stable between refreshes. */
export function sortOverdue<T extends { id: string; overdueSince: string | null }>(items: readonly T[]): T[] {
	const since = (i: T) => (i.overdueSince ? Date.parse(i.overdueSince) : Number.POSITIVE_INFINITY);
	return [...items].sort((a, b) => since(a) - since(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Most overdue first, then most due soon, then by name (unnamed last). Rows with nothing to show are dropped. */
export function sortCounts<T extends { name: string | null; overdue: number; dueSoon: number }>(rows: readonly T[]): T[] {
	return rows
		.filter((r) => r.overdue > 0 || r.dueSoon > 0)
		.sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || compareNames(a.name, b.name));
}

function compareNames(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a.localeCompare(b, 'ru');
}

export interface Page<T> {
	rows: T[];
	/** 0-based, clamped into range */
	page: number;
	/** at least 1, so the indicator reads «1/1» on an empty list too */
	pages: number;
}

/** The `page`-th slice of `perPage` rows; a page index past the end (the list shrank) wraps to the start. */
export function pageOf<T>(items: readonly T[], perPage: number, page: number): Page<T> {
	const size = Math.max(1, Math.floor(perPage));
	const pages = Math.max(1, Math.ceil(items.length / size));
	const at = page >= 0 && page < pages ? Math.floor(page) : 0;
	return { rows: items.slice(at * size, at * size + size), page: at, pages };
}

export type TickerPage = { kind: 'rows'; index: number } | { kind: 'counts' };

/**
 * A ticker too short for rows and counts together shows the counts on a page of their own after every
 * `countsEvery` pages of rows (0: never). How many pages that makes, at least 1.
 */
export function tickerPageCount(rowPages: number, countsEvery: number): number {
	if (countsEvery <= 0 || rowPages <= 0) return Math.max(1, rowPages);
	return rowPages + Math.ceil(rowPages / countsEvery);
}

/** What page `at` of the ticker shows (see `tickerPageCount`). */
export function tickerPage(at: number, rowPages: number, countsEvery: number): TickerPage {
	if (countsEvery <= 0 || rowPages <= 0) return { kind: 'rows', index: rowPages > 0 ? at % rowPages : 0 };
	const group = countsEvery + 1;
	const within = at % group;
	const index = Math.floor(at / group) * countsEvery + within;
	return within === countsEvery || index >= rowPages ? { kind: 'counts' } : { kind: 'rows', index };
}

/** how many rows of `rowHeight` with `gap` between them fit into `available` (px); at least 1 */
export function rowsThatFit(available: number, rowHeight: number, gap = 0): number {
	if (!(rowHeight > 0) || !(available > 0)) return 1;
	return Math.max(1, Math.floor((available + gap + 0.5) / (rowHeight + gap)));
}

/** «Туапсинское городское поселение» → «Туапсинское г. п.»: the same name, short enough for a wall row */
export function shortSettlementName(name: string): string {
	return name
		.replace(/\s+городское поселение$/i, ' г.\u00a0п.')
		.replace(/\s+сельское поселение$/i, ' с.\u00a0п.')
		.replace(/\s+муниципальное образование$/i, ' МО');
}

/**
 * Whether a change of an incident can change the ticker: it is or was overdue (it appears, leaves, moves to another
 * block), or it is or was due soon at `now` (the due-soon counts). Everything else leaves the ticker as it is.
 */
export function affectsOverdue(incident: Pick<Incident, 'overdue' | 'clocks'>, previous: Pick<Incident, 'overdue' | 'clocks'> | undefined, now: Date): boolean {
	if (incident.overdue || previous?.overdue) return true;
	return dueSoonClocks(incident, now).length > 0 || (previous !== undefined && dueSoonClocks(previous, now).length > 0);
}
