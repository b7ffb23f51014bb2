/**
 * The charts' palette and option type. ECharts itself (tree-shaken: only what the panels draw) is in
 * echarts-runtime.ts, loaded when the first chart mounts, so the wall's first load does not wait for it.
 * Colours are the wall's (src/app.css), so the panels read as one picture with the map.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption } from 'echarts/components';

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption>;

/** the map's palette (src/app.css) */
export const PALETTE = {
	bg: '#070d14',
	panel: '#0e1823',
	edge: '#22364a',
	text: '#f2f6fa',
	muted: '#a9b8c8',
	fresh: '#5ae1ff',
	open: '#ffb81c',
	hot: '#ff38c4',
	overdue: '#ff5438',
	online: '#3ddc84',
	grid: 'rgba(169, 184, 200, 0.14)'
} as const;

/** score bands: green, yellow, red as on the map's status colours */
export const BAND_COLOR = { green: PALETTE.online, yellow: PALETTE.open, red: PALETTE.overdue } as const;

/** a few distinct series colours on the dark ground, the map's first */
export const SERIES_COLORS = [PALETTE.fresh, PALETTE.open, PALETTE.hot, PALETTE.online, '#b18cff', PALETTE.overdue] as const;

export const FONT = "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
