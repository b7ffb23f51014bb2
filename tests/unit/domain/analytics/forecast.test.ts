import { describe, it, expect } from 'vitest';
import {
	backtest,
	DEFAULT_FORECAST_CONFIG,
	fitHoltWinters,
	ForecastConfigSchema,
	forecastModel,
	forecastVolume,
	hourOfWeekOf
} from '../../../../src/lib/domain/analytics/forecast.ts';

/** A week of hourly counts: quiet nights, busy working hours, a lighter weekend. */
const WEEK = Array.from({ length: 168 }, (_, h) => {
	const day = Math.floor(h / 24);
	const hour = h % 24;
	const base = hour < 7 ? 1 : hour < 9 ? 6 : hour < 18 ? 14 : hour < 22 ? 8 : 3;
	return day >= 5 ? Math.ceil(base / 2) : base;
});
const weeks = (n: number) => Array.from({ length: n * 168 }, (_, i) => WEEK[i % 168]);

describe('Holt–Winters forecast', () => {
	it('reproduces a purely weekly series exactly, with no band around it', () => {
		const model = fitHoltWinters(weeks(4));
		expect(model.sigma).toBeCloseTo(0, 10);
		const points = forecastModel(model, 168);
		points.forEach((p, i) => {
			expect(p.mean).toBeCloseTo(WEEK[i], 9);
			expect(p.lower).toBeCloseTo(WEEK[i], 9);
			expect(p.upper).toBeCloseTo(WEEK[i], 9);
		});
	});

	it('follows the recursions step by step on a tiny series', () => {
		// season 2, no transform, α = 0.5, β = 0, γ = 0.2, φ = 1, y = 2, 4, 2, 4, 3.
		// start from both full seasons: means 3 and 3 → trend 0, level 3, seasonal (−1, +1);
		// t = 0…3 are predicted exactly; t = 4: ŷ = 3 − 1 = 2, e = 1 →
		//   level = 3 + 0.5·1 = 3.5, seasonal[0] = −1 + 0.2·(1 − 0.5)·1 = −0.9.
		// residuals after the two start seasons: only t = 4, e = 1 → σ = 1.
		// forecasts: h=1 (seasonal[1]) 3.5 + 1 = 4.5; h=2 (seasonal[0]) 3.5 − 0.9 = 2.6; h=3: 4.5.
		// variance multipliers: v1 = 1; v2 = 1 + c1², c1 = 0.5 → 1.25; v3 = v2 + c2², c2 = 0.5 + 0.2·0.5 = 0.6 → 1.61.
		const config = ForecastConfigSchema.parse({ seasonLength: 2, transform: 'none', phi: 1, grid: { alpha: [0.5], beta: [0], gamma: [0.2] } });
		const model = fitHoltWinters([2, 4, 2, 4, 3], config);
		expect(model.level).toBeCloseTo(3.5, 12);
		expect(model.trend).toBeCloseTo(0, 12);
		expect(Array.from(model.seasonal)).toEqual([expect.closeTo(-0.9, 12), expect.closeTo(1, 12)]);
		expect(model.sigma).toBeCloseTo(1, 12);
		const [h1, h2, h3] = forecastModel(model, 3, 1);
		const s = 1;
		expect(h1).toEqual({ step: 1, mean: expect.closeTo(4.5, 12), lower: expect.closeTo(4.5 - s, 12), upper: expect.closeTo(4.5 + s, 12) });
		expect(h2.mean).toBeCloseTo(2.6, 12);
		expect(h2.upper - h2.mean).toBeCloseTo(s * Math.sqrt(1.25), 12);
		expect(h3.mean).toBeCloseTo(4.5, 12);
		expect(h3.upper - h3.mean).toBeCloseTo(s * Math.sqrt(1.61), 12);
	});

	it('picks the grid point with the smallest one-step error', () => {
		// a level shift after three weeks: a faster level (larger α) follows it better
		const y = [...weeks(3), ...WEEK.slice(0, 120).map((v) => v + 5)];
		const config = ForecastConfigSchema.parse({ transform: 'none', grid: { alpha: [0.02, 0.5], beta: [0], gamma: [0.05] } });
		expect(fitHoltWinters(y, config).params.alpha).toBe(0.5);
	});

	it('widens the band with the horizon and never goes below zero', () => {
		// a weekly pattern with deterministic noise in −2…+2 (period 5, so not weekly itself)
		const noisy = weeks(6).map((v, i) => Math.max(0, v + ((i * 7919) % 5) - 2));
		// on the count scale the band is ± z·σ·√v_h, and v_h grows with h
		const flat = forecastModel(fitHoltWinters(noisy, { ...DEFAULT_FORECAST_CONFIG, transform: 'none' }), 168);
		for (let i = 1; i < flat.length; i++) expect(flat[i].upper - flat[i].mean).toBeGreaterThan(flat[i - 1].upper - flat[i - 1].mean);
		const points = forecastModel(fitHoltWinters(noisy), 168);
		for (const p of [...flat, ...points]) {
			expect(p.lower).toBeGreaterThanOrEqual(0);
			expect(p.lower).toBeLessThanOrEqual(p.mean);
			expect(p.upper).toBeGreaterThanOrEqual(p.mean);
		}
		// the root scale gives a quiet night hour a narrower band than a busy afternoon
		const width = (i: number) => points[i].upper - points[i].lower;
		expect(width(3)).toBeLessThan(width(14));
	});

	it('falls back to a flat forecast with less than one week of data', () => {
		const model = fitHoltWinters([2, 4, 6], { ...DEFAULT_FORECAST_CONFIG, transform: 'none' });
		expect(forecastModel(model, 2).map((p) => p.mean)).toEqual([4, 4]);
	});
});

