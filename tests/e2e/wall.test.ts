import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDatabase, postgresReachable } from '../support/postgres.ts';
import { incidentInput } from '../support/factories.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { WALL_SIZES, WallPage } from './pages/wall.page.ts';

const TOKEN = 'e2e-wall-token';
const SHOTS = path.resolve('tests/e2e/screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

async function post(server: ServerProcess, body: unknown): Promise<{ id: string }> {
	const res = await fetch(`${server.url}/api/v1/incidents`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	if (res.status !== 201) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
	return (await res.json()).incident;
}

/** every request the page makes must stay on this machine */
function watchRequests(page: Page): string[] {
	const outside: string[] = [];
	page.on('request', (r) => {
		const u = new URL(r.url());
		if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) outside.push(r.url());
	});
	return outside;
}

let redis: PrivateRedis;
let browser: Browser;

beforeAll(async () => {
	redis = await startPrivateRedis();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await redis?.stop();
});

describe('the wall on one server', () => {
	let server: ServerProcess;
	let dataDir: string;
	let page: Page;
	let wall: WallPage;
	let outside: string[];

	beforeAll(async () => {
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-e2e-wall-'));
		server = await startServerProcess({ REDIS_URL: redis.url, REDIS_PREFIX: 'w1', INGEST_TOKEN: TOKEN, DATA_DIR: dataDir, RUN_WORKERS: 'true' });
		page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		outside = watchRequests(page);
		wall = new WallPage(page, server.url);
		await wall.goto();
	});
	afterAll(async () => {
		await page?.close();
		await server?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('shows an incident posted over REST on the map layer and in the counters', async () => {
		const todayBefore = await wall.counter('today');
		const updatesBefore = await wall.dataUpdates();
		const incident = await post(server, incidentInput({ receivedAt: new Date().toISOString() }));
		await wall.waitForIncidents([incident.id]);
		expect(await wall.countOf(incident.id)).toBe(1);
		await wall.waitForCounter('today', (Number.isNaN(todayBefore) ? 0 : todayBefore) + 1);
		// appended to deck.gl's buffers, not a rebuild of every one
		const updatesAfter = await wall.dataUpdates();
		expect(updatesAfter.partial).toBeGreaterThan(updatesBefore.partial);
		expect(updatesAfter.full).toBe(updatesBefore.full);
	});

	it('gets every incident posted while its socket was cut, each exactly once', async () => {
		const first = await post(server, incidentInput({ receivedAt: new Date().toISOString() }));
		await wall.waitForIncidents([first.id]);
		await wall.disconnect();
		const missed = [await post(server, incidentInput({ receivedAt: new Date().toISOString() })), await post(server, incidentInput({ receivedAt: new Date().toISOString() }))];
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

	it('fills 1920×1080, 3840×2160 and 5760×2160 without scrollbars or overlap, the map at full resolution', async () => {
		for (const size of WALL_SIZES) {
			await page.setViewportSize({ width: size.width, height: size.height });
			await page.waitForTimeout(1500);
			expect(await wall.hasNoScrollbars()).toBe(true);
			// maplibre caps its canvas at 4096 px unless told otherwise: the backing store must match the css size
			const canvas = await wall.canvasSize();
			const css = await page.evaluate(() => {
				const c = document.querySelector('.maplibregl-canvas') as HTMLCanvasElement;
				return { width: Math.round(c.clientWidth * devicePixelRatio), height: Math.round(c.clientHeight * devicePixelRatio) };
			});
			expect(canvas).toEqual(css);
			const boxes = Object.entries(await wall.panelBoxes());
			for (const [i, [a, ra]] of boxes.entries()) {
				for (const [b, rb] of boxes.slice(i + 1)) {
					const overlap = ra.x < rb.x + rb.width - 1 && rb.x < ra.x + ra.width - 1 && ra.y < rb.y + rb.height - 1 && rb.y < ra.y + ra.height - 1;
					expect(overlap, `${a} overlaps ${b} at ${size.name}`).toBe(false);
				}
			}
			await wall.screenshot(path.join(SHOTS, `wall-${size.name}.png`));
		}
		expect(outside).toEqual([]);
	});
});

const hasPostgres = await postgresReachable();
if (!hasPostgres) console.log('skipped: no PostgreSQL — the two-server wall test needs a shared database');

describe.runIf(hasPostgres)('two server processes on one Redis', () => {
	it('shows on the wall of server B an incident posted to server A', async () => {
		const db = await createTestDatabase();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-e2e-two-'));
		const env = { REDIS_URL: redis.url, REDIS_PREFIX: 'w2', INGEST_TOKEN: TOKEN, DATA_DIR: dir, DATABASE_URL: db.url, RUN_WORKERS: 'true' };
		const a = await startServerProcess(env);
		const b = await startServerProcess(env);
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		try {
			const wall = new WallPage(page, b.url);
			await wall.goto();
			const incident = await post(a, incidentInput({ receivedAt: new Date().toISOString() }));
			await wall.waitForIncidents([incident.id]);
			await page.waitForTimeout(500);
			expect(await wall.countOf(incident.id)).toBe(1);
		} finally {
			await page.close();
			await a.stop();
			await b.stop();
			await db.drop();
		}
	});
});
