import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { tashtagolGeoJson } from '../support/geo-fixtures.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { AdminGeoPage } from './pages/admin-geo.page.ts';

const TOKEN = 'e2e-admin-geo-token';
let redis: PrivateRedis;
let server: ServerProcess;
let browser: Browser;
let page: Page;
let admin: AdminGeoPage;
let dataDir: string;

beforeAll(async () => {
	redis = await startPrivateRedis();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-e2e-geo-'));
	server = await startServerProcess({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN, DATA_DIR: dataDir });
	browser = await launchBrowser();
	page = await browser.newPage();
	admin = new AdminGeoPage(page, server.url);
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await redis?.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

const upload = { id: 'tashtagol', name: 'Таштагольский район', timeZone: 'Asia/Novokuznetsk', token: TOKEN };

describe('uploading settlements in the admin area', () => {
	it('lists the admin pages in Russian', async () => {
		await page.goto(`${server.url}/admin`);
		await page.click('a[href="/admin/geo"]');
		await page.waitForURL(/\/admin\/geo$/);
		expect(await page.locator('h1').textContent()).toBe('Загрузка поселений из GeoJSON');
	});

	it('refuses a wrong service token and imports nothing', async () => {
		await admin.goto();
		await admin.upload({ ...upload, token: 'wrong-token', file: { name: 'tashtagol.geojson', text: JSON.stringify(tashtagolGeoJson()) } });
		expect(await admin.alert()).toBe('Неверный служебный токен: ничего не загружено.');
		expect(fs.existsSync(path.join(dataDir, 'municipalities'))).toBe(false);
	});

	it('lists every problem of a bad file as text and imports nothing', async () => {
		const bad = tashtagolGeoJson();
		const features = bad.features as { properties: Record<string, unknown>; geometry: Record<string, unknown> }[];
		features[0].properties = { name: '<b>Таштагольское</b>' };
		features[0].geometry = { type: 'Polygon', coordinates: [[[87.8, 52.7], [87.95, 52.85], [87.95, 52.7], [87.8, 52.85], [87.8, 52.7]]] };
		features[1].geometry = { type: 'Point', coordinates: [87.98, 52.92] };
		await admin.goto();
		await admin.upload({ ...upload, file: { name: 'bad.geojson', text: JSON.stringify(bad) } });
		expect(await admin.alert()).toBe('Файл не загружен, найдено проблем: 2. Исправьте их и загрузите файл снова.');
		expect(await admin.errors()).toEqual([
			'feature 0 «<b>Таштагольское</b>»: exterior ring intersects itself near 87.87500, 52.77500 (segment 0–1 meets segment 2–3)',
			'feature 1 «Шерегешское городское поселение»: geometry is Point, expected Polygon or MultiPolygon'
		]);
		// rendered as text: the name's markup shows, it is not parsed
		expect(await page.locator('[data-testid=geo-errors] b').count()).toBe(0);
		// the typed fields survive a refusal
		expect(await page.inputValue('input[name=id]')).toBe('tashtagol');
		expect(fs.existsSync(path.join(dataDir, 'municipalities'))).toBe(false);
	});

	it('imports a good file, says how to use it, and serves its files', async () => {
		await admin.goto();
		await admin.upload({ ...upload, file: { name: 'tashtagol.geojson', text: JSON.stringify(tashtagolGeoJson()) } });
		const done = await admin.done();
		expect(done).toContain('Загружено: «Таштагольский район», поселений — 2, административных центров — 2.');
		expect(done).toContain('MUNICIPALITY=tashtagol');

		const res = await fetch(`${server.url}/municipalities/tashtagol/settlements.geojson`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/geo+json');
		const fc = await res.json();
		expect(fc.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(['tashtagolskoe', 'sheregeshskoe']);
		expect((await fetch(`${server.url}/municipalities/tashtagol/municipality.json`)).status).toBe(200);
	});

	it('serves only the three data files of a valid id, and shipped ones from static', async () => {
		expect((await fetch(`${server.url}/municipalities/tashtagol/ATTRIBUTION.md`)).status).toBe(404);
		expect((await fetch(`${server.url}/municipalities/nowhere/settlements.geojson`)).status).toBe(404);
		expect((await fetch(`${server.url}/municipalities/..%2F..%2Fetc/settlements.geojson`)).status).toBe(404);
		expect((await fetch(`${server.url}/municipalities/tuapse/settlements.geojson`)).status).toBe(200);
	});

	it('runs the wall for the imported municipality after a restart with MUNICIPALITY=<id>', async () => {
		// one process owns the embedded database at a time
		await server.stop();
		server = await startServerProcess({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN, DATA_DIR: dataDir, MUNICIPALITY: 'tashtagol' });
		const wall = await fetch(`${server.url}/wall`);
		expect(wall.status).toBe(200);
		expect(await wall.text()).toContain('Таштагольский район');
		expect((await fetch(`${server.url}/municipalities/tashtagol/settlements.geojson`)).status).toBe(200);
	});
});
