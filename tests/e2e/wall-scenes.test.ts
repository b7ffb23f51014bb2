import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentInput } from '../support/factories.ts';
import { SHOTS, startWallServer, useBrowserStack, type WallServer } from '../support/wall-stack.ts';
import { WALL_SIZES, WallPage } from './pages/wall.page.ts';
import type { IncidentInput } from '../../src/lib/domain/incident.ts';

const TOKEN = 'e2e-scenes-token';

const HOUR = 60 * 60 * 1000;
// admin centres of a few settlements, to give the choropleth something to show
const PLACES: Array<[number, number]> = [
	[39.0772, 44.1044],
	[38.7003, 44.3183],
	[38.8503, 44.2525],
	[39.1778, 44.1567],
	[39.2472, 44.1653],
	[39.003, 44.172]
];
// inside Шепсинское, and a text the router puts in ЖКХ (waste removal)
const SHEPSI = { lon: 39.148, lat: 44.04 };
const WASTE = 'Не вывозят мусор с контейнерной площадки третий день';
// one typical complaint per tile, so the seeded wall looks like a real day
const TEXTS = [
	'Прорыв трубы, нет холодной воды',
	'Яма на дороге у остановки, машины объезжают по встречной',
	'Автобус по маршруту не ходит по расписанию',
	'Не горят фонари на улице, темно',
	'В школе не работает отопление в классах',
	'Не могу записаться к врачу в поликлинику',
	'Бездомные собаки у детской площадки',
	'Очередь в детский сад не движется'
];

let seq = 0;
function input(over: Partial<IncidentInput>): IncidentInput {
	seq += 1;
	return incidentInput({ source: 'e2e.scenes', externalId: `sc-${process.pid}-${seq}`, ...over });
}

async function post(server: WallServer, body: IncidentInput[]): Promise<Array<{ id: string }>> {
	return server.ingest(body);
}

const stack = useBrowserStack();
let server: WallServer;

beforeAll(async () => {
	server = await startWallServer(stack.redis, { token: TOKEN, prefix: 'sc' });
	// history: the last 24 h everywhere (replay, per 1 000) and the same weekday of past weeks (growth baseline)
	const now = Date.now();
	const seed: IncidentInput[] = [];
	for (let i = 0; i < 120; i++) {
		const [lon, lat] = PLACES[i % PLACES.length];
		seed.push(input({ text: TEXTS[i % TEXTS.length], category: undefined, receivedAt: new Date(now - ((i * 11) % 23) * HOUR - i * 1000).toISOString(), lon: lon + ((i % 7) - 3) * 0.004, lat: lat + ((i % 5) - 2) * 0.003 }));
	}
	for (let w = 1; w <= 4; w++) {
		for (let i = 0; i < 6; i++) {
			const [lon, lat] = PLACES[i % PLACES.length];
			seed.push(input({ receivedAt: new Date(now - w * 7 * 24 * HOUR - (i + 1) * 60_000).toISOString(), lon, lat }));
		}
	}
	await post(server, seed);
});

afterAll(async () => {
	await server?.close();
});

