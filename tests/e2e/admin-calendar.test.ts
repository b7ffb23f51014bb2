import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import { launchBrowser } from '../support/browser.ts';
import { incidentInput } from '../support/factories.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

const TOKEN = 'e2e-admin-calendar-token';
const SHOTS = path.resolve('tests/e2e/screenshots');
let redis: PrivateRedis;
let server: ServerProcess;
let browser: Browser;
let page: Page;
let dataDir: string;

beforeAll(async () => {
	redis = await startPrivateRedis();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-e2e-cal-'));
	server = await startServerProcess({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN, DATA_DIR: dataDir });
	browser = await launchBrowser();
	page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await redis?.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

// a regional-platform message on Friday 13 March 2026 at 12:00 (Tuapse) is due to be taken into work Monday 12:00
async function takeIntoWork(externalId: string): Promise<string> {
	const res = await fetch(`${server.url}/api/v1/incidents`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify(incidentInput({ externalId, channel: 'regional', receivedAt: '2026-03-13T12:00:00+03:00' }))
	});
	expect(res.status).toBe(201);
	return (await res.json()).incident.deadlines.takeIntoWork;
}

async function fill(day: string, reason: string, token = TOKEN): Promise<void> {
	await page.getByTestId('calendar-token').fill(token);
	await page.getByTestId('calendar-actor').fill('Иванова А. П.');
	await page.getByTestId('calendar-day').fill(day);
	await page.getByTestId('calendar-kind').selectOption('holiday');
	await page.getByTestId('calendar-reason').fill(reason);
	await page.getByTestId('calendar-save').click();
}

describe('the working calendar in the admin area', () => {
	it('declares a local non-working day, and the next incident’s deadline skips it', async () => {
		expect(await takeIntoWork('cal-e2e-1')).toBe('2026-03-16T09:00:00.000Z');
		await page.goto(`${server.url}/admin`);
		await page.click('a[href="/admin/calendar"]');
		await page.waitForURL(/\/admin\/calendar$/);
		expect(await page.locator('h1').textContent()).toBe('Рабочий календарь');
		expect(await page.getByTestId('calendar-empty').isVisible()).toBe(true);

		await fill('2026-03-16', 'День города', 'wrong-token');
		expect(await page.getByTestId('calendar-error').textContent()).toBe('Неверный служебный токен: ничего не изменено.');

		await fill('2026-03-16', '<b>Постановление</b> № 12 — день города');
		await page.getByTestId('calendar-done').waitFor();
		const row = page.locator('[data-testid="calendar-row"][data-day="2026-03-16"]');
		await row.waitFor();
		// citizen-grade input is text, never markup
		expect(await row.locator('td').nth(2).textContent()).toBe('<b>Постановление</b> № 12 — день города');
		expect(await row.locator('b').count()).toBe(0);
		await page.screenshot({ path: path.join(SHOTS, 'admin-calendar-1280x900.png'), fullPage: true });

		expect(await takeIntoWork('cal-e2e-2')).toBe('2026-03-17T09:00:00.000Z');
	});

	it('removes the day again, and deadlines follow the official calendar', async () => {
		await page.getByTestId('calendar-token').fill(TOKEN);
		await page.getByTestId('calendar-actor').fill('Иванова А. П.');
		await page.locator('[data-testid="calendar-row"][data-day="2026-03-16"] button').click();
		await page.getByTestId('calendar-done').filter({ hasText: 'Удалено' }).waitFor({ timeout: 10_000 }).catch(async (e) => {
			throw new Error(`${e}; the page says: ${await page.locator('[role=alert]').allTextContents()}`);
		});
		await page.getByTestId('calendar-empty').waitFor();
		expect(await takeIntoWork('cal-e2e-3')).toBe('2026-03-16T09:00:00.000Z');
	});
});
