import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../../src/lib/domain/incident.ts';
import {
	affectsOverdue,
	durationParts,
	formatDuration,
	formatOverdueFor,
	formatTimeLeft,
	pageOf,
	rowsThatFit,
	shortSettlementName,
	sortCounts,
	sortOverdue,
	tickerPage,
	tickerPageCount
} from '../../../../src/lib/domain/wall/overdue-format.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('overdue durations', () => {
	it('reads «просрочено на 3 ч 20 мин» after 3 h 20 min 59 s', () => {
		expect(formatOverdueFor(3 * HOUR + 20 * MIN + 59 * SEC)).toBe('просрочено на 3 ч 20 мин');
	});

	it('drops zero minutes: «просрочено на 2 ч»', () => {
		expect(formatOverdueFor(2 * HOUR + 30 * SEC)).toBe('просрочено на 2 ч');
	});

	it('shows minutes alone below an hour', () => {
		expect(formatOverdueFor(25 * MIN)).toBe('просрочено на 25 мин');
		expect(formatOverdueFor(59 * MIN + 59 * SEC)).toBe('просрочено на 59 мин');
	});

	it('counts seconds in the first minute', () => {
		expect(formatOverdueFor(0)).toBe('просрочено на 0 с');
		expect(formatOverdueFor(12 * SEC + 900)).toBe('просрочено на 12 с');
		expect(formatOverdueFor(59 * SEC)).toBe('просрочено на 59 с');
		expect(formatOverdueFor(MIN)).toBe('просрочено на 1 мин');
		expect(formatOverdueFor(-3 * SEC)).toBe('просрочено на 0 с');
	});

	it('shows days and hours, no minutes, from a day on', () => {
		expect(formatOverdueFor(DAY + 5 * HOUR + 42 * MIN)).toBe('просрочено на 1 д 5 ч');
		expect(formatOverdueFor(3 * DAY + 10 * MIN)).toBe('просрочено на 3 д');
		expect(formatOverdueFor(23 * HOUR + 59 * MIN)).toBe('просрочено на 23 ч 59 мин');
	});

	it('rounds time left up, so one second left is still «осталось 1 мин»', () => {
		expect(formatTimeLeft(25 * MIN)).toBe('осталось 25 мин');
		expect(formatTimeLeft(24 * MIN + 1 * SEC)).toBe('осталось 25 мин');
		expect(formatTimeLeft(SEC)).toBe('осталось 1 мин');
		expect(formatTimeLeft(HOUR + 20 * MIN)).toBe('осталось 1 ч 20 мин');
		expect(formatTimeLeft(0)).toBe('срок истёк');
		expect(formatTimeLeft(-5 * MIN)).toBe('срок истёк');
	});

	it('never goes negative', () => {
		expect(durationParts(-10 * MIN)).toEqual({ days: 0, hours: 0, minutes: 0 });
		expect(formatDuration(-1)).toBe('0 мин');
	});

	it('formats big day counts for the locale', () => {
		expect(formatDuration(1234 * DAY).replace(/\s/g, ' ')).toBe('1 234 д');
	});
});

describe('order of the ticker', () => {
	const item = (id: string, overdueSince: string | null) => ({ id, overdueSince });

	it('puts the longest overdue first', () => {
		const sorted = sortOverdue([
			item('b', '2026-11-23T10:00:00Z'),
			item('a', '2026-11-23T07:00:00Z'),
			item('c', '2026-11-20T07:00:00+03:00')
		]);
		expect(sorted.map((i) => i.id)).toEqual(['c', 'a', 'b']);
	});

	it('breaks ties by id and puts a missing overdueSince last, without touching the input', () => {
		const input = [item('z', null), item('y', '2026-11-23T10:00:00Z'), item('x', '2026-11-23T10:00:00Z')];
		expect(sortOverdue(input).map((i) => i.id)).toEqual(['x', 'y', 'z']);
		expect(input.map((i) => i.id)).toEqual(['z', 'y', 'x']);
	});

	it('orders counts by overdue, then due soon, then name, unnamed last, and drops empty rows', () => {
		const rows = sortCounts([
			{ id: 'roads', name: 'Дороги', overdue: 2, dueSoon: 0 },
			{ id: null, name: null, overdue: 2, dueSoon: 0 },
			{ id: 'housing', name: 'ЖКХ', overdue: 5, dueSoon: 1 },
			{ id: 'edu', name: 'Образование', overdue: 2, dueSoon: 3 },
			{ id: 'zero', name: 'Экология', overdue: 0, dueSoon: 0 },
			{ id: 'soon', name: 'Благоустройство', overdue: 0, dueSoon: 4 }
		]);
		expect(rows.map((r) => r.id)).toEqual(['housing', 'edu', 'roads', null, 'soon']);
	});
});

