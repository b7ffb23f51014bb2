import { describe, expect, it } from 'vitest';
import {
	choroplethFor,
	classify,
	classLabels,
	classesFor,
	colourOf,
	formatMeasure,
	growthPct,
	NO_DATA,
	niceBreaks,
	per1000,
	sameWeekdayBaseline,
	trend,
	type SettlementAggregate
} from '../../../../src/lib/domain/wall/measures.ts';

const agg = (over: Partial<SettlementAggregate>): SettlementAggregate => ({
	id: 'shepsinskoe',
	open: 0,
	overdue: 0,
	per1000: 0,
	todayCount: 0,
	baselineSameWeekday: 0,
	growthPct: 0,
	...over
});

describe('per 1 000 inhabitants', () => {
	it('shows 30 open incidents in Шепсинское (4 500 people) as 6,7', () => {
		expect(per1000(30, 4500)).toBe(6.7);
	});
	it('has no value without a population', () => {
		expect(per1000(5, null)).toBeNull();
		expect(per1000(5, 0)).toBeNull();
	});
});

describe('growth against the same weekday', () => {
	it('averages the last four same weekdays', () => {
		expect(sameWeekdayBaseline([4, 6, 5, 5])).toBe(5);
		expect(sameWeekdayBaseline([])).toBe(0);
	});
	it('says +100 % when today doubles the usual day', () => {
		expect(growthPct(10, 5)).toBe(100);
		expect(growthPct(3, 6)).toBe(-50);
	});
	it('counts a burst where nothing usually happens as a rise, not "no data"', () => {
		expect(growthPct(30, 0)).toBe(3000);
		expect(growthPct(0, 0)).toBe(0);
	});
});

describe('trend arrows', () => {
	it('points up when today is well above the usual day', () => {
		expect(trend(30, 1)).toBe('up');
		expect(trend(2, 10)).toBe('down');
	});
	it('stays flat for one incident more or a small share', () => {
		expect(trend(3, 2)).toBe('flat');
		expect(trend(105, 100)).toBe('flat');
		expect(trend(0, 0)).toBe('flat');
	});
});

describe('class breaks', () => {
	it('uses round numbers spanning the data', () => {
		expect(niceBreaks([0, 3.1, 6.7, 12], 5, 2)).toEqual([2.5, 5, 7.5, 10]);
		expect(niceBreaks([0, 0.2], 5, 2)).toEqual([0.5, 1, 1.5, 2]);
	});
	it('puts a value in the class whose bounds hold it', () => {
		const breaks = [1, 5, 10, 20];
		expect(classify(0, breaks)).toBe(0);
		expect(classify(1, breaks)).toBe(1);
		expect(classify(7, breaks)).toBe(2);
		expect(classify(25, breaks)).toBe(4);
		expect(classify(null, breaks)).toBe(-1);
	});
	it('keeps "nothing overdue" a class of its own', () => {
		const c = classesFor('overdue', [0, 0, 3]);
		expect(c.breaks[0]).toBe(1);
		expect(colourOf(0, c)).not.toEqual(colourOf(3, c));
	});
	it('labels classes for the legend', () => {
		expect(classLabels([1, 5])).toEqual(['< 1', '1 – 5', '≥ 5']);
	});
	it('paints a settlement without data grey', () => {
		expect(colourOf(null, classesFor('per1000', []))).toEqual(NO_DATA);
	});
});

describe('the choropleth of a measure', () => {
	it('changes the colour of a settlement after a burst', () => {
		const before = choroplethFor('per1000', [agg({ per1000: 0.4 }), agg({ id: 'tuapsinskoe', per1000: 1.2 })]);
		const after = choroplethFor('per1000', [agg({ per1000: 7.1 }), agg({ id: 'tuapsinskoe', per1000: 1.2 })]);
		expect(colourOf(after.values.get('shepsinskoe')!, after.classes)).not.toEqual(colourOf(before.values.get('shepsinskoe')!, before.classes));
	});
	it('formats values as the wall shows them', () => {
		expect(formatMeasure('per1000', 6.7)).toBe('6,7');
		expect(formatMeasure('growthPct', 250)).toBe('+250 %');
		expect(formatMeasure('growthPct', -10)).toBe('−10 %');
		expect(formatMeasure('overdue', null)).toBe('—');
	});
});
