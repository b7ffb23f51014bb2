import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importMunicipality } from '../../server/municipality/import.ts';
import { clearMunicipalityCache, loadMunicipality, resolveMunicipalityDir } from '../../server/municipality/load.ts';
import { tashtagolGeoJson } from '../support/geo-fixtures.ts';

let dataDir: string;
const root = () => path.join(dataDir, 'municipalities');
const leftovers = () => fs.readdirSync(root()).filter((n) => n.startsWith('.'));

beforeEach(() => {
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-geo-import-'));
});
afterEach(() => {
	clearMunicipalityCache();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

const meta = { id: 'tashtagol', name: 'Таштагольский район', timeZone: 'Asia/Novokuznetsk' };

describe('importing a municipality into DATA_DIR', () => {
	it('writes a folder the server loads, finds it by id and places points in it', async () => {
		const file = path.join(dataDir, 'tashtagol.geojson');
		fs.writeFileSync(file, JSON.stringify(tashtagolGeoJson()));
		const result = await importMunicipality({ ...meta, file, dataDir });
		if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
		expect(result.replaced).toBe(false);
		expect(result.dir).toBe(path.join(root(), 'tashtagol'));
		expect(fs.readdirSync(result.dir).sort()).toEqual(['ATTRIBUTION.md', 'municipality.json', 'places.geojson', 'settlements.geojson']);
		expect(fs.readFileSync(path.join(result.dir, 'ATTRIBUTION.md'), 'utf8')).toContain('«tashtagol.geojson», uploaded by an administrator');

		const dir = resolveMunicipalityDir('tashtagol', dataDir);
		expect(dir).toBe(result.dir);
		const loaded = loadMunicipality(dir);
		expect(loaded.municipality).toMatchObject({ id: 'tashtagol', name: 'Таштагольский район', timeZone: 'Asia/Novokuznetsk', bbox: [87.8, 52.7, 88.1, 53] });
		expect(loaded.municipality.blocks.length).toBeGreaterThan(5);
		expect(loaded.index.locate(87.9, 52.76)?.id).toBe('tashtagolskoe');
		expect(loaded.index.locate(88.05, 52.95)?.id).toBe('sheregeshskoe');
		expect(loaded.gazetteer.match('пгт Шерегеш, ул. Гагарина 3')?.settlementId).toBe('sheregeshskoe');
		expect(leftovers()).toEqual([]);
	});

	it('still resolves shipped municipalities from static/', () => {
		expect(resolveMunicipalityDir('tuapse', dataDir)).toBe(path.resolve('static/municipalities/tuapse'));
	});

	it('replaces a previous import whole and drops the cached copy', async () => {
		const first = await importMunicipality({ ...meta, geojson: tashtagolGeoJson(), dataDir });
		expect(first.ok).toBe(true);
		expect(loadMunicipality(path.join(root(), 'tashtagol')).settlements.features).toHaveLength(2);

		const one = tashtagolGeoJson();
		(one.features as unknown[]).pop();
		const second = await importMunicipality({ ...meta, name: 'Таштагол (одно поселение)', geojson: JSON.stringify(one), dataDir });
		expect(second.ok && second.replaced).toBe(true);
		const loaded = loadMunicipality(path.join(root(), 'tashtagol'));
		expect(loaded.settlements.features).toHaveLength(1);
		expect(loaded.municipality.name).toBe('Таштагол (одно поселение)');
		expect(leftovers()).toEqual([]);
	});

	it('leaves an existing folder untouched and writes nothing for a bad file', async () => {
		await importMunicipality({ ...meta, geojson: tashtagolGeoJson(), dataDir });
		const dir = path.join(root(), 'tashtagol');
		const before = Object.fromEntries(fs.readdirSync(dir).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));

		const bad = tashtagolGeoJson();
		const features = bad.features as { properties: Record<string, unknown>; geometry: Record<string, unknown> }[];
		delete features[0].properties.name;
		features[1].geometry = { type: 'Point', coordinates: [87.98, 52.92] };
		const result = await importMunicipality({ ...meta, geojson: bad, dataDir });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors.map((e) => e.message)).toEqual([
			'feature 0: no name (expected a name_ru, name:ru, name or NAME property)',
			'feature 1 «Шерегешское городское поселение»: geometry is Point, expected Polygon or MultiPolygon'
		]);

		const after = Object.fromEntries(fs.readdirSync(dir).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
		expect(after).toEqual(before);
		expect(fs.readdirSync(root())).toEqual(['tashtagol']);
	});

	it('creates nothing at all when the first import of an id fails', async () => {
		const result = await importMunicipality({ ...meta, id: 'lesozavodsk', timeZone: 'Asia/Vladivostok', geojson: '{"type": "FeatureCollection", "features": []}', dataDir });
		expect(!result.ok && result.errors[0].code).toBe('empty');
		expect(fs.existsSync(root())).toBe(false);
	});

	it('refuses a bad id, an unknown zone, a shipped id and an unreadable file, all at once', async () => {
		const bad = await importMunicipality({ id: 'Таштагол', name: ' ', timeZone: 'Asia/Tashtagol', file: path.join(dataDir, 'missing.geojson'), dataDir });
		expect(!bad.ok && bad.errors.map((e) => e.message)).toEqual([
			'municipality id "Таштагол" must be a latin slug (a-z, 0-9, _ or -, at most 64), e.g. "tashtagol"',
			'municipality name is empty',
			'unknown time zone "Asia/Tashtagol": expected an IANA name such as Asia/Novokuznetsk',
			`cannot read ${path.join(dataDir, 'missing.geojson')}: ENOENT`
		]);
		const shipped = await importMunicipality({ ...meta, id: 'tuapse', geojson: tashtagolGeoJson(), dataDir });
		expect(!shipped.ok && shipped.errors[0].message).toMatch(/^municipality id "tuapse" is taken by a municipality shipped with the product/);
		expect(fs.existsSync(root())).toBe(false);
	});

	it('runs two imports of the same id one after the other, leaving one whole folder', async () => {
		const results = await Promise.all([
			importMunicipality({ ...meta, name: 'Первый', geojson: tashtagolGeoJson(), dataDir }),
			importMunicipality({ ...meta, name: 'Второй', geojson: tashtagolGeoJson(), dataDir })
		]);
		expect(results.map((r) => r.ok)).toEqual([true, true]);
		expect(loadMunicipality(path.join(root(), 'tashtagol')).municipality.name).toBe('Второй');
		expect(fs.readdirSync(root())).toEqual(['tashtagol']);
	});
});
