import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../server/demo/feed.ts';
import { loadMunicipalityGeo } from '../../server/demo/simulator.ts';
import { SIDE_PANEL_CONTENT, resolveSidePanel, type AnalyticsPanelId } from '../../src/lib/domain/wall/side-panels.ts';
import { postgresReachable } from '../support/postgres.ts';
import { incidentInput } from '../support/factories.ts';
import { SHOTS, startWallServer, useBrowserStack, type WallServer } from '../support/wall-stack.ts';
import { WALL_SIZES, WallPage } from './pages/wall.page.ts';

const TOKEN = 'e2e-analytics-token';
const DAY_MS = 86_400_000;

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** closes an incident as the operator would, retrying once on a version the worker moved meanwhile */
async function close(server: WallServer, id: string, version: number): Promise<void> {
	const send = (v: number) =>
		fetch(`${server.url}/api/v1/incidents/${id}/actions`, {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({ version: v, action: 'close', actor: 'operator', resolution: 'redirected', reason: 'передано по компетенции' })
		});
	let res = await send(version);
	if (res.status === 409) {
		const body = await res.json();
		if (body.incident?.version) res = await send(body.incident.version);
	}
	if (res.status !== 200 && res.status !== 409) throw new Error(`close answered ${res.status}: ${await res.text()}`);
}

class AnalyticsPanels {
	constructor(readonly page: Page) {}
	#call<T>(fn: (h: NonNullable<Window['__mcuAnalytics']>, arg: unknown) => T, arg?: unknown): Promise<T> {
		return this.page.evaluate(
			([src, a]) => {
				const h = window.__mcuAnalytics;
				if (!h) throw new Error('window.__mcuAnalytics is missing');
				return new Function('h', 'a', `return (${src})(h, a)`)(h, a);
			},
			[fn.toString(), arg] as const
		) as Promise<T>;
	}
	async waitLoaded(timeoutMs = 60_000): Promise<void> {
		await this.page.waitForFunction(() => window.__mcuAnalytics?.loaded === true, null, { timeout: timeoutMs });
	}
	panels = () => this.#call((h) => h.panels());
	capacity = () => this.#call((h) => h.capacity());
	updates = () => this.#call((h) => h.updates());
	ratingRows = (kind: 'department' | 'settlement') => this.#call((h, k) => h.ratingRows(k as 'department'), kind);
	volumeToday = () => this.#call((h) => h.volumeToday());
	spikeSummaries = () => this.#call((h) => h.spikeSummaries());
	show = (id: AnalyticsPanelId) => this.#call((h, x) => h.show(x as AnalyticsPanelId), id);
	/** the panels drawn in the DOM, each with its box and whether its chart canvas has pixels */
	async rendered(): Promise<Array<{ id: string; width: number; height: number; canvas: boolean; text: string }>> {
		return this.page.evaluate(() =>
			[...document.querySelectorAll<HTMLElement>('[data-testid="analytics"] [data-panel]')].map((el) => {
				const r = el.getBoundingClientRect();
				const c = el.querySelector('canvas');
				return { id: el.dataset.panel!, width: r.width, height: r.height, canvas: !!c && c.width > 0 && c.height > 0, text: el.innerText };
			})
		);
	}
	/**
	 * A rating panel's rows as the room sees them: how many, their names' font size next to the block tiles' numbers,
	 * and any row that spills out of its panel or is cut top or bottom.
	 */
	async ratingTable(id: 'departments' | 'settlements'): Promise<{ rows: number; namePx: number; tileNumberPx: number; spilled: string[] }> {
		return this.page.evaluate((panelId) => {
			const panel = document.querySelector<HTMLElement>(`[data-testid="analytics"] [data-panel="${panelId}"]`)!;
			const box = panel.getBoundingClientRect();
			const rows = [...panel.querySelectorAll<HTMLElement>('.names li, .values li')];
			const spilled = rows
				.filter((li) => {
					const r = li.getBoundingClientRect();
					return r.top < box.top - 1 || r.bottom > box.bottom + 1 || li.scrollHeight > li.clientHeight + 1;
				})
				.map((li) => li.innerText);
			const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
			return {
				rows: panel.querySelectorAll('.names li').length,
				namePx: Math.min(...[...panel.querySelectorAll('.names .name')].map(px)),
				tileNumberPx: Math.min(...[...document.querySelectorAll('.tile .num')].map(px)),
				spilled
			};
		}, id);
	}
}