describe('volume forecast for the wall', () => {
	it('labels each forecast hour with its time and local hour of week', () => {
		// two weeks starting Monday 2 March 2026, 00:00 Moscow time
		const forecast = forecastVolume({ startAt: '2026-03-01T21:00:00.000Z', counts: weeks(2), timeZone: 'Europe/Moscow' });
		expect(forecast.points).toHaveLength(168);
		expect(forecast.points[0]).toMatchObject({ at: '2026-03-15T21:00:00.000Z', hourOfWeek: 0 });
		expect(forecast.points[167]).toMatchObject({ at: '2026-03-22T20:00:00.000Z', hourOfWeek: 167 });
		// Monday's pattern: 7·1 + 2·6 + 9·14 + 4·8 + 2·3 = 183 incidents in the next 24 h
		expect(forecast.next24h).toBeCloseTo(183, 8);
		expect(forecast.next7d).toBeCloseTo(WEEK.reduce((a, b) => a + b, 0), 8);
	});

	it('counts hours of the week from Monday midnight on the local clock', () => {
		// Sunday 23:30 in Vladivostok (+10:00) is the last hour of the week
		expect(hourOfWeekOf(new Date('2026-03-08T23:30:00+10:00'), 'Asia/Vladivostok')).toBe(167);
		expect(hourOfWeekOf(new Date('2026-03-09T00:00:00+10:00'), 'Asia/Vladivostok')).toBe(0);
		// Wednesday 14:10 in Moscow
		expect(hourOfWeekOf(new Date('2026-03-11T14:10:00+03:00'), 'Europe/Moscow')).toBe(2 * 24 + 14);
	});
});

describe('back-test', () => {
	it('has an error near zero on a purely weekly series', () => {
		const result = backtest(weeks(8), { trainWeeks: 4, horizon: 24 });
		// origins at days 28, 29, …, 55: 28 forecasts of 24 hours
		expect(result.origins).toBe(28);
		expect(result.hours).toBe(28 * 24);
		expect(result.mape).toBeCloseTo(0, 8);
		expect(result.smape).toBeCloseTo(0, 8);
		expect(result.mae).toBeCloseTo(0, 8);
		expect(result.dailyMape).toBeCloseTo(0, 8);
	});

	it('leaves hours with no incidents out of the MAPE and counts them as 0 in the sMAPE', () => {
		// season 2 with zeros: 0, 4, 0, 4, … is forecast exactly; only the 4s enter the MAPE
		const config = ForecastConfigSchema.parse({ seasonLength: 2, transform: 'none' });
		const series = Array.from({ length: 168 + 48 }, (_, i) => (i % 2 ? 4 : 0));
		const result = backtest(series, { trainWeeks: 1, horizon: 24, config });
		expect(result.hours).toBe(48);
		expect(result.mapeHours).toBe(24);
		expect(result.smape).toBeCloseTo(0, 8);
	});

	it('computes MAPE, sMAPE and MAE from the forecast errors', () => {
		// season 1 and no trend with α = 1: the forecast is the last value. Series 168 × 10, then 12, 8, 0, 5 (horizon 1):
		// origin 168: F = 10, A = 12 → |e| 2, APE 2/12, sAPE 4/22;  origin 169: F = 12, A = 8 → 4, 4/8, 8/20;
		// origin 170: F = 8, A = 0 → 8, (no APE), 16/8 = 2;       origin 171: F = 0, A = 5 → 5, 5/5, 10/5 = 2.
		// MAE = 19/4 = 4.75; MAPE = (1/6 + 1/2 + 1)/3 · 100 = 55.56 %; sMAPE = (0.1818 + 0.4 + 2 + 2)/4 · 100 = 114.55 %
		const config = ForecastConfigSchema.parse({ seasonLength: 1, transform: 'none', trend: false, grid: { alpha: [1], gamma: [0] } });
		const series = [...Array(168).fill(10), 12, 8, 0, 5];
		const result = backtest(series, { trainWeeks: 1, horizon: 1, config });
		expect(result.origins).toBe(4);
		expect(result.mae).toBeCloseTo(4.75, 10);
		expect(result.mape!).toBeCloseTo(((1 / 6 + 1 / 2 + 1) / 3) * 100, 8);
		expect(result.mapeHours).toBe(3);
		expect(result.smape).toBeCloseTo(((4 / 22 + 8 / 20 + 2 + 2) / 4) * 100, 8);
		expect(result.wape!).toBeCloseTo((19 / 25) * 100, 8);
	});
});
