import { describe, expect, it } from 'vitest';
import { MIN_TYPE_U, ROW_PITCH, fitRows } from '../../../../src/lib/components/charts/row-fit.ts';

// the rating tables' boxes as the wall lays them out (css px), and the wall unit at each size
const HD = { widthPx: 605, unitPx: 10.8 };
const SIX_K = { widthPx: 1315, unitPx: 21.6 };

describe('rows and type of a chart table', () => {
	it('shows more rows in a taller box, at the same type', () => {
		const short = fitRows({ ...HD, heightPx: 110, items: 12, maxRows: 12 });
		const tall = fitRows({ ...HD, heightPx: 160, items: 12, maxRows: 12 });
		expect(tall.rows).toBeGreaterThan(short.rows);
		expect(tall.fontPx).toBe(short.fontPx);
	});

	it('gives a wide panel on a 6K wall names about twice the 1080p size', () => {
		const fit = fitRows({ ...SIX_K, heightPx: 230, items: 12, maxRows: 12 });
		expect(fit.rows).toBe(4);
		expect(fit.fontPx).toBeGreaterThan(40);
	});

	it('never stacks rows closer than their type allows', () => {
		for (const heightPx of [60, 90, 110, 140, 230, 400, 900]) {
			const fit = fitRows({ ...SIX_K, heightPx, items: 12, maxRows: 12 });
			if (fit.rows > 1) expect(fit.rows * fit.fontPx * ROW_PITCH).toBeLessThanOrEqual(heightPx + 0.01);
			expect(fit.fontPx).toBeGreaterThanOrEqual(SIX_K.unitPx * MIN_TYPE_U);
		}
	});

	it('shrinks the type before dropping under four rows, then drops rows at the floor', () => {
		const shrunk = fitRows({ ...HD, heightPx: 90, items: 12, maxRows: 12 });
		expect(shrunk.rows).toBe(4);
		expect(shrunk.fontPx).toBeLessThan(605 / 32);
		const floor = fitRows({ ...HD, heightPx: 50, items: 12, maxRows: 12 });
		expect(floor.rows).toBe(2);
		expect(floor.fontPx).toBeCloseTo(10.8 * MIN_TYPE_U);
	});

	it('shows no more rows than there are items or the cap allows', () => {
		expect(fitRows({ ...HD, heightPx: 900, items: 3, maxRows: 12 }).rows).toBe(3);
		expect(fitRows({ ...HD, heightPx: 900, items: 30, maxRows: 8 }).rows).toBe(8);
	});

	it('guesses before the box is laid out', () => {
		expect(fitRows({ widthPx: 0, heightPx: 0, unitPx: 10.8, items: 12, maxRows: 12 })).toEqual({ rows: 4, fontPx: 10.8 * 1.75 });
	});
});