describe('wall scenes', () => {
	let page: Page;
	let wall: WallPage;

	beforeAll(async () => {
		page = await stack.browser.newPage({ viewport: { width: 1920, height: 1080 } });
		wall = new WallPage(page, server.url);
		await wall.goto();
		await wall.waitForAggregates();
	});
	afterAll(async () => {
		await page?.close();
	});

	it('draws the settlement choropleth with labels at 1920×1080, 3840×2160 and 5760×2160, nothing overlapping', async () => {
		await wall.setScene('per1000');
		expect(await wall.scene()).toBe('per1000');
		// placement runs in the workers: wait until the seeded incidents count somewhere
		await wall.waitFor((h) => (h.settlementValue('tuapsinskoe')?.value ?? 0) > 0, null, 30_000);
		for (const size of WALL_SIZES) {
			await page.setViewportSize({ width: size.width, height: size.height });
			// SwiftShader draws a 4K/6K canvas slowly: let maplibre resize and refit first
			await page.waitForTimeout(size.width > 1920 ? 5000 : 2500);
			expect(await wall.hasNoScrollbars()).toBe(true);
			const layers = await wall.visibleLayers();
			expect(layers).toEqual(expect.arrayContaining(['settlements-choropleth', 'settlement-labels', 'settlement-values']));
			expect(layers).not.toContain('incidents');
			const boxes = Object.entries(await wall.sceneBoxes());
			expect(boxes.length).toBe(7);
			for (const [i, [a, ra]] of boxes.entries()) {
				expect(ra.x >= 0 && ra.y >= 0 && ra.x + ra.width <= size.width + 1 && ra.y + ra.height <= size.height + 1, `${a} leaves the screen at ${size.name}`).toBe(true);
				for (const [b, rb] of boxes.slice(i + 1)) {
					if (a.startsWith('aside') !== b.startsWith('aside') && (a === 'header' || b === 'header' || a === 'footer' || b === 'footer')) continue;
					const overlap = ra.x < rb.x + rb.width - 1 && rb.x < ra.x + ra.width - 1 && ra.y < rb.y + rb.height - 1 && rb.y < ra.y + ra.height - 1;
					expect(overlap, `${a} overlaps ${b} at ${size.name}`).toBe(false);
				}
			}
			await wall.screenshot(path.join(SHOTS, `scenes-${size.name}.png`), 120_000);
			// past the basemap's extent the map is drawn in its own colours, not dimmed to near-black bands (r+g+b ≈ 34)
			const edges = await wall.mapEdgeColours();
			for (const [side, rgb] of Object.entries(edges)) expect(rgb[0] + rgb[1] + rgb[2], `map's ${side} edge at ${size.name}: ${rgb}`).toBeGreaterThan(60);
			// legible from 5 m: tile numbers at least 4 % of the wall height (1080p-equivalent units)
			const unit = Math.min(size.height / 100, (size.width * 0.5625) / 100);
			expect(await wall.minTileNumberPx()).toBeGreaterThanOrEqual(4 * unit - 0.5);
			expect(await wall.clippedTexts()).toEqual([]);
			// every block's title in one size: a long one wraps rather than shrinks («Дороги и транспорт» was a third
			// smaller than «ЖКХ»)
			const names = await wall.tileNamePx();
			expect(Object.keys(names)).toContain('Дороги и транспорт');
			for (const [name, px] of Object.entries(names)) expect(px, `«${name}» at ${size.name}: ${JSON.stringify(names)}`).toBeGreaterThanOrEqual(Math.max(...Object.values(names)) * 0.9);
		}
		await page.setViewportSize({ width: 1920, height: 1080 });
	});

	it('a burst of 30 incidents in Шепсинское changes its colour, its value and the ЖКХ tile', async () => {
		await wall.setScene('per1000');
		const tiles = await wall.tileIds();
		expect(tiles).toContain('housing');
		const valueBefore = (await wall.settlementValue('shepsinskoe'))?.value ?? 0;
		const colourBefore = await wall.settlementColor('shepsinskoe');
		const tileBefore = (await wall.blockTile('housing'))!;
		const now = Date.now();
		await post(
			server,
			Array.from({ length: 30 }, (_, i) => input({ text: WASTE, category: undefined, receivedAt: new Date(now - i * 1000).toISOString(), lon: SHEPSI.lon + (i % 5) * 0.001, lat: SHEPSI.lat + (i % 3) * 0.001 }))
		);
		await wall.waitFor((h, min) => (h.blockTile('housing')?.open ?? 0) >= min, tileBefore.open + 30);
		await wall.waitFor((h, before) => (h.settlementValue('shepsinskoe')?.value ?? 0) >= before + 6, valueBefore);
		const tileAfter = (await wall.blockTile('housing'))!;
		expect(tileAfter.today).toBeGreaterThanOrEqual(tileBefore.today + 30);
		expect(tileAfter.trend).toBe('up');
		// 30 open per 4 500 inhabitants ≈ 6,7 per 1 000
		expect((await wall.settlementValue('shepsinskoe'))!.value).toBeCloseTo(valueBefore + 6.7, 0);
		expect(await wall.settlementColor('shepsinskoe')).not.toEqual(colourBefore);
		// the tile on screen says the same
		const tileText = await page.getByTestId('tile-housing').getAttribute('data-open');
		expect(Number(tileText)).toBe(tileAfter.open);
		await wall.setScene('growth');
		expect((await wall.settlementValue('shepsinskoe'))!.value).toBeGreaterThan(100);
		await page.waitForTimeout(1500);
		await wall.screenshot(path.join(SHOTS, 'scenes-growth-1920x1080.png'));
	});

	it('filters the map by a block tile', async () => {
		await wall.setScene('live');
		await page.getByTestId('tile-housing').click();
		await wall.waitFor((h) => h.scene() === 'live', null);
		expect(await page.getByTestId('tile-housing').getAttribute('aria-pressed')).toBe('true');
		await wall.screenshot(path.join(SHOTS, 'scenes-filter-1920x1080.png'));
		await page.getByTestId('tile-housing').click();
		expect(await page.getByTestId('tile-housing').getAttribute('aria-pressed')).toBe('false');
	});

	it('shows the hexagon scene, and the live points keep being appended meanwhile', async () => {
		await wall.setScene('hexagons');
		await wall.waitFor((h) => h.visibleLayers().includes('incidents-hex'), null, 30_000);
		const before = await wall.dataUpdates();
		const [created] = await post(server, [input({ receivedAt: new Date().toISOString() })]);
		await wall.waitForIncidents([created.id]);
		const after = await wall.dataUpdates();
		expect(after.partial).toBeGreaterThan(before.partial);
		expect(after.full).toBe(before.full);
		await page.waitForTimeout(1000);
		await wall.screenshot(path.join(SHOTS, 'scenes-hexagons-1920x1080.png'));
	});

	it('replays the last 24 h on the map by moving a filter, then returns to live', async () => {
		await wall.setScene('per1000');
		await wall.startReplay(24, 3600);
		expect(await wall.scene()).toBe('replay');
		await wall.waitFor((h) => h.replayState().phase === 'playing', null);
		await wall.waitFor((h) => (h.replayState().layer?.rows ?? 0) > 100, null);
		const first = await wall.replayState();
		expect(first.points).toBeGreaterThan(100);
		expect(first.layer?.visible).toBe(true);
		// the layer's clock moves with the page's frames: wait for frames, not for a fixed time (SwiftShader on a busy
		// box may hand out one frame in seconds)
		await wall.waitFor((h, before) => (h.replayState().layer?.now ?? 0) > before, first.layer!.now, 20_000);
		const later = await wall.replayState();
		expect(later.progress).toBeGreaterThan(first.progress);
		expect(later.layer!.now).toBeGreaterThan(first.layer!.now);
		// the same buffers: rows did not change while the clock moved
		expect(later.layer!.rows).toBe(first.layer!.rows);
		await wall.screenshot(path.join(SHOTS, 'scenes-replay-1920x1080.png'));
		// 24 h at ×3600 take 24 s; then 3 s on the last frame, then live again
		await wall.waitFor((h) => h.replayState().phase === 'live', null, 45_000);
		expect(await wall.scene()).toBe('per1000');
		await wall.waitFor((h) => !h.visibleLayers().includes('replay-points') && h.visibleLayers().includes('settlements-choropleth'), null, 5_000);
	});

	it('starts a replay with R and goes back to live with Esc', async () => {
		await page.keyboard.press('r');
		await wall.waitFor((h) => h.replayState().phase === 'playing', null);
		expect((await wall.replayState()).speed).toBe(600);
		expect(await wall.scene()).toBe('replay');
		await page.keyboard.press('Escape');
		await wall.waitFor((h) => h.replayState().phase === 'live', null);
		expect(await wall.scene()).toBe('per1000');
	});

	it('keeps a tile caption whole beside a three-digit number at 1920×1080: the number keeps its size, the caption is abbreviated', async () => {
		await page.setViewportSize({ width: 1920, height: 1080 });
		const before = (await wall.blockTile('roads_transport'))!;
		const now = Date.now();
		const potholes = Array.from({ length: 150 }, (_, i) =>
			input({ text: 'Яма на дороге, разбита проезжая часть', category: 'Ремонт дорог, ямы', receivedAt: new Date(now - i * 1000).toISOString(), lon: SHEPSI.lon, lat: SHEPSI.lat })
		);
		await post(server, potholes);
		await wall.waitFor((h, min) => (h.blockTile('roads_transport')?.today ?? 0) >= min, before.today + 150);
		const row = page.getByTestId('tile-roads_transport').locator('.row.today');
		await expect.poll(() => row.locator('.cap').textContent()).toBe('сег.');
		expect(await row.locator('.num').textContent()).toMatch(/^\+\d{3,}$/);
		expect(await wall.minTileNumberPx()).toBeGreaterThanOrEqual(4 * 10.8 - 0.5);
		expect(await wall.clippedTexts()).toEqual([]);
		// the 5760-px video wall's tiles are half as wide again: room for the whole word
		await page.setViewportSize({ width: 5760, height: 2160 });
		await expect.poll(() => row.locator('.cap').textContent()).toBe('сегодня');
		expect(await wall.clippedTexts()).toEqual([]);
		await page.setViewportSize({ width: 1920, height: 1080 });
	});
});

describe('the scene playlist', () => {
	it('rotates scenes on its schedule unless one is pinned', async () => {
		const page = await stack.browser.newPage({ viewport: { width: 1920, height: 1080 } });
		try {
			const wall = new WallPage(page, server.url);
			await page.goto(new URL('/wall?scenes=live:5,per1000:5', server.url).href);
			await wall.waitReady();
			// the map may take longer to load than one 5 s scene: the playlist must move on and come back
			await wall.waitFor((h) => h.scene() === 'live', null, 12_000);
			await wall.waitFor((h) => h.scene() === 'per1000', null, 12_000);
			await wall.waitFor((h) => h.scene() === 'live', null, 12_000);
			await wall.setScene('overdue');
			await page.waitForTimeout(6_000);
			expect(await wall.scene()).toBe('overdue');
			await wall.unpinScene();
			await wall.waitFor((h) => h.scene() !== 'overdue', null, 12_000);
		} finally {
			await page.close();
		}
	});
});
