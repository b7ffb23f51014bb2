/**
 * Scene math of the wall's choropleth: measures per settlement, class breaks, colour ramps, trend arrows.
 * Pure: the server computes the counts, the browser picks a measure and colours.
 */

export type Rgba = [number, number, number, number];

/** What GET /api/v1/wall/settlements answers for one settlement. */
export interface SettlementAggregate {
	id: string;
	open: number;
	overdue: number;
	/** open incidents per 1 000 inhabitants; null when the population is unknown */
	per1000: number | null;
	/** received since local midnight */
	todayCount: number;
	/** mean count of the same weekday over the last 4 weeks, up to the same time of day */
	baselineSameWeekday: number;
	/** today against that baseline, % (see growthPct) */
	growthPct: number;
}

export const CHOROPLETH_MEASURES = ['per1000', 'overdue', 'growthPct'] as const;
export type ChoroplethMeasure = (typeof CHOROPLETH_MEASURES)[number];

/** open incidents per 1 000 inhabitants, one decimal kept; null without a population */
export function per1000(open: number, population: number | null | undefined): number | null {
	if (!population || population <= 0) return null;
	return Math.round((open / population) * 10_000) / 10;
}

/**
 * Growth of today against the same weekday's mean, in %. A baseline below one incident counts as one, so a
 * settlement that had nothing and now has a burst shows a big rise instead of "no data" (and 0 → 0 is 0 %).
 */
export function growthPct(today: number, baseline: number): number {
	return Math.round(((today - baseline) / Math.max(baseline, 1)) * 100);
}

/** mean of the same weekday over past weeks (counts of week −1, −2, …), one decimal */
export function sameWeekdayBaseline(pastWeeks: readonly number[]): number {
	if (pastWeeks.length === 0) return 0;
	return Math.round((pastWeeks.reduce((a, b) => a + b, 0) / pastWeeks.length) * 10) / 10;
}

export type Trend = 'up' | 'down' | 'flat';

/**
 * Trend arrow of a tile: today against the same weekday's mean (up to the same time of day). Changes smaller
 * than `minDelta` incidents or `minPct` % are flat, so one incident more does not flip an arrow.
 */
export function trend(today: number, baseline: number, { minDelta = 2, minPct = 15 } = {}): Trend {
	const delta = today - baseline;
	if (Math.abs(delta) < minDelta) return 'flat';
	if (Math.abs(delta) / Math.max(baseline, 1) * 100 < minPct) return 'flat';
	return delta > 0 ? 'up' : 'down';
}

/** the value a measure takes for one settlement (null: no data, drawn grey) */
export function measureValue(a: SettlementAggregate | undefined, measure: ChoroplethMeasure): number | null {
	if (!a) return null;
	switch (measure) {
		case 'per1000':
			return a.per1000;
		case 'overdue':
			return a.overdue;
		case 'growthPct':
			return a.growthPct;
	}
}

/** Fixed, readable class breaks per measure: the wall keeps its colours meaningful from day to day. */
export interface Classes {
	/** upper bounds (exclusive) of all classes but the last; breaks.length + 1 classes */
	breaks: number[];
	colours: Rgba[];
}

/**
 * Class breaks for a set of values: "nice" round numbers spanning the data, at least `min` wide, so a quiet day
 * does not paint one incident as a disaster. Returns ascending, unique upper bounds for `k` classes (k − 1 breaks).
 */
export function niceBreaks(values: readonly (number | null)[], k: number, minTop: number): number[] {
	const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
	const top = Math.max(minTop, ...finite);
	const step = niceStep(top / k);
	const breaks: number[] = [];
	// float noise only (0.30000000000000004): steps are round already
	for (let i = 1; i < k; i++) breaks.push(Math.round(step * i * 1e6) / 1e6);
	return breaks;
}

function niceStep(raw: number): number {
	if (raw <= 0) return 1;
	const exp = Math.floor(Math.log10(raw));
	const base = 10 ** exp;
	const f = raw / base;
	const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
	return nice * base;
}

