import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { incidentInput } from '../support/factories.ts';
import { postgresReachable, skippedWithoutPostgres } from '../support/postgres.ts';
import { SHOTS, startWallServer, useBrowserStack, type WallServer } from '../support/wall-stack.ts';
import { SIDE_PANELS, WALL_SIZES, WallPage, overlaps } from './pages/wall.page.ts';

const TOKEN = 'e2e-wall-token';

/** every request the page makes must stay on this machine */
function watchRequests(page: Page): string[] {
	const outside: string[] = [];
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) outside.push(r.url());
	});
	return outside;
}

const stack = useBrowserStack();

describe('the wall on one server', () => {
	let server: WallServer;
	let page: Page;
	let wall: WallPage;
	let outside: string[];

	beforeAll(async () => {
		server = await startWallServer(stack.redis, { token: TOKEN, prefix: 'w1' });
		page = await stack.browser.newPage({ viewport: { width: 1920, height: 1080 } });
		outside = watchRequests(page);
		wall = new WallPage(page, server.url);
		await wall.goto();
	});
	afterAll(async () => {
		await page?.close();
		await server?.close();
	});

	it('shows an incident posted over REST on the map layer and in the counters', async () => {
		const todayBefore = await wall.counter('today');
		const updatesBefore = await wall.dataUpdates();
		const [incident] = await server.ingest(incidentInput({ receivedAt: new Date().toISOString() }));
		await wall.waitForIncidents([incident.id]);
		expect(await wall.countOf(incident.id)).toBe(1);
		await wall.waitForCounter('today', (Number.isNaN(todayBefore) ? 0 : todayBefore) + 1);
		// appended to deck.gl's buffers, not a rebuild of every one
		const updatesAfter = await wall.dataUpdates();
		expect(updatesAfter.partial).toBeGreaterThan(updatesBefore.partial);
		expect(updatesAfter.full).toBe(updatesBefore.full);
	});

	it('gets every incident posted while its socket was cut, each exactly once', async () => {
		const [first] = await server.ingest(incidentInput({ receivedAt: new Date().toISOString() }));
		await wall.waitForIncidents([first.id]);
		await wall.disconnect();
		const missed = [...(await server.ingest(incidentInput({ receivedAt: new Date().toISOString() }))), ...(await server.ingest(incidentInput({ receivedAt: new Date().toISOString() })))];
		await wall.connect();
		await wall.waitForIncidents([first.id, ...missed.map((m) => m.id)]);
		for (const id of [first.id, ...missed.map((m) => m.id)]) expect(await wall.countOf(id)).toBe(1);
	});

	it('says «данные устарели с hh:mm» after 10 s without the socket, and recovers', async () => {
		await wall.disconnect();
		await wall.waitForConnectionState('stale', 20_000);
		expect(await wall.badgeText()).toMatch(/данные устарели с \d{2}:\d{2}/);
		await wall.connect();
		await wall.waitForConnectionState('online');
	});

	it('turns the side panels by itself and says which one is on and which come next', async () => {
		const p = await stack.browser.newPage({ viewport: { width: 1920, height: 1080 } });
		try {
			const w = new WallPage(p, server.url);
			await w.goto('?panels=overdue:8,rating:8,latest:8');
			const order = ['overdue', 'rating', 'latest'];
			const NAMES: Record<string, string> = { overdue: 'Просрочки', rating: 'Рейтинг', latest: 'Последние' };
			// whichever group is on (the page may take a turn to get ready), the others are named in the order they come;
			// state and bar read in one go, so a turn cannot fall between them
			const { now, bar } = await p.evaluate(() => ({
				now: window.__mcuWall!.sidePanels(),
				bar: (document.querySelector<HTMLElement>('[data-testid="side-panel-bar"]')?.innerText ?? '').replace(/\s+/g, ' ')
			}));
			expect(now).toMatchObject({ pinned: null, rotating: true, slots: 1 });
			const at = order.indexOf(now.shown[0]);
			const queue = [...order.slice(at), ...order.slice(0, at)];
			expect([...now.shown, ...now.upcoming]).toEqual(queue);
			expect(bar.toLowerCase()).toContain(`${NAMES[queue[0]]} далее: ${NAMES[queue[1]]} ${NAMES[queue[2]]}`.toLowerCase());
			// the next one comes by itself, and the queue moves on
			await w.waitForPanel(queue[1] as 'rating', 20_000);
			const after = await w.sidePanels();
			// one turn, or two on a slow machine: the queue is always the rest of the playlist in order
			const i = order.indexOf(after.shown[0]);
			expect(after.shown[0]).not.toBe(queue[0]);
			expect(after.upcoming).toEqual([...order.slice(i + 1), ...order.slice(0, i)]);
			// pinned: it stays and the bar says so
			await w.pinPanel('latest');
			await p.waitForTimeout(9_000);
			expect(await w.sidePanels()).toMatchObject({ shown: ['latest'], upcoming: [], pinned: 'latest', rotating: false });
			expect(await p.getByTestId('side-panel-bar').innerText()).toMatch(/закреплено/);
		} finally {
			await p.close();
		}
	});

	// fifteen pictures, five of them 6K frames from SwiftShader: the time is a budget, not a goal
	it('fills 1920×1080, 3840×2160 and 5760×2160 with every side panel without scrollbars or overlap, the map at full resolution', async () => {
		for (const size of WALL_SIZES) {
			await page.setViewportSize({ width: size.width, height: size.height });
			await page.waitForTimeout(1500);
			// maplibre caps its canvas at 4096 px unless told otherwise: the backing store must match the css size
			const canvas = await wall.canvasSize();
			const css = await page.evaluate(() => {
				const c = document.querySelector('.maplibregl-canvas') as HTMLCanvasElement;
				return { width: Math.round(c.clientWidth * devicePixelRatio), height: Math.round(c.clientHeight * devicePixelRatio) };
			});
			expect(canvas).toEqual(css);
			// the points go under the place names, or a busy settlement's cluster hides its own name
			await expect.poll(() => wall.layerUnder('place-labels'), { timeout: 60_000, interval: 500 }).toMatch(/^deck-/);
			for (const panel of SIDE_PANELS) {
				await wall.pinPanel(panel);
				await wall.waitForPanel(panel);
				expect(await wall.hasNoScrollbars(), `scrollbars at ${size.name} with ${panel}`).toBe(true);
				const { regions, side, aside } = await wall.panelBoxes();
				expect(Object.keys(regions)).toEqual(['header', 'map', 'side', 'tiles', 'footer']);
				for (const group of [regions, side]) {
					const boxes = Object.entries(group);
					for (const [i, [a, ra]] of boxes.entries()) {
						expect(ra.x + ra.width, `${a} past the right edge at ${size.name}`).toBeLessThanOrEqual(size.width + 0.5);
						expect(ra.y + ra.height, `${a} past the bottom at ${size.name}`).toBeLessThanOrEqual(size.height + 0.5);
						for (const [b, rb] of boxes.slice(i + 1)) expect(overlaps(ra, rb), `${a} overlaps ${b} at ${size.name} with ${panel}`).toBe(false);
					}
				}
				// the side column's parts stay inside it
				for (const [name, b] of Object.entries(side)) {
					expect(b.y + b.height, `${name} spills out of the side column at ${size.name}`).toBeLessThanOrEqual(aside.y + aside.height + 0.5);
					expect(b.x + b.width, `${name} spills out of the side column at ${size.name}`).toBeLessThanOrEqual(aside.x + aside.width + 0.5);
				}
				// a group gets room to be read: at least a quarter of the screen's height
				for (const [name, b] of Object.entries(side)) if (name.startsWith('panel ')) expect(b.height, `${name} at ${size.name}`).toBeGreaterThan(size.height * 0.25);
				for (const c of await wall.sideCharts()) {
					expect(c.canvas, `${c.label} has a canvas at ${size.name}`).not.toBeNull();
					expect(c.canvas!.width).toBeGreaterThan(0);
					expect(c.canvas!.height).toBeGreaterThan(0);
				}
				await wall.screenshot(path.join(SHOTS, `wall-${size.name}-${panel}.png`), 120_000);
			}
		}
		await wall.unpinPanel();
		expect(outside).toEqual([]);
	}, 600_000);
});

const hasPostgres = await postgresReachable();
if (!hasPostgres) console.log(skippedWithoutPostgres('the two-server wall test needs a shared database'));

describe.runIf(hasPostgres)('two server processes on one Redis', () => {
	it('shows on the wall of server B an incident posted to server A', async () => {
		const a = await startWallServer(stack.redis, { token: TOKEN, prefix: 'w2', databaseUrl: 'fresh' });
		const b = await startWallServer(stack.redis, { token: TOKEN, prefix: 'w2', databaseUrl: a.databaseUrl ?? undefined });
		const page = await stack.browser.newPage({ viewport: { width: 1920, height: 1080 } });
		try {
			const wall = new WallPage(page, b.url);
			await wall.goto();
			const [incident] = await a.ingest(incidentInput({ receivedAt: new Date().toISOString() }));
			await wall.waitForIncidents([incident.id]);
			await page.waitForTimeout(500);
			expect(await wall.countOf(incident.id)).toBe(1);
		} finally {
			await page.close();
			await b.close();
			await a.close();
		}
	});
});
