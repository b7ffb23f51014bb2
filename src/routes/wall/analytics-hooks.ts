/**
 * `window.__mcuAnalytics`: what the Playwright tests read and drive of the wall's analytics panels
 * (tests/e2e/wall-analytics.test.ts). Reads real state: the loaded endpoints and the panels on screen.
 */
import type { AnalyticsPanelId } from '#domain/wall/side-panels.ts';

export type { AnalyticsPanelId };

export interface AnalyticsTestHooks {
	/** every endpoint answered at least once */
	readonly loaded: boolean;
	/** the analytics panels on screen now: those of the side-panel groups shown */
	panels(): AnalyticsPanelId[];
	/** every analytics panel, in playlist order */
	allPanels(): AnalyticsPanelId[];
	/** analytics panels on screen at once */
	capacity(): number;
	/** rows of a rating as loaded */
	ratingRows(kind: 'department' | 'settlement'): Array<{ unit: string; unitName: string; score: number | null; n: number; rank: number | null; rankChange: number | null }>;
	/** today's arrivals as the volume panel shows them */
	volumeToday(): { actualTotal: number; forecastTotal: number | null; hourly: Array<number | null> } | null;
	spikeSummaries(): string[];
	/** `metrics:update` pushes applied */
	updates(): number;
	/** brings the panel's side group on screen now (the rotation continues from it; a pinned column pins it) */
	show(id: AnalyticsPanelId): void;
}

declare global {
	interface Window {
		__mcuAnalytics?: AnalyticsTestHooks;
	}
}
