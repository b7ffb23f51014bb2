/**
 * Forecast of incoming volume (ratings-and-analytics.md A3, issue 6): hourly counts for the next 24 h and 7 days.
 *
 * Method: additive Holt–Winters with a damped trend and a weekly season of 168 hours (hour of week), fitted on
 * the square root of the hourly counts — the variance-stabilising transform for Poisson-like counts, so quiet night
 * hours get a narrow band and busy afternoons a wide one. The start state comes from the first two weeks (level,
 * trend from their means, the hour-of-week profile); α, β, γ are chosen by a small grid search minimising the
 * one-step-ahead squared error on the weeks after those two. The band is ± z·σ·√v_h on the root scale, σ the RMS of the
 * one-step residuals and v_h the ETS(A,Ad,A) variance multiplier (Hyndman et al. 2008, ch. 6), squared back and
 * floored at 0; the point forecast is the back-transformed mean f² + σ²v_h.
 * Known limit: no calendar effect — a holiday is forecast like the same weekday.
 */
import { z } from 'zod';
import { localDateOf, startOfLocalDay } from '../sla.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const HOURS_PER_WEEK = 168;

export const ForecastConfigSchema = z.object({
	seasonLength: z.number().int().min(1).default(HOURS_PER_WEEK),
	transform: z.enum(['sqrt', 'none']).default('sqrt'),
	/** half-width of the band in standard errors: 1.645 ≈ a 90 % band */
	z: z.number().positive().default(1.645),
	/** false: no trend term at all (ETS(A,N,A)) */
	trend: z.boolean().default(true),
	/** trend damping per step (1 = a straight-line trend) */
	phi: z.number().gt(0).max(1).default(0.98),
	grid: z
		.object({
			alpha: z.array(z.number().min(0).max(1)).min(1).default([0.02, 0.05, 0.1, 0.2, 0.3, 0.5]),
			beta: z.array(z.number().min(0).max(1)).min(1).default([0, 0.01, 0.05]),
			gamma: z.array(z.number().min(0).max(1)).min(1).default([0.05, 0.1, 0.2, 0.3, 0.5])
		})
		.prefault({})
});
export type ForecastConfig = z.infer<typeof ForecastConfigSchema>;
export const DEFAULT_FORECAST_CONFIG: ForecastConfig = ForecastConfigSchema.parse({});

export interface HoltWintersParams {
	alpha: number;
	beta: number;
	gamma: number;
	phi: number;
}

export interface HoltWintersModel {
	params: HoltWintersParams;
	/** state after the last observation, on the model (transformed) scale */
	level: number;
	trend: number;
	/** seasonal terms by position mod seasonLength */
	seasonal: Float64Array;
	/** observations fitted */
	n: number;
	/** RMS of the one-step residuals after the start seasons, on the model scale */
	sigma: number;
	seasonLength: number;
	transform: ForecastConfig['transform'];
}

export interface ForecastPoint {
	/** 1 = the hour right after the data */
	step: number;
	mean: number;
	lower: number;
	upper: number;
}

const INIT_SEASONS = 2;

interface InitialState {
	level: number;
	trend: number;
	seasonal: Float64Array;
}

