/**
 * `window.__mcuAnalytics`: what the Playwright tests read and drive of the wall's analytics panels
 * (tests/e2e/wall-analytics.test.ts). Reads real state: the loaded endpoints and the panels on screen.
 */
export type AnalyticsPanelId = 'departments' | 'settlements' | 'volume' | 'spikes' | 'trends' | 'escalations';

export interface AnalyticsTestHooks {
	/** every endpoint answered at least once */
	readonly loaded: boolean;
	/** the panels on screen now (one at a time when the column is small, more on a wide wall) */
	panels(): AnalyticsPanelId[];
	/** all panels in rotation order */
	allPanels(): AnalyticsPanelId[];
	/** panels shown at once */
	capacity(): number;
	/** the measured layout, in css px and wall units */
	layout(): { u: number; width: number; height: number; cols: number; rows: number; dense: boolean; ratingRows: number };
	/** rows of a rating as loaded */
	ratingRows(kind: 'department' | 'settlement'): Array<{ unit: string; unitName: string; score: number | null; n: number; rank: number | null; rankChange: number | null }>;
	/** today's arrivals as the volume panel shows them */
	volumeToday(): { actualTotal: number; forecastTotal: number; hourly: Array<number | null> } | null;
	spikeSummaries(): string[];
	/** `metrics:update` pushes applied */
	updates(): number;
	/** brings a panel on screen now (the rotation continues from it) */
	show(id: AnalyticsPanelId): void;
}

declare global {
	interface Window {
		__mcuAnalytics?: AnalyticsTestHooks;
	}
}
