import type { Page } from 'playwright-core';

export interface GeoUpload {
	file: { name: string; text: string };
	id: string;
	name: string;
	timeZone: string;
	token: string;
}

/** Page object of /admin/geo: fills the upload form and reads the outcome through data-testids. */
export class AdminGeoPage {
	constructor(
		readonly page: Page,
		readonly baseUrl: string
	) {}

	async goto(): Promise<void> {
		await this.page.goto(new URL('/admin/geo', this.baseUrl).href);
		// the form is enhanced once hydrated; a plain POST would work too, but then the page reloads
		await this.page.waitForFunction(() => document.querySelector('form')?.getAttribute('enctype') === 'multipart/form-data');
	}

	async upload(u: GeoUpload): Promise<void> {
		const p = this.page;
		await p.setInputFiles('input[name=file]', { name: u.file.name, mimeType: 'application/geo+json', buffer: Buffer.from(u.file.text) });
		await p.fill('input[name=id]', u.id);
		await p.fill('input[name=name]', u.name);
		await p.selectOption('select[name=timeZone]', u.timeZone);
		await p.fill('input[name=token]', u.token);
		await p.click('button[type=submit]');
		await p.waitForSelector('[data-testid=geo-errors], [data-testid=geo-done]');
	}

	errors(): Promise<string[]> {
		return this.page.locator('[data-testid=geo-error]').allTextContents();
	}

	alert(): Promise<string | null> {
		return this.page.locator('[data-testid=geo-errors] > p').textContent();
	}

	done(): Promise<string | null> {
		return this.page.locator('[data-testid=geo-done]').textContent();
	}
}
