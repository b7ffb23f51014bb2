import type { Page } from 'playwright-core';
import type { WallTestHooks } from '../../../src/routes/wall/test-hooks.ts';

export type CounterName = 'today' | 'open' | 'hot' | 'overdue';

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

	async goto(): Promise<void> {
		await this.page.goto(new URL('/wall', this.baseUrl).href);
		await this.waitReady();
	}

	/** map drawn, deck.gl attached, first sync applied */
	async waitReady(timeoutMs = 60_000): Promise<void> {
		await this.page.waitForFunction(() => window.__mcuWall?.ready === true, null, { timeout: timeoutMs });
	}

	#call<K extends Exclude<keyof WallTestHooks, 'ready'>>(name: K): Promise<ReturnType<WallTestHooks[K]>> {
		return this.page.evaluate((n) => {
			const hooks = window.__mcuWall;
			if (!hooks) throw new Error('window.__mcuWall is missing: is this /wall?');
			return (hooks[n] as () => unknown)();
		}, name) as Promise<ReturnType<WallTestHooks[K]>>;
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

	/** bounding boxes of the wall's panels, to check they do not overlap */
	async panelBoxes(): Promise<Record<string, { x: number; y: number; width: number; height: number }>> {
		return this.page.evaluate(() => {
			const out: Record<string, { x: number; y: number; width: number; height: number }> = {};
			for (const sel of ['header', 'main', 'aside', 'footer']) {
				const r = document.querySelector(`.wall > ${sel}`)?.getBoundingClientRect();
				if (r) out[sel] = { x: r.x, y: r.y, width: r.width, height: r.height };
			}
			return out;
		});
	}

	async screenshot(path: string): Promise<void> {
		await this.page.screenshot({ path, fullPage: false });
	}
}
