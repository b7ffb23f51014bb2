import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import { generateHistory } from '../../server/demo/feed.ts';
import { loadMunicipalityGeo } from '../../server/demo/simulator.ts';
import type { IncidentInput } from '../../src/lib/domain/incident.ts';
import type { AnalyticsPanelId } from '../../src/routes/wall/analytics-hooks.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDatabase, postgresReachable } from '../support/postgres.ts';
import { incidentInput } from '../support/factories.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { WALL_SIZES, WallPage } from './pages/wall.page.ts';

const TOKEN = 'e2e-analytics-token';
const SHOTS = path.resolve('tests/e2e/screenshots');
fs.mkdirSync(SHOTS, { recursive: true });
const DAY_MS = 86_400_000;

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

async function ingest(server: ServerProcess, items: IncidentInput[]): Promise<Array<{ id: string; version: number; departmentId: string | null; receivedAt: string }>> {
	const out = [];
	for (let i = 0; i < items.length; i += 1000) {
		const res = await fetch(`${server.url}/api/v1/incidents`, { method: 'POST', headers: auth, body: JSON.stringify(items.slice(i, i + 1000)) });
		if (res.status !== 201 && res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
		const body = await res.json();
		out.push(...(body.results ?? body.incidents ?? []).map((r: { incident?: unknown }) => r.incident ?? r));
	}
	return out;
}

/** closes an incident as the operator would, retrying once on a version the worker moved meanwhile */
async function close(server: ServerProcess, id: string, version: number): Promise<void> {
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
}

let redis: PrivateRedis;
let browser: Browser;
let server: ServerProcess;
let dataDir: string;
let dropDb: (() => Promise<void>) | undefined;

beforeAll(async () => {
	redis = await startPrivateRedis();
	browser = await launchBrowser();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-e2e-analytics-'));
	const env: Record<string, string> = { REDIS_URL: redis.url, REDIS_PREFIX: 'wa', INGEST_TOKEN: TOKEN, DATA_DIR: dataDir, RUN_WORKERS: 'true' };
	if (await postgresReachable()) {
		const db = await createTestDatabase();
		dropDb = db.drop;
		env.DATABASE_URL = db.url;
	}
	server = await startServerProcess(env);

	// eight weeks of the simulator's history (a tenth of the real rate), so the forecast has seasons to learn
	const geo = loadMunicipalityGeo();
	const now = Date.now();
	const history = generateHistory({ seed: 6, ...geo, from: new Date(now - 56 * DAY_MS), to: new Date(now - 60_000), speed: 0.1 });
	const stored = await ingest(server, history);
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
	await browser?.close();
	await server?.stop();
	await dropDb?.();
	await redis?.stop();
	if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('analytics panels on the wall', () => {
	let page: Page;
	let wall: WallPage;
	let panels: AnalyticsPanels;

	beforeAll(async () => {
		page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		wall = new WallPage(page, server.url);
		await page.goto(new URL('/wall', server.url).href);
		// the SLA workers may still be flagging the seeded history overdue: give the first sync time
		await wall.waitReady(180_000);
		panels = new AnalyticsPanels(page);
		await panels.waitLoaded();
		// the aggregation has caught up with the seeded history
		await page.waitForFunction(() => (window.__mcuAnalytics?.ratingRows('department').length ?? 0) > 3, null, { timeout: 120_000 });
	});
	afterAll(async () => {
		await page?.close();
	});

	it('draws the rating, volume, spikes and trends panels from real worker output', async () => {
		expect(await panels.capacity()).toBe(1);
		const seen = new Set<string>();
		for (const id of ['departments', 'settlements', 'volume', 'spikes', 'trends', 'escalations'] as const) {
			await panels.show(id);
			// the panel is on screen and, for the charts, its canvas has pixels (the machine may be slow)
			await page.waitForFunction(
				(x) => {
					const el = document.querySelector(`[data-testid="analytics"] [data-panel="${x}"]`);
					const c = el?.querySelector('canvas');
					return !!el && (x === 'spikes' || x === 'escalations' || (!!c && c.width > 0));
				},
				id,
				{ timeout: 15_000 }
			);
			const shown = await panels.rendered();
			expect(shown.map((p) => p.id)).toEqual([id]);
			const p = shown[0];
			// the side column's slot: about 7.6 wall units at 1920×1080 (82 px)
			expect(p.height).toBeGreaterThan(40);
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
		await ingest(server, burst);
		await page.waitForFunction((v) => (window.__mcuAnalytics?.volumeToday()?.actualTotal ?? 0) >= v + 30, before.volume, { timeout: 30_000 });
		expect(await panels.updates()).toBeGreaterThan(before.updates);
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
	});

	it('fits all three wall sizes, more panels at once on the widest', async () => {
		for (const size of WALL_SIZES) {
			await page.setViewportSize({ width: size.width, height: size.height });
			await page.waitForTimeout(1200);
			await panels.show('departments');
			await page.waitForTimeout(800);
			expect(await wall.hasNoScrollbars()).toBe(true);
			if (size.name === '5760x2160') await page.waitForFunction(() => (window.__mcuAnalytics?.capacity() ?? 0) >= 2, null, { timeout: 15_000 });
			const shown = await panels.rendered();
			if (size.name === '5760x2160') expect(shown.length).toBeGreaterThanOrEqual(2);
			else expect(shown.length).toBe(1);
			const box = await page.evaluate(() => {
				const a = document.querySelector('[data-testid="analytics"]')!.getBoundingClientRect();
				const side = document.querySelector('.wall > aside')!.getBoundingClientRect();
				return { a: { x: a.x, y: a.y, r: a.right, b: a.bottom }, side: { x: side.x, y: side.y, r: side.right, b: side.bottom } };
			});
			expect(box.a.x).toBeGreaterThanOrEqual(box.side.x - 1);
			expect(box.a.r).toBeLessThanOrEqual(box.side.r + 1);
			expect(box.a.b).toBeLessThanOrEqual(box.side.b + 1);
			await page.screenshot({ path: path.join(SHOTS, `analytics-${size.name}.png`), timeout: 120_000 });
		}
	});
});
