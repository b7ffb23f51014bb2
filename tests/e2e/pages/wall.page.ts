import type { Page } from 'playwright-core';
import type { WallTestHooks } from '../../../src/routes/wall/test-hooks.ts';

export type CounterName = 'today' | 'open' | 'hot' | 'overdue';
export type SceneName = 'live' | 'per1000' | 'overdue' | 'growth' | 'hexagons';
export type SidePanelName = 'latest' | 'overdue' | 'rating' | 'dynamics' | 'spikes';
export const SIDE_PANELS: readonly SidePanelName[] = ['latest', 'overdue', 'rating', 'dynamics', 'spikes'];

/** The wall sizes we promise to render right (css px, device scale 1). */
export const WALL_SIZES = [
	{ name: '1920x1080', width: 1920, height: 1080 },
	{ name: '3840x2160', width: 3840, height: 2160 },
	{ name: '5760x2160', width: 5760, height: 2160 }
] as const;

/**
 * Page object of /wall. Reads state through `window.__mcuWall` (src/routes/wall/test-hooks.ts) and the
 * `data-testid`s of the counters and the connection badge; never through css classes.
 */
export class WallPage {
	constructor(
		readonly page: Page,
		readonly baseUrl: string
	) {}

	/** opens /wall, with a query such as `?panel=overdue` */
	async goto(query = ''): Promise<void> {
		await this.page.goto(new URL(`/wall${query}`, this.baseUrl).href);
		await this.waitReady();
	}

	/** map drawn, deck.gl attached, first sync applied */
	async waitReady(timeoutMs = 60_000): Promise<void> {
		await this.page.waitForFunction(() => window.__mcuWall?.ready === true, null, { timeout: timeoutMs });
	}