/** index of the class a value falls in (0 … breaks.length), or −1 for no data */
export function classify(value: number | null, breaks: readonly number[]): number {
	if (value === null || !Number.isFinite(value)) return -1;
	let i = 0;
	while (i < breaks.length && value >= breaks[i]) i++;
	return i;
}

/** sequential ramps, dark → bright on a dark wall; 5 classes */
export const RAMPS = {
	// yellow-orange-red: load
	load: [
		[47, 62, 78, 170],
		[120, 98, 40, 200],
		[204, 129, 24, 215],
		[240, 84, 40, 225],
		[255, 40, 80, 235]
	],
	// overdue: greys to deep red
	overdue: [
		[47, 62, 78, 170],
		[128, 70, 60, 205],
		[190, 60, 45, 215],
		[232, 45, 40, 225],
		[255, 20, 60, 240]
	],
	// growth: diverging, blue (fewer than usual) → grey → red (more)
	growth: [
		[40, 110, 200, 200],
		[47, 62, 78, 170],
		[190, 120, 40, 210],
		[240, 80, 40, 225],
		[255, 30, 110, 240]
	]
} satisfies Record<string, Rgba[]>;

export const NO_DATA: Rgba = [40, 48, 58, 120];

/** classes of one measure for the values on the wall now */
export function classesFor(measure: ChoroplethMeasure, values: readonly (number | null)[]): Classes {
	switch (measure) {
		case 'per1000':
			return { breaks: niceBreaks(values, 5, 2), colours: RAMPS.load };
		case 'overdue':
			// 0 is its own class: "nothing overdue" must look calm
			return { breaks: [1, ...niceBreaks(values, 4, 8)], colours: RAMPS.overdue };
		case 'growthPct':
			// below usual | about usual | up to +50 % | up to +100 % | more
			return { breaks: [-25, 25, 50, 100], colours: RAMPS.growth };
	}
}

export function colourOf(value: number | null, classes: Classes): Rgba {
	const i = classify(value, classes.breaks);
	return i < 0 ? NO_DATA : classes.colours[Math.min(i, classes.colours.length - 1)];
}

/** "2–4", "< 1", "≥ 100" labels of each class for the legend */
export function classLabels(breaks: readonly number[], format: (n: number) => string = String): string[] {
	const labels: string[] = [];
	for (let i = 0; i <= breaks.length; i++) {
		if (i === 0) labels.push(`< ${format(breaks[0])}`);
		else if (i === breaks.length) labels.push(`≥ ${format(breaks[i - 1])}`);
		else labels.push(`${format(breaks[i - 1])} – ${format(breaks[i])}`);
	}
	return labels;
}

/** a measure's values per settlement and its classes: what the choropleth paints */
export interface Choropleth {
	measure: ChoroplethMeasure;
	values: Map<string, number | null>;
	classes: Classes;
}

export function choroplethFor(measure: ChoroplethMeasure, settlements: readonly SettlementAggregate[]): Choropleth {
	const values = new Map(settlements.map((s) => [s.id, measureValue(s, measure)]));
	return { measure, values, classes: classesFor(measure, [...values.values()]) };
}

const oneDecimal = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

/** the value as a label on the map: «6,7», «12», «+250 %» (a typographic minus for falls) */
export function formatMeasure(measure: ChoroplethMeasure, value: number | null): string {
	if (value === null || !Number.isFinite(value)) return '—';
	switch (measure) {
		case 'per1000':
			return oneDecimal.format(value);
		case 'overdue':
			return integer.format(value);
		case 'growthPct':
			return `${value > 0 ? '+' : value < 0 ? '−' : ''}${integer.format(Math.abs(value))} %`;
	}
}

/** a class bound in the legend («2,5», «+50 %») */
export function formatBreak(measure: ChoroplethMeasure, value: number): string {
	if (measure === 'growthPct') return formatMeasure(measure, value);
	return Number.isInteger(value) ? integer.format(value) : oneDecimal.format(value);
}