describe('paging', () => {
	const items = Array.from({ length: 10 }, (_, i) => i);

	it('cuts pages of the rows that fit and counts them', () => {
		expect(pageOf(items, 4, 0)).toEqual({ rows: [0, 1, 2, 3], page: 0, pages: 3 });
		expect(pageOf(items, 4, 2)).toEqual({ rows: [8, 9], page: 2, pages: 3 });
	});

	it('wraps to the first page when the list shrank under the current page', () => {
		expect(pageOf(items.slice(0, 3), 4, 2)).toEqual({ rows: [0, 1, 2], page: 0, pages: 1 });
	});

	it('has one empty page for no rows, and at least one row per page', () => {
		expect(pageOf([], 4, 0)).toEqual({ rows: [], page: 0, pages: 1 });
		expect(pageOf(items, 0, 0).rows).toEqual([0]);
	});

	it('gives the counts a page after every 3 pages of rows when they do not fit beside them', () => {
		expect(tickerPageCount(4, 3)).toBe(6);
		const seq = Array.from({ length: 6 }, (_, p) => tickerPage(p, 4, 3));
		expect(seq.map((x) => (x.kind === 'rows' ? `r${x.index}` : 'c'))).toEqual(['r0', 'r1', 'r2', 'c', 'r3', 'c']);
		expect(tickerPageCount(1, 3)).toBe(2);
		expect([tickerPage(0, 1, 3), tickerPage(1, 1, 3)]).toEqual([{ kind: 'rows', index: 0 }, { kind: 'counts' }]);
	});

	it('pages rows only when the counts stay on top', () => {
		expect(tickerPageCount(4, 0)).toBe(4);
		expect(tickerPageCount(0, 0)).toBe(1);
		expect(tickerPage(2, 4, 0)).toEqual({ kind: 'rows', index: 2 });
	});

	it('fits whole rows only', () => {
		// 3 rows of 80 with 2 gaps of 8 = 256
		expect(rowsThatFit(256, 80, 8)).toBe(3);
		expect(rowsThatFit(255, 80, 8)).toBe(2);
		expect(rowsThatFit(40, 80, 8)).toBe(1);
		expect(rowsThatFit(500, 0, 8)).toBe(1);
	});
});

describe('names on a wall row', () => {
	it('shortens the kind of settlement', () => {
		expect(shortSettlementName('Туапсинское городское поселение')).toBe('Туапсинское г.\u00a0п.');
		expect(shortSettlementName('Вельяминовское сельское поселение')).toBe('Вельяминовское с.\u00a0п.');
		expect(shortSettlementName('Туапсе')).toBe('Туапсе');
	});

});

describe('which changes move the ticker', () => {
	const now = new Date('2026-11-23T10:00:00Z');
	const clock = (dueAt: string, dueSoonAt: string, over: Partial<SlaClock> = {}): SlaClock => ({
		clock: 'firstAnswer',
		startedAt: '2026-11-23T09:00:00Z',
		dueAt,
		dueSoonAt,
		stoppedAt: null,
		overdue: false,
		...over
	});
	const calm = { overdue: false, clocks: [clock('2026-11-23T12:00:00Z', '2026-11-23T11:30:00Z')] };
	const soon = { overdue: false, clocks: [clock('2026-11-23T10:20:00Z', '2026-11-23T09:50:00Z')] };

	it('an incident that is or was overdue', () => {
		expect(affectsOverdue({ overdue: true, clocks: [] }, calm, now)).toBe(true);
		expect(affectsOverdue(calm, { overdue: true, clocks: [] }, now)).toBe(true);
	});

	it('an incident that is or was due soon', () => {
		expect(affectsOverdue(soon, undefined, now)).toBe(true);
		expect(affectsOverdue(calm, soon, now)).toBe(true);
	});

	it('not an incident far from any deadline, nor a stopped clock', () => {
		expect(affectsOverdue(calm, undefined, now)).toBe(false);
		expect(affectsOverdue(calm, calm, now)).toBe(false);
		const stopped = { overdue: false, clocks: [clock('2026-11-23T10:20:00Z', '2026-11-23T09:50:00Z', { stoppedAt: '2026-11-23T09:55:00Z' })] };
		expect(affectsOverdue(stopped, undefined, now)).toBe(false);
	});
});