	#call<K extends Exclude<keyof WallTestHooks, 'ready'>>(name: K, ...args: Parameters<WallTestHooks[K]>): Promise<ReturnType<WallTestHooks[K]>> {
		return this.page.evaluate(
			([n, a]) => {
				const hooks = window.__mcuWall;
				if (!hooks) throw new Error('window.__mcuWall is missing: is this /wall?');
				return (hooks[n] as (...x: unknown[]) => unknown)(...a);
			},
			[name, args] as const
		) as Promise<ReturnType<WallTestHooks[K]>>;
	}

	// ---- side panels (src/lib/domain/wall/side-panels.ts)
	sidePanels(): Promise<ReturnType<WallTestHooks['sidePanels']>> {
		return this.#call('sidePanels');
	}
	async pinPanel(id: SidePanelName): Promise<void> {
		await this.#call('pinPanel', id);
	}
	async unpinPanel(): Promise<void> {
		await this.#call('unpinPanel');
	}

	/**
	 * Resolves once the side column shows `id` and every chart canvas in it has a size (ECharts draws on a canvas
	 * once its box is laid out; a 6K frame in SwiftShader can take seconds).
	 */
	async waitForPanel(id: SidePanelName, timeoutMs = 60_000): Promise<void> {
		await this.page.waitForFunction(
			(x) => {
				const group = document.querySelector(`[data-side-panel="${x}"]`);
				if (!group) return false;
				const charts = [...document.querySelectorAll<HTMLElement>('aside [data-side-panel] .chart[role="img"]')];
				return charts.every((c) => {
					const canvas = c.querySelector('canvas');
					return !!canvas && canvas.width > 0 && canvas.height > 0;
				});
			},
			id,
			{ timeout: timeoutMs, polling: 200 }
		);
	}

	/** every chart in the side column: its box and its canvas's backing size */
	async sideCharts(): Promise<Array<{ label: string; box: Box; canvas: { width: number; height: number } | null }>> {
		return this.page.evaluate(() =>
			[...document.querySelectorAll<HTMLElement>('aside [data-side-panel] .chart[role="img"]')].map((c) => {
				const r = c.getBoundingClientRect();
				const canvas = c.querySelector('canvas');
				return {
					label: c.getAttribute('aria-label') ?? '',
					box: { x: r.x, y: r.y, width: r.width, height: r.height },
					canvas: canvas ? { width: canvas.width, height: canvas.height } : null
				};
			})
		);
	}

	// ---- scenes, tiles and replay (issue 5)
	scene(): Promise<string> {
		return this.#call('scene');
	}
	/** pins a scene */
	async setScene(id: SceneName): Promise<void> {
		await this.#call('setScene', id);
	}
	async unpinScene(): Promise<void> {
		await this.#call('unpinScene');
	}
	async filterBlock(tileId: string | null): Promise<void> {
		await this.#call('filterBlock', tileId);
	}
	settlementValue(id: string): Promise<{ measure: string; value: number | null } | null> {
		return this.#call('settlementValue', id);
	}
	settlementColor(id: string): Promise<[number, number, number, number] | null> {
		return this.#call('settlementColor', id);
	}
	blockTile(id: string): Promise<{ open: number; today: number; overdue: number; trend: string } | null> {
		return this.#call('blockTile', id);
	}
	tileIds(): Promise<string[]> {
		return this.#call('tileIds');
	}
	visibleLayers(): Promise<string[]> {
		return this.#call('visibleLayers');
	}
	async startReplay(hours: 24 | 168, speed: number): Promise<void> {
		await this.#call('startReplay', hours, speed);
	}
	async stopReplay(): Promise<void> {
		await this.#call('stopReplay');
	}
	replayState(): Promise<ReturnType<WallTestHooks['replayState']>> {
		return this.#call('replayState');
	}

	/** aggregates (choropleth, tiles) loaded once */
	async waitForAggregates(timeoutMs = 20_000): Promise<void> {
		await this.page.waitForFunction(() => window.__mcuWall?.aggregatesLoaded() === true, null, { timeout: timeoutMs });
	}

	/** resolves once a predicate over the hooks holds (it runs in the page: no closures over test variables) */
	async waitFor<A>(pred: (hooks: WallTestHooks, arg: A) => boolean, arg: A, timeoutMs = 20_000): Promise<void> {
		await this.page.waitForFunction(
			([src, a]) => {
				const hooks = window.__mcuWall;
				// eslint-disable-next-line no-new-func
				return hooks ? (new Function('h', 'a', `return (${src})(h, a)`) as (h: unknown, a: unknown) => boolean)(hooks, a) : false;
			},
			[pred.toString(), arg] as const,
			{ timeout: timeoutMs, polling: 200 }
		);
	}

	/** bounding boxes of the tiles strip, the side panels and the map (none may overlap) */
	async sceneBoxes(): Promise<Record<string, { x: number; y: number; width: number; height: number }>> {
		return this.page.evaluate(() => {
			const out: Record<string, { x: number; y: number; width: number; height: number }> = {};
			for (const sel of ['header', 'main', '.wall > .tiles', 'aside .counters', 'aside .legend', 'aside .panels', 'footer']) {
				const r = document.querySelector(sel)?.getBoundingClientRect();
				if (r) out[sel] = { x: r.x, y: r.y, width: r.width, height: r.height };
			}
			return out;
		});
	}

	/** elements whose content is cut (scrollWidth/Height beyond their box) among the wall's text */
	async clippedTexts(): Promise<string[]> {
		return this.page.evaluate(() => {
			const out: string[] = [];
			for (const el of document.querySelectorAll<HTMLElement>('.tile .num, .tile .name, .tile .cap, header .name, [data-testid="scene-legend"] .unit')) {
				if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.textContent} (${el.scrollWidth} > ${el.clientWidth} px)`);
				// a title wraps onto its second line; a third would be cut (a glyph's descender past the line is not a line)
				else if (el.matches('.tile .name') && el.scrollHeight > el.clientHeight + parseFloat(getComputedStyle(el).lineHeight) / 2) out.push(`${el.textContent} (${el.scrollHeight} > ${el.clientHeight} px high)`);
			}
			return out;
		});
	}

	/**
	 * The colour on screen just inside the map's left and right edges at mid height ([r, g, b], 0–255, the mean of a
	 * few px), where a wide wall sees past the basemap's extent
	 */
	async mapEdgeColours(): Promise<{ left: number[]; right: number[] }> {
		const map = (await this.sceneBoxes())['main'];
		const inset = Math.round(map.width * 0.02);
		const y = Math.round(map.y + map.height / 2);
		const sample = async (x: number): Promise<number[]> => {
			const png = await this.page.screenshot({ clip: { x, y, width: 4, height: 4 }, timeout: 120_000 });
			// the page decodes the picture: no image library in the tests
			return this.page.evaluate(async (b64) => {
				const img = new Image();
				img.src = `data:image/png;base64,${b64}`;
				await img.decode();
				const c = document.createElement('canvas');
				c.width = img.width;
				c.height = img.height;
				const g = c.getContext('2d')!;
				g.drawImage(img, 0, 0);
				const d = g.getImageData(0, 0, c.width, c.height).data;
				const sum = [0, 0, 0];
				for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) sum[k] += d[i + k];
				return sum.map((v) => v / (d.length / 4));
			}, png.toString('base64'));
		};
		return { left: await sample(Math.round(map.x + inset)), right: await sample(Math.round(map.x + map.width - inset - 4)) };
	}

	/** the rendered font size (css px) of each tile's title, by its text */
	async tileNamePx(): Promise<Record<string, number>> {
		return this.page.evaluate(() =>
			Object.fromEntries([...document.querySelectorAll<HTMLElement>('.tile .name')].map((el) => [el.textContent ?? '', parseFloat(getComputedStyle(el).fontSize)]))
		);
	}

	/** the rendered font size (css px) of the tile numbers, smallest */
	async minTileNumberPx(): Promise<number> {
		return this.page.evaluate(() =>
			Math.min(...[...document.querySelectorAll<HTMLElement>('.tile .num')].map((el) => parseFloat(getComputedStyle(el).fontSize)))
		);
	}

	lastSeq(): Promise<number> {
		return this.#call('lastSeq');
	}
	incidentIds(): Promise<string[]> {
		return this.#call('incidentIds');
	}
	layerDataLength(): Promise<number> {
		return this.#call('layerDataLength');
	}
	connectionState(): Promise<string> {
		return this.#call('connectionState');
	}
	canvasSize(): Promise<{ width: number; height: number }> {
		return this.#call('canvasSize');
	}
	/** the id of the maplibre layer drawn right under `id`, once every source has loaded (null before) */
	async layerUnder(id: string): Promise<string | null> {
		const order = await this.#call('basemapOrder');
		return order ? (order[order.indexOf(id) - 1] ?? null) : null;
	}
	dataUpdates(): Promise<{ partial: number; full: number }> {
		return this.#call('dataUpdates');
	}
	async disconnect(): Promise<void> {
		await this.#call('disconnect');
	}
	async connect(): Promise<void> {
		await this.#call('connect');
	}

	/** resolves once deck.gl's incidents layer holds every id (each may appear once only: check with countOf) */
	async waitForIncidents(ids: string[], timeoutMs = 15_000): Promise<void> {
		await this.page.waitForFunction(
			(wanted) => {
				const have = new Set(window.__mcuWall?.incidentIds() ?? []);
				return wanted.every((id) => have.has(id));
			},
			ids,
			{ timeout: timeoutMs }
		);
	}

	/** how many times an id occurs in the layer's data */
	async countOf(id: string): Promise<number> {
		return (await this.incidentIds()).filter((x) => x === id).length;
	}

	async waitForConnectionState(state: string, timeoutMs = 20_000): Promise<void> {
		await this.page.waitForFunction((s) => window.__mcuWall?.connectionState() === s, state, {
			timeout: timeoutMs
		});
	}

	/** the number a counter shows (NaN while it shows «—») */
	async counter(name: CounterName): Promise<number> {
		const text = (await this.page.getByTestId(`count-${name}`).textContent()) ?? '';
		const digits = text.replace(/[\s\u00a0\u202f]/g, '');
		return /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
	}

	async waitForCounter(name: CounterName, atLeast: number, timeoutMs = 15_000): Promise<void> {
		await this.page.waitForFunction(
			([n, min]) => {
				const el = document.querySelector(`[data-testid="count-${n}"]`);
				const v = Number((el?.textContent ?? '').replace(/[\s\u00a0\u202f]/g, ''));
				return Number.isFinite(v) && v >= (min as number);
			},
			[name, atLeast] as const,
			{ timeout: timeoutMs }
		);
	}

	async badgeText(): Promise<string> {
		return ((await this.page.getByTestId('connection-badge').textContent()) ?? '').trim();
	}

	/** true when neither the page nor any element scrolls */
	async hasNoScrollbars(): Promise<boolean> {
		return this.page.evaluate(() => {
			const d = document.documentElement;
			return d.scrollWidth <= d.clientWidth && d.scrollHeight <= d.clientHeight;
		});
	}

	/**
	 * Bounding boxes of the wall's regions (header, map, side column, tiles, footer) and of the side column's parts
	 * (counters, legend, the panel bar and each panel group on screen), to check none overlaps another. The side
	 * column's parts lie inside `aside`, so only parts of the same level are compared (see `overlaps`).
	 */
	async panelBoxes(): Promise<{ regions: Record<string, Box>; side: Record<string, Box>; aside: Box }> {
		return this.page.evaluate(() => {
			const box = (el: Element) => {
				const r = el.getBoundingClientRect();
				return { x: r.x, y: r.y, width: r.width, height: r.height };
			};
			const regions: Record<string, { x: number; y: number; width: number; height: number }> = {};
			for (const [name, sel] of [
				['header', '.wall > header'],
				['map', '.wall > main'],
				['side', '.wall > aside'],
				['tiles', '.wall > .tiles'],
				['footer', '.wall > footer']
			]) {
				const el = document.querySelector(sel);
				if (el) regions[name] = box(el);
			}
			const side: Record<string, { x: number; y: number; width: number; height: number }> = {};
			for (const [name, sel] of [
				['counters', 'aside .counters'],
				['legend', 'aside .legend'],
				['indicator', '[data-testid="side-panel-bar"]']
			]) {
				const el = document.querySelector(sel);
				if (el) side[name] = box(el);
			}
			for (const el of document.querySelectorAll<HTMLElement>('[data-side-panel]')) side[`panel ${el.dataset.sidePanel}`] = box(el);
			return { regions, side, aside: box(document.querySelector('.wall > aside')!) };
		});
	}

	/** a 6K canvas in SwiftShader can take a while to hand over a frame: big walls pass a longer timeout */
	async screenshot(path: string, timeoutMs = 30_000): Promise<void> {
		await this.page.screenshot({ path, fullPage: false, timeout: timeoutMs });
	}

	// ---- overdue ticker (src/routes/wall/OverdueTicker.svelte)

	/** the rows on the ticker's current page, in order */
	async overdueRows(): Promise<Array<{ id: string; text: string }>> {
		return this.page.evaluate(() =>
			[...document.querySelectorAll<HTMLElement>('[data-testid="overdue-ticker"] [data-testid="overdue-row"]')].map((el) => ({
				id: el.dataset.incidentId ?? '',
				text: (el.textContent ?? '').replace(/\s+/g, ' ').trim()
			}))
		);
	}

	/**
	 * Resolves with the row's text once the incident is on the ticker's current page (the ticker pages by itself,
	 * so a row further down shows within a few page turns).
	 */
	async waitForOverdueRow(id: string, timeoutMs = 15_000): Promise<string> {
		const handle = await this.page.waitForFunction(
			(wanted) => {
				const el = document.querySelector<HTMLElement>(`[data-testid="overdue-ticker"] [data-testid="overdue-row"][data-incident-id="${wanted}"]`);
				return el ? (el.textContent ?? '').replace(/\s+/g, ' ').trim() : false;
			},
			id,
			{ timeout: timeoutMs, polling: 100 }
		);
		return (await handle.jsonValue()) as string;
	}

	/** the overdue count in the ticker's header (NaN while it shows «—») */
	async overdueTotal(): Promise<number> {
		const text = (await this.page.getByTestId('overdue-total').textContent()) ?? '';
		const digits = text.replace(/[\s\u00a0\u202f]/g, '');
		return /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
	}

	/** «1/4», or null when everything fits on one page */
	async overduePageIndicator(): Promise<string | null> {
		const el = this.page.getByTestId('overdue-page');
		return (await el.count()) > 0 ? ((await el.textContent()) ?? '').trim() : null;
	}

	/** 'full' | 'compact' | 'micro' rows, or 'none' when the ticker's share of the column holds its header only */
	async overdueRowStyle(): Promise<string | null> {
		return this.page.getByTestId('overdue-ticker').getAttribute('data-row-style');
	}

	async overdueTickerText(): Promise<string> {
		return ((await this.page.getByTestId('overdue-ticker').textContent()) ?? '').replace(/\s+/g, ' ').trim();
	}

	/** boxes of the ticker, its rows and the aside's other panels, to check nothing spills or overlaps */
	async overdueBoxes(): Promise<{
		ticker: Box;
		rows: Box[];
		siblings: Record<string, Box>;
		overflowing: string[];
	}> {
		return this.page.evaluate(() => {
			const box = (el: Element) => {
				const r = el.getBoundingClientRect();
				return { x: r.x, y: r.y, width: r.width, height: r.height };
			};
			const ticker = document.querySelector('[data-testid="overdue-ticker"]')!;
			const siblings: Record<string, { x: number; y: number; width: number; height: number }> = {};
			// the side column's other parts: counters, legend, the panel bar and any other panel group on screen
			const others = [...document.querySelectorAll('aside .counters, aside .legend, [data-testid="side-panel-bar"], [data-side-panel]')];
			for (const el of others) {
				if (el.contains(ticker)) continue;
				const name = el instanceof HTMLElement && el.dataset.sidePanel ? `panel ${el.dataset.sidePanel}` : el.className.split(' ')[0] || el.tagName;
				siblings[name] = box(el);
			}
			// an element whose content is taller or wider than its box would be cut mid-line
			const overflowing = [...ticker.querySelectorAll<HTMLElement>('header, .summary, [data-testid="overdue-row"]')]
				.filter((el) => el.scrollHeight > el.clientHeight + 1)
				.map((el) => `${el.dataset.testid ?? el.tagName.toLowerCase()} ${el.scrollHeight}>${el.clientHeight}`);
			return { ticker: box(ticker), rows: [...ticker.querySelectorAll('[data-testid="overdue-row"]')].map(box), siblings, overflowing };
		});
	}
}

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** true when two boxes share more than a pixel's sliver */
export function overlaps(a: Box, b: Box): boolean {
	return a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
}