const stack = useBrowserStack();
let server: WallServer;

beforeAll(async () => {
	server = await startWallServer(stack.redis, { token: TOKEN, prefix: 'wa', databaseUrl: (await postgresReachable()) ? 'fresh' : undefined });

	// eight weeks of the simulator's history (a tenth of the real rate), so the forecast has seasons to learn
	const geo = loadMunicipalityGeo();
	const now = Date.now();
	const history = generateHistory({ seed: 6, ...geo, from: new Date(now - 56 * DAY_MS), to: new Date(now - 60_000), speed: 0.1 });
	const stored = await server.ingest(history);
	// the last hours: departments close different shares of what came in, so the rating has something to rank
	const recent = stored.filter((r) => Date.parse(r.receivedAt) > now - 8 * 3_600_000);
	const shareOf = (dep: string | null) => [0.9, 0.6, 0.3, 0.75][(dep ?? '').length % 4];
	let k = 0;
	for (const r of recent) {
		if ((k++ % 100) / 100 < shareOf(r.departmentId)) await close(server, r.id, r.version);
	}
	// the workers have aggregated all of it: every incident is in the cube
	const deadline = Date.now() + 240_000;
	for (;;) {
		const trends = await (await fetch(`${server.url}/api/v1/metrics/trends`)).json();
		const inTrends = trends.blocks.reduce((s: number, b: { total: number }) => s + b.total, 0);
		const expected = history.filter((h) => Date.parse(h.receivedAt) >= Date.parse(`${trends.days[0]}T00:00:00+03:00`)).length;
		if (inTrends >= expected) break;
		if (Date.now() > deadline) throw new Error(`aggregates behind: ${inTrends} of ${expected}`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}, 600_000);

afterAll(async () => {
	await server?.close();
});

describe('analytics panels on the wall', () => {
	let page: Page;
	let wall: WallPage;
	let panels: AnalyticsPanels;

	beforeAll(async () => {
		page = await stack.browser.newPage({ viewport: { width: 1920, height: 1080 } });
		wall = new WallPage(page, server.url);
		// the rating group pinned in the side column; `show` below pins the others in turn
		await page.goto(new URL('/wall?panel=rating', server.url).href);
		// the SLA workers may still be flagging the seeded history overdue: give the first sync time
		await wall.waitReady(180_000);
		panels = new AnalyticsPanels(page);
		await panels.waitLoaded();
		// the aggregation has caught up with the seeded history
		await page.waitForFunction(() => (window.__mcuAnalytics?.ratingRows('department').length ?? 0) > 3, null, { timeout: 120_000 });
		// settlements are rated once the workers have placed the incidents in them
		await page.waitForFunction(() => (window.__mcuAnalytics?.ratingRows('settlement').length ?? 0) > 3, null, { timeout: 120_000 });
	});
	afterAll(async () => {
		await page?.close();
	});

	it('draws the rating, volume, spikes and trends panels from real worker output', async () => {
		// one group of two panels at a time at 1920×1080
		expect(await panels.capacity()).toBe(2);
		const seen = new Set<string>();
		for (const id of ['departments', 'settlements', 'volume', 'spikes', 'trends', 'escalations'] as const) {
			await panels.show(id);
			const group = SIDE_PANEL_CONTENT[resolveSidePanel(id)!];
			// the group is on screen and every chart in it has a canvas with pixels (the machine may be slow)
			await wall.waitForPanel(resolveSidePanel(id)!, 30_000);
			const shown = await panels.rendered();
			expect(shown.map((p) => p.id)).toEqual([...group]);
			expect(await panels.panels()).toEqual([...group]);
			// Each panel once had a third of what the counters and the map's legend left of the side column; the
			// legend grows with the map's scene (82 px live, 222 px for «рост к обычному»), and the scenes turn every
			// 30 s, so under the growth scene the slot shrank to 35 px and this failed about one run in three. A group
			// now has the column to itself: half of it per panel, over 130 px even under the tallest legend.
			for (const p of shown) {
				expect(p.height, `${p.id} height`).toBeGreaterThan(130);
				if (p.id !== 'spikes' && p.id !== 'escalations') expect(p.canvas, `${p.id} draws its chart: ${p.text}`).toBe(true);
			}
			seen.add(id);
		}
		expect(seen.size).toBe(6);
		const rows = await panels.ratingRows('department');
		for (const r of rows) {
			expect(r.score).toBeGreaterThanOrEqual(0);
			expect(r.score).toBeLessThanOrEqual(100);
		}
		expect(rows.map((r) => r.rank)).toEqual([...rows.map((r) => r.rank)].sort((a, b) => (a ?? 0) - (b ?? 0)));
		const volume = await panels.volumeToday();
		expect(volume!.hourly).toHaveLength(24);
		expect(volume!.forecastTotal).toBeGreaterThan(0);
	});

	it('updates after a burst: volume, rating counts and a spike, through metrics:update', async () => {
		const before = { updates: await panels.updates(), volume: (await panels.volumeToday())!.actualTotal };
		const nBefore = (await panels.ratingRows('department')).reduce((s, r) => s + r.n, 0);
		const burst = Array.from({ length: 30 }, (_, i) =>
			incidentInput({
				channel: 'pos',
				category: 'Горячее и холодное водоснабжение',
				text: `Нет воды в селе Шепси, ул. Школьная, третий день без водоснабжения, дом ${i + 1}`,
				address: `с. Шепси, ул. Школьная, ${i + 1}`,
				settlement: 'Шепсинское сельское поселение',
				lat: undefined,
				lon: undefined,
				receivedAt: new Date(Date.now() - 30_000).toISOString()
			})
		);
		await server.ingest(burst);
		await page.waitForFunction((v) => (window.__mcuAnalytics?.volumeToday()?.actualTotal ?? 0) >= v + 30, before.volume, { timeout: 30_000 });
		// the push arrives, but not necessarily first: the wall's minute poll, or the refetch after an earlier push, can
		// bring the new count before it (this asserted the order and failed now and then): wait for the push itself
		await page.waitForFunction((n) => (window.__mcuAnalytics?.updates() ?? 0) > n, before.updates, { timeout: 30_000 });
		await page.waitForFunction(
			(n) => (window.__mcuAnalytics?.ratingRows('department') ?? []).reduce((s, r) => s + r.n, 0) >= n + 30,
			nBefore,
			{ timeout: 30_000 }
		);
		// the burst is placed by the workers (address → settlement) before it counts for Шепсинское
		await page
			.waitForFunction(() => (window.__mcuAnalytics?.spikeSummaries() ?? []).some((s) => s.includes('ЖКХ, Шепсинское')), null, { timeout: 90_000 })
			.catch(async (err) => {
				const api = await (await fetch(`${server.url}/api/v1/metrics/spikes`)).json();
				throw new Error(`${err}\nwall: ${JSON.stringify(await panels.spikeSummaries())}\napi: ${JSON.stringify(api.spikes.map((x: { summary: string }) => x.summary))}`);
			});
		const spikes = await panels.spikeSummaries();
		expect(spikes.find((s) => s.includes('ЖКХ, Шепсинское'))).toMatch(/^(рост обращений: ЖКХ, Шепсинское \+[\d\s ]+ % к обычному|новая тема: ЖКХ, Шепсинское — \d+ за сутки)$/);
		// on screen: a four-digit growth stays in its column, and no row of either list shows only in part
		await panels.show('spikes');
		await wall.waitForPanel(resolveSidePanel('spikes')!, 30_000);
		const layout = await page.evaluate(() => {
			const overlaps: string[] = [];
			for (const li of document.querySelectorAll<HTMLElement>('.spikes li')) {
				const g = li.querySelector('.growth')!.getBoundingClientRect();
				const w = li.querySelector('.what')!.getBoundingClientRect();
				if (g.right > w.left + 0.5) overlaps.push(li.textContent ?? '');
			}
			const cut: string[] = [];
			for (const list of document.querySelectorAll<HTMLElement>('.spikes, .signals')) {
				const bottom = list.getBoundingClientRect().bottom + 0.5;
				for (const li of list.children as HTMLCollectionOf<HTMLElement>) {
					if (getComputedStyle(li).visibility !== 'hidden' && li.getBoundingClientRect().bottom > bottom) cut.push(li.textContent ?? '');
				}
			}
			return { overlaps, cut, rows: document.querySelectorAll('.spikes li').length };
		});
		expect(layout.rows).toBeGreaterThan(0);
		expect(layout.overlaps).toEqual([]);
		expect(layout.cut).toEqual([]);
	});

	it('fits all three wall sizes, more panels at once on the widest', async () => {
		// the legend above the panels is shortest under «live»: the ratings get their most room there
		await wall.setScene('live');
		for (const size of WALL_SIZES) {
			await page.setViewportSize({ width: size.width, height: size.height });
			await page.waitForTimeout(1200);
			await panels.show('departments');
			await wall.waitForPanel('rating');
			expect(await wall.hasNoScrollbars()).toBe(true);
			// the 6K wall's column holds two groups: the pinned rating and the dynamics after it
			if (size.name === '5760x2160') await page.waitForFunction(() => (window.__mcuAnalytics?.capacity() ?? 0) >= 4, null, { timeout: 15_000 });
			await wall.waitForPanel('rating');
			const shown = await panels.rendered();
			if (size.name === '5760x2160') expect(shown.map((p) => p.id)).toEqual(['departments', 'settlements', 'volume', 'trends']);
			else expect(shown.map((p) => p.id)).toEqual(['departments', 'settlements']);
			for (const p of shown) if (p.id !== 'spikes' && p.id !== 'escalations') expect(p.canvas, `${p.id} draws its chart at ${size.name}`).toBe(true);
			const box = await page.evaluate(() => {
				const a = document.querySelector('[data-testid="analytics"]')!.getBoundingClientRect();
				const side = document.querySelector('.wall > aside')!.getBoundingClientRect();
				return { a: { x: a.x, y: a.y, r: a.right, b: a.bottom }, side: { x: side.x, y: side.y, r: side.right, b: side.bottom } };
			});
			expect(box.a.x).toBeGreaterThanOrEqual(box.side.x - 1);
			expect(box.a.r).toBeLessThanOrEqual(box.side.r + 1);
			expect(box.a.b).toBeLessThanOrEqual(box.side.b + 1);
			// the rating rows fill the room their panel has: more rows on a 1080p screen, bigger names on the 6K wall
			for (const id of ['departments', 'settlements'] as const) {
				// the rows are fitted to the box once it is measured (a resize, a panel just turned): let that frame come
				await expect.poll(async () => (await panels.ratingTable(id)).spilled, { timeout: 5000, message: `${id} rows inside their panel at ${size.name}` }).toEqual([]);
				const table = await panels.ratingTable(id);
				const items = (await panels.ratingRows(id === 'departments' ? 'department' : 'settlement')).length;
				// 1080p showed three rows here, in type no bigger than now
				if (size.name === '1920x1080') expect(table.rows, `${id} rows at ${size.name}`).toBeGreaterThanOrEqual(Math.min(5, items));
				// the 6K wall's names were a third of the tiles' numbers (33 px next to 95 px): not read across the room
				if (size.name === '5760x2160') expect(table.namePx / table.tileNumberPx, `${id} names at ${size.name}`).toBeGreaterThanOrEqual(0.4);
				else expect(table.namePx / table.tileNumberPx, `${id} names at ${size.name}`).toBeGreaterThanOrEqual(0.38);
			}
			await page.screenshot({ path: path.join(SHOTS, `analytics-${size.name}.png`), timeout: 120_000 });
		}
		// under the tallest legend («рост к обычному») a 1080p rating still shows four rows
		await page.setViewportSize({ width: 1920, height: 1080 });
		await wall.setScene('growth');
		await page.waitForTimeout(1200);
		await wall.waitForPanel('rating');
		for (const id of ['departments', 'settlements'] as const) {
			await expect.poll(async () => (await panels.ratingTable(id)).spilled, { timeout: 5000, message: `${id} rows inside their panel under the growth legend` }).toEqual([]);
			const table = await panels.ratingTable(id);
			expect(table.rows, `${id} rows under the growth legend`).toBeGreaterThanOrEqual(4);
		}
		await wall.unpinScene();
	});
});