function initialState(y: ArrayLike<number>, m: number, withTrend: boolean): InitialState {
	// the first two seasons only: the later data must stay out of sample for choosing α, β, γ
	const seasons = Math.min(INIT_SEASONS, Math.floor(y.length / m));
	const means: number[] = [];
	for (let j = 0; j < seasons; j++) {
		let s = 0;
		for (let i = 0; i < m; i++) s += y[j * m + i];
		means.push(s / m);
	}
	// slope between the season means, per step (least squares, so more seasons would also work)
	let trend = 0;
	if (withTrend && seasons > 1) {
		const jBar = (seasons - 1) / 2;
		let num = 0;
		let den = 0;
		for (let j = 0; j < seasons; j++) {
			num += (j - jBar) * means[j];
			den += (j - jBar) ** 2;
		}
		trend = num / den / m;
	}
	// the level one step before the first observation, from the fitted line through the season means
	let meanOfMeans = 0;
	for (const v of means) meanOfMeans += v / seasons;
	const firstMiddle = meanOfMeans - trend * m * ((seasons - 1) / 2);
	const level = firstMiddle - (trend * (m + 1)) / 2;
	const seasonal = new Float64Array(m);
	for (let i = 0; i < m; i++) {
		let s = 0;
		for (let j = 0; j < seasons; j++) s += y[j * m + i] - means[j] - trend * (i - (m - 1) / 2);
		seasonal[i] = s / seasons;
	}
	return { level, trend, seasonal };
}

/** Runs the recursions over y; leaves the final seasonal terms in `seasonal` and returns the rest of the state. */
function run(
	y: ArrayLike<number>,
	p: HoltWintersParams,
	init: InitialState,
	seasonal: Float64Array,
	scoreFrom: number
): { level: number; trend: number; sse: number; count: number } {
	const m = seasonal.length;
	seasonal.set(init.seasonal);
	let level = init.level;
	let trend = init.trend;
	let sse = 0;
	let count = 0;
	const { alpha, beta, gamma, phi } = p;
	for (let t = 0; t < y.length; t++) {
		const s = t % m;
		const damped = phi * trend;
		const err = y[t] - (level + damped + seasonal[s]);
		if (t >= scoreFrom) {
			sse += err * err;
			count++;
		}
		// error-correction form of additive damped Holt–Winters
		const next = level + damped + alpha * err;
		trend = damped + alpha * beta * err;
		seasonal[s] += gamma * (1 - alpha) * err;
		level = next;
	}
	return { level, trend, sse, count };
}

const transformed = (counts: ArrayLike<number>, transform: ForecastConfig['transform']): Float64Array => {
	const y = new Float64Array(counts.length);
	for (let i = 0; i < counts.length; i++) y[i] = transform === 'sqrt' ? Math.sqrt(Math.max(0, counts[i])) : counts[i];
	return y;
};

/** Fit on hourly counts (oldest first, no gaps: missing hours are 0). Needs one season; shorter series get a flat model. */
export function fitHoltWinters(counts: ArrayLike<number>, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): HoltWintersModel {
	const m = config.seasonLength;
	const y = transformed(counts, config.transform);
	const n = y.length;
	if (n < m) {
		let mean = 0;
		for (let i = 0; i < n; i++) mean += y[i] / n;
		let ss = 0;
		for (let i = 0; i < n; i++) ss += (y[i] - mean) ** 2;
		return {
			params: { alpha: 0, beta: 0, gamma: 0, phi: config.phi },
			level: n > 0 ? mean : 0,
			trend: 0,
			seasonal: new Float64Array(m),
			n,
			sigma: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
			seasonLength: m,
			transform: config.transform
		};
	}
	const init = initialState(y, m, config.trend);
	// score the one-step errors after the seasons the start was estimated from (in sample only if nothing is left)
	const initEnd = Math.min(INIT_SEASONS, Math.floor(n / m)) * m;
	const scoreFrom = initEnd < n ? initEnd : m;
	const scratch = new Float64Array(m);
	const betas = config.trend ? config.grid.beta : [0];
	let best: HoltWintersParams = { alpha: config.grid.alpha[0], beta: betas[0], gamma: config.grid.gamma[0], phi: config.phi };
	let bestSse = Infinity;
	for (const alpha of config.grid.alpha)
		for (const beta of betas)
			for (const gamma of config.grid.gamma) {
				const p = { alpha, beta, gamma, phi: config.phi };
				const { sse } = run(y, p, init, scratch, scoreFrom);
				// strictly better only, so ties keep the earliest (smoothest) grid point
				if (bestSse === Infinity || sse < bestSse - 1e-12 * Math.max(1, bestSse)) {
					bestSse = sse;
					best = p;
				}
			}
	const seasonal = new Float64Array(m);
	const end = run(y, best, init, seasonal, scoreFrom);
	return {
		params: best,
		level: end.level,
		trend: end.trend,
		seasonal,
		n,
		sigma: end.count > 0 ? Math.sqrt(end.sse / end.count) : 0,
		seasonLength: m,
		transform: config.transform
	};
}

/** h-step forecasts 1…horizon from a fitted model, on the count scale, with a band of ± z standard errors. */
export function forecastModel(model: HoltWintersModel, horizon: number, z = DEFAULT_FORECAST_CONFIG.z): ForecastPoint[] {
	const { alpha, beta, gamma, phi } = model.params;
	const m = model.seasonLength;
	const out: ForecastPoint[] = [];
	let dampSum = 0;
	let variance = 1;
	let phiPow = 1;
	let cumPhi = 0;
	for (let h = 1; h <= horizon; h++) {
		phiPow *= phi;
		dampSum += phiPow;
		if (h > 1) {
			// v_h = 1 + Σ_{j<h} c_j², c_j = α(1 + β Σ_{i≤j} φ^i) + γ(1−α)·[j ≡ 0 mod m]
			const j = h - 1;
			const c = alpha * (1 + beta * cumPhi) + (j % m === 0 ? gamma * (1 - alpha) : 0);
			variance += c * c;
		}
		cumPhi += phiPow;
		const f = model.level + dampSum * model.trend + model.seasonal[(model.n + h - 1) % m];
		const se = model.sigma * Math.sqrt(variance);
		if (model.transform === 'sqrt') {
			const root = Math.max(0, f);
			out.push({ step: h, mean: root * root + se * se, lower: Math.max(0, f - z * se) ** 2, upper: Math.max(0, f + z * se) ** 2 });
		} else {
			out.push({ step: h, mean: Math.max(0, f), lower: Math.max(0, f - z * se), upper: Math.max(0, f + z * se) });
		}
	}
	return out;
}

// ---- volume forecast for the wall --------------------------------------------------------------------------

export interface HourlySeries {
	/** ISO instant of the first hour */
	startAt: string;
	/** counts per hour, oldest first, no gaps */
	counts: ArrayLike<number>;
	timeZone: string;
}

export interface VolumeForecastPoint extends ForecastPoint {
	/** ISO instant the hour starts */
	at: string;
	/** local hour of week: 0 = Monday 00–01, 167 = Sunday 23–24 */
	hourOfWeek: number;
}

export interface VolumeForecast {
	points: VolumeForecastPoint[];
	params: HoltWintersParams;
	sigma: number;
	/** sums of the point forecasts */
	next24h: number;
	next7d: number;
}

/** Local hour of week of an instant: Monday 00:00–00:59 is 0. */
export function hourOfWeekOf(at: Date, timeZone: string): number {
	const date = localDateOf(at, timeZone);
	const day = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
	// 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays
	const weekday = (((day + 3) % 7) + 7) % 7;
	const hour = Math.floor((at.getTime() - startOfLocalDay(at, timeZone).getTime()) / HOUR_MS);
	return weekday * 24 + Math.min(23, hour);
}

/** Forecast the next `horizonHours` (default 7 days) after the series. */
export function forecastVolume(series: HourlySeries, horizonHours = HOURS_PER_WEEK, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): VolumeForecast {
	const model = fitHoltWinters(series.counts, config);
	const start = Date.parse(series.startAt) + series.counts.length * HOUR_MS;
	const points = forecastModel(model, horizonHours, config.z).map((p) => {
		const at = new Date(start + (p.step - 1) * HOUR_MS);
		return { ...p, at: at.toISOString(), hourOfWeek: hourOfWeekOf(at, series.timeZone) };
	});
	let next24h = 0;
	let next7d = 0;
	for (const p of points) {
		if (p.step <= 24) next24h += p.mean;
		if (p.step <= HOURS_PER_WEEK) next7d += p.mean;
	}
	return { points, params: model.params, sigma: model.sigma, next24h, next7d };
}

// ---- back-test --------------------------------------------------------------------------------------------

export interface BacktestOptions {
	/** history before the first forecast origin, in weeks; the training window then grows (expanding window) */
	trainWeeks: number;
	/** hours forecast from each origin */
	horizon: number;
	/** hours between origins (default: the horizon, so the test hours do not overlap) */
	stepHours?: number;
	config?: ForecastConfig;
}

export interface BacktestResult {
	origins: number;
	/** forecast hours compared */
	hours: number;
	/** mean absolute error, counts per hour */
	mae: number;
	rmse: number;
	/** % over hours with an actual count ≥ 1 (MAPE is undefined at 0); null when there is none */
	mape: number | null;
	/** hours that entered the MAPE */
	mapeHours: number;
	/** symmetric MAPE in % (0–200), an hour with forecast and actual both 0 counts as 0 */
	smape: number;
	/** weighted APE: Σ|F − A| ÷ ΣA in %, null when nothing arrived */
	wape: number | null;
	/** MAPE in % of the 24-hour totals from each origin (needs horizon ≥ 24); null when there is none */
	dailyMape: number | null;
	/** share of actual hours inside the band */
	coverage: number;
}

/**
 * Rolling-origin evaluation: fit on everything before the origin, forecast `horizon` hours, compare with what came,
 * move the origin by `stepHours`. Parameters are re-chosen at every origin, as the worker would.
 */
export function backtest(counts: ArrayLike<number>, options: BacktestOptions): BacktestResult {
	const config = options.config ?? DEFAULT_FORECAST_CONFIG;
	const { horizon } = options;
	const step = options.stepHours ?? horizon;
	const first = Math.round(options.trainWeeks * HOURS_PER_WEEK);
	let origins = 0, hours = 0, absSum = 0, sqSum = 0, apeSum = 0, apeN = 0, smapeSum = 0, actualSum = 0, inside = 0;
	let dailyApeSum = 0, dailyN = 0;
	for (let origin = first; origin + horizon <= counts.length; origin += step) {
		const train = Array.prototype.slice.call(counts, 0, origin) as number[];
		const points = forecastModel(fitHoltWinters(train, config), horizon, config.z);
		origins++;
		let dayF = 0, dayA = 0;
		for (const p of points) {
			const a = counts[origin + p.step - 1];
			const f = p.mean;
			const e = Math.abs(f - a);
			hours++;
			absSum += e;
			sqSum += e * e;
			actualSum += a;
			if (a >= 1) {
				apeSum += e / a;
				apeN++;
			}
			smapeSum += a + f > 0 ? (2 * e) / (Math.abs(a) + Math.abs(f)) : 0;
			if (a >= p.lower && a <= p.upper) inside++;
			dayF += f;
			dayA += a;
			if (p.step % 24 === 0) {
				if (dayA > 0) {
					dailyApeSum += Math.abs(dayF - dayA) / dayA;
					dailyN++;
				}
				dayF = 0;
				dayA = 0;
			}
		}
	}
	return {
		origins,
		hours,
		mae: hours > 0 ? absSum / hours : 0,
		rmse: hours > 0 ? Math.sqrt(sqSum / hours) : 0,
		mape: apeN > 0 ? (100 * apeSum) / apeN : null,
		mapeHours: apeN,
		smape: hours > 0 ? (100 * smapeSum) / hours : 0,
		wape: actualSum > 0 ? (100 * absSum) / actualSum : null,
		dailyMape: dailyN > 0 ? (100 * dailyApeSum) / dailyN : null,
		coverage: hours > 0 ? inside / hours : 0
	};
}
