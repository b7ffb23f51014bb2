import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	buildMunicipality,
	deriveAdminCentres,
	importSettlementsGeoJson,
	MAX_ERRORS,
	shortNameRu,
	slugifyRu,
	transliterateRu,
	type GeoImportError,
	type GeoImportResult
} from '#domain/geo/geojson-import.ts';
import { MunicipalitySchema, PlaceCollectionSchema, SettlementCollectionSchema } from '#domain/geo/municipality.schema.ts';
import { findSelfIntersection, inPolygon, signedArea2, type Position } from '#domain/geo/polygon.ts';
import { createSettlementIndex } from '#domain/geo/settlement-index.ts';

const DIR = 'static/municipalities/tuapse';
const tuapseText = fs.readFileSync(`${DIR}/settlements.geojson`, 'utf8');
const shipped = SettlementCollectionSchema.parse(JSON.parse(tuapseText));
const shippedPlaces = PlaceCollectionSchema.parse(JSON.parse(fs.readFileSync(`${DIR}/places.geojson`, 'utf8')));
const template = MunicipalitySchema.parse(JSON.parse(fs.readFileSync(`${DIR}/municipality.json`, 'utf8')));

// a 0.1° square near Tashtagol, counter-clockwise
const square = (x = 87.9, y = 52.76, d = 0.1): Position[] => [
	[x, y],
	[x + d, y],
	[x + d, y + d],
	[x, y + d],
	[x, y]
];
const feature = (properties: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: [square()] }) => ({
	type: 'Feature',
	properties,
	geometry
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

function errorsOf(result: GeoImportResult): GeoImportError[] {
	if (result.ok) throw new Error('expected the import to fail');
	return result.errors;
}

describe('importing a settlements GeoJSON: errors', () => {
	it('refuses text that is not JSON', () => {
		const [e] = errorsOf(importSettlementsGeoJson('{"type": "FeatureCollection",'));
		expect(e.code).toBe('not-json');
		expect(e.message).toMatch(/^not valid JSON/);
	});

	it('refuses a single Feature or an array instead of a FeatureCollection', () => {
		expect(errorsOf(importSettlementsGeoJson(feature({ name: 'Шепси' })))[0].message).toBe(
			'not a GeoJSON FeatureCollection (the file is a Feature); expected {"type": "FeatureCollection", "features": [...]}'
		);
		expect(errorsOf(importSettlementsGeoJson([]))[0].code).toBe('not-feature-collection');
	});

	it('refuses an empty collection', () => {
		expect(errorsOf(importSettlementsGeoJson(collection()))[0]).toMatchObject({ code: 'empty', feature: null });
	});

	it('names the feature whose geometry is not a polygon', () => {
		const result = importSettlementsGeoJson(
			collection(
				feature({ name: 'Туапсинское' }),
				feature({ name: 'Джубгское' }, { type: 'Polygon', coordinates: [square(88)] }),
				feature({ name: 'Небугское' }, { type: 'Polygon', coordinates: [square(88.2)] }),
				feature({ name_ru: 'Шепси' }, { type: 'Point', coordinates: [39.148, 44.04] }),
				feature({ name_ru: 'Без геометрии' }, null)
			)
		);
		expect(errorsOf(result).map((e) => e.message)).toEqual([
			'feature 3 «Шепси»: geometry is Point, expected Polygon or MultiPolygon',
			'feature 4 «Без геометрии»: geometry is missing, expected Polygon or MultiPolygon'
		]);
	});

	it('refuses a ring that is not closed or too short', () => {
		const open = square().slice(0, 4);
		const errors = errorsOf(
			importSettlementsGeoJson(
				collection(
					feature({ name: 'Открытое' }, { type: 'Polygon', coordinates: [open] }),
					feature({ name: 'Короткое' }, { type: 'Polygon', coordinates: [[[87.9, 52.76], [88, 52.76], [87.9, 52.76]]] })
				)
			)
		);
		expect(errors.map((e) => e.code)).toEqual(['ring-not-closed', 'ring-too-short']);
		expect(errors[0].message).toBe('feature 0 «Открытое»: exterior ring is not closed (first 87.90000, 52.76000, last 87.90000, 52.86000)');
		expect(errors[1].message).toBe('feature 1 «Короткое»: exterior ring has 3 positions, a closed ring needs at least 4');
	});

	it('finds a self-intersecting ring (a bow tie) and says where the segments cross', () => {
		const bowTie: Position[] = [
			[87.9, 52.7],
			[88.1, 52.9],
			[88.1, 52.7],
			[87.9, 52.9],
			[87.9, 52.7]
		];
		const [e] = errorsOf(importSettlementsGeoJson(collection(feature({ name: 'Бантик' }, { type: 'Polygon', coordinates: [bowTie] }))));
		expect(e).toMatchObject({ code: 'self-intersection', feature: 0, name: 'Бантик' });
		expect(e.message).toBe('feature 0 «Бантик»: exterior ring intersects itself near 88.00000, 52.80000 (segment 0–1 meets segment 2–3)');
	});

	it('finds a hole of a multipolygon that touches itself and a ring folding back on itself', () => {
		// a figure eight through (88, 52.8): two loops sharing one vertex
		const eight: Position[] = [
			[87.95, 52.75],
			[88, 52.8],
			[88.05, 52.75],
			[88.05, 52.85],
			[88, 52.8],
			[87.95, 52.85],
			[87.95, 52.75]
		];
		const spike: Position[] = [
			[87.9, 52.76],
			[88, 52.76],
			[88.05, 52.76],
			[88, 52.76],
			[88, 52.86],
			[87.9, 52.76]
		];
		const errors = errorsOf(
			importSettlementsGeoJson(
				collection(
					feature({ name: 'С дыркой' }, { type: 'MultiPolygon', coordinates: [[square(87.5)], [square(87.9, 52.7, 0.2), eight]] }),
					feature({ name: 'Шип' }, { type: 'Polygon', coordinates: [spike] })
				)
			)
		);
		expect(errors.map((e) => e.code)).toEqual(['self-intersection', 'self-intersection']);
		expect(errors[0].message).toMatch(/^feature 0 «С дыркой»: polygon 1, hole 1 intersects itself near 88\.00000, 52\.80000/);
		expect(errors[1].message).toMatch(/^feature 1 «Шип»: exterior ring intersects itself/);
	});

	it('asks for a name and accepts name_ru, name:ru, name and NAME', () => {
		const errors = errorsOf(importSettlementsGeoJson(collection(feature({ population: 10 }), feature({ name: '  ' }, { type: 'Polygon', coordinates: [square(89)] }))));
		expect(errors.map((e) => e.message)).toEqual([
			'feature 0: no name (expected a name_ru, name:ru, name or NAME property)',
			'feature 1: no name (expected a name_ru, name:ru, name or NAME property)'
		]);
		const ok = importSettlementsGeoJson(
			collection(
				feature({ name_ru: 'Первое' }, { type: 'Polygon', coordinates: [square(87)] }),
				feature({ 'name:ru': 'Второе' }, { type: 'Polygon', coordinates: [square(87.2)] }),
				feature({ name: 'Третье' }, { type: 'Polygon', coordinates: [square(87.4)] }),
				feature({ NAME: 'Четвёртое' }, { type: 'Polygon', coordinates: [square(87.6)] })
			)
		);
		expect(ok.ok && ok.settlements.features.map((f) => f.properties.name_ru)).toEqual(['Первое', 'Второе', 'Третье', 'Четвёртое']);
	});

	it('refuses a crs other than WGS 84 and coordinates that look projected', () => {
		const metres: Position[] = [
			[9_785_000, 6_935_000],
			[9_795_000, 6_935_000],
			[9_795_000, 6_945_000],
			[9_785_000, 6_935_000]
		];
		const file = {
			...collection(feature({ name: 'Таштагольское' }, { type: 'Polygon', coordinates: [metres] })),
			crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }
		};
		const errors = errorsOf(importSettlementsGeoJson(file));
		expect(errors.map((e) => e.code)).toEqual(['wrong-crs', 'projected-coordinates']);
		expect(errors[0].message).toMatch(/^wrong CRS "urn:ogc:def:crs:EPSG::3857": expected WGS 84 longitude\/latitude/);
		expect(errors[1].message).toBe(
			'coordinates look projected (e.g. 9 785 000) in feature 0, expected WGS 84 longitude/latitude; reproject the file to EPSG:4326 first'
		);
	});

	it('accepts the usual spellings of WGS 84', () => {
		for (const name of ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326', 'urn:ogc:def:crs:EPSG::4326']) {
			const result = importSettlementsGeoJson({ ...collection(feature({ name: 'Одно' })), crs: { type: 'name', properties: { name } } });
			expect(result.ok, name).toBe(true);
		}
	});

	it('refuses duplicate names (case and ё/е aside) and duplicate ids', () => {
		const errors = errorsOf(
			importSettlementsGeoJson(
				collection(
					feature({ name: 'Мундыбашское', id: 'mund' }),
					feature({ name: 'МУНДЫБАШСКОЕ' }, { type: 'Polygon', coordinates: [square(88)] }),
					feature({ name: 'Елкинское', id: 'mund' }, { type: 'Polygon', coordinates: [square(88.2)] }),
					feature({ name: 'Ёлкинское' }, { type: 'Polygon', coordinates: [square(88.4)] })
				)
			)
		);
		expect(errors.map((e) => e.message)).toEqual([
			'feature 1 «МУНДЫБАШСКОЕ»: duplicate name (also feature 0)',
			"feature 2 «Елкинское»: duplicate id 'mund' (also feature 0)",
			'feature 3 «Ёлкинское»: duplicate name (also feature 2)'
		]);
	});

	it('collects every problem of the file, up to the cap, and never throws', () => {
		const many = collection(...Array.from({ length: 80 }, (_, i) => feature({ population: i }, { type: 'Polygon', coordinates: [square(80 + i * 0.2)] })));
		const errors = errorsOf(importSettlementsGeoJson(many));
		expect(errors).toHaveLength(MAX_ERRORS + 1);
		expect(errors.at(-1)).toMatchObject({ code: 'too-many-errors', message: '… and 30 more problems not shown; fix these first' });
		for (const junk of [null, 42, 'null', '[]', { type: 'FeatureCollection', features: [null, 1, { type: 'Feature', geometry: { type: 'Polygon', coordinates: 'x' } }] }]) {
			expect(importSettlementsGeoJson(junk).ok).toBe(false);
		}
	});
});

describe('importing a settlements GeoJSON: normalisation', () => {
	it('imports the shipped Tuapse settlements unchanged in what the index finds', () => {
		const result = importSettlementsGeoJson(tuapseText);
		if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
		expect(result.summary).toMatchObject({ settlements: 10, reorientedRings: 0, computedLabels: 0, generatedIds: 0 });
		const before = createSettlementIndex(shipped);
		const after = createSettlementIndex(result.settlements);
		const points = [
			...shippedPlaces.features.map((f) => f.geometry.coordinates),
			...shipped.features.map((f) => f.properties.label_lonlat!),
			// a grid over the district, inside and out
			...Array.from({ length: 40 * 30 }, (_, k) => [38.6 + (k % 40) * 0.023, 43.98 + Math.floor(k / 40) * 0.02])
		];
		for (const [lon, lat] of points) expect(after.locate(lon, lat)?.id, `${lon}, ${lat}`).toBe(before.locate(lon, lat)?.id);
	});

	it('makes ids from the Russian names by transliteration when the file has none', () => {
		const raw = JSON.parse(tuapseText);
		for (const f of raw.features) {
			delete f.id;
			delete f.properties.id;
			delete f.properties.short_name_ru;
		}
		const result = importSettlementsGeoJson(raw);
		expect(result.ok && result.settlements.features.map((f) => f.properties.id)).toEqual(shipped.features.map((f) => f.properties.id));
		expect(result.ok && result.summary.generatedIds).toBe(10);
	});

	it('turns rings to RFC 7946 order: exterior counter-clockwise, holes clockwise', () => {
		const cw = square(87.9, 52.7, 0.2).reverse();
		const hole = square(87.95, 52.75, 0.05);
		const result = importSettlementsGeoJson(collection(feature({ name: 'Кондомское' }, { type: 'Polygon', coordinates: [cw, hole] })));
		if (!result.ok) throw new Error('expected ok');
		const [outer, inner] = result.settlements.features[0].geometry.coordinates as Position[][];
		expect(signedArea2(outer)).toBeGreaterThan(0);
		expect(signedArea2(inner)).toBeLessThan(0);
		expect(result.summary.reorientedRings).toBe(2);
	});

	it('puts the label point inside the polygon, even a C-shaped one whose centroid is outside', () => {
		// a C opening to the east: its centroid falls in the gap
		const c: Position[] = [
			[87.8, 52.7],
			[88.1, 52.7],
			[88.1, 52.74],
			[87.84, 52.74],
			[87.84, 52.86],
			[88.1, 52.86],
			[88.1, 52.9],
			[87.8, 52.9],
			[87.8, 52.7]
		];
		const result = importSettlementsGeoJson(collection(feature({ name: 'Каларское', population: '1 234' }, { type: 'Polygon', coordinates: [c] })));
		if (!result.ok) throw new Error('expected ok');
		const s = result.settlements.features[0].properties;
		expect(inPolygon([c], s.label_lonlat![0], s.label_lonlat![1])).toBe(true);
		expect(s.population).toBe(1234);
		expect(result.summary.computedLabels).toBe(1);
	});

	it('keeps the label point of the file when it lies inside, and computes one for the shipped shapes when asked', () => {
		const raw = JSON.parse(tuapseText);
		for (const f of raw.features) delete f.properties.label_lonlat;
		const result = importSettlementsGeoJson(raw);
		if (!result.ok) throw new Error('expected ok');
		const index = createSettlementIndex(result.settlements);
		for (const { properties: s } of result.settlements.features) expect(index.locate(s.label_lonlat![0], s.label_lonlat![1])?.id, s.name_ru).toBe(s.id);
	});

	it('fills short names, kind, population and the approximate flag', () => {
		const result = importSettlementsGeoJson(
			collection(
				feature({ name: 'Таштагольское городское поселение', population: 22000 }),
				feature({ name: 'Каларское сельское поселение' }, { type: 'Polygon', coordinates: [square(88.2)] })
			),
			{ approximate: true }
		);
		if (!result.ok) throw new Error('expected ok');
		expect(result.settlements.features.map((f) => f.properties)).toMatchObject([
			{ id: 'tashtagolskoe', short_name_ru: 'Таштагольское', kind: 'urban', population: 22000, approximate: true },
			{ id: 'kalarskoe', short_name_ru: 'Каларское', kind: 'rural', population: null, approximate: true }
		]);
	});
});

describe('names and municipality', () => {
	it('transliterates Russian the way our ids are spelt', () => {
		expect(transliterateRu('Новомихайловское')).toBe('Novomikhaylovskoe');
		expect(slugifyRu('Вельяминовское')).toBe('velyaminovskoe');
		expect(slugifyRu('Шерегеш, пгт')).toBe('sheregesh-pgt');
		expect(slugifyRu('Щучье Ёлкино-Ъ')).toBe('shchuche-elkino');
		expect(slugifyRu('Жуя Цыпку')).toBe('zhuya-tsypku');
		expect(slugifyRu('Посёлок № 5')).toBe('poselok-no-5');
		expect(slugifyRu('— !')).toBe('');
		expect(shortNameRu('Туапсинское городское поселение')).toBe('Туапсинское');
		expect(shortNameRu('Сельское поселение')).toBe('Сельское поселение');
	});

	it('builds a municipality.json with the template organisation, its own centre and bbox', () => {
		const result = importSettlementsGeoJson(
			collection(
				feature({ name: 'Таштагольское', admin_centre_ru: 'г. Таштагол', admin_centre_lonlat: [87.89, 52.77] }, { type: 'Polygon', coordinates: [square(87.8, 52.7, 0.2)] }),
				feature({ name: 'Шерегешское', admin_centre_ru: 'пгт Шерегеш', admin_centre_lonlat: [88.0, 52.95] }, { type: 'Polygon', coordinates: [square(87.9, 52.9, 0.2)] })
			)
		);
		if (!result.ok) throw new Error('expected ok');
		const m = buildMunicipality({
			id: 'tashtagol',
			name: 'Таштагольский район',
			timeZone: 'Asia/Novokuznetsk',
			settlements: result.settlements,
			template,
			attribution: 'test'
		});
		expect(m.bbox).toEqual([87.8, 52.7, 88.1, 53.1]);
		expect(m.centre).toEqual([87.95, 52.9]);
		expect(m.blocks).toEqual(template.blocks);
		expect(m.departments).toEqual(template.departments);
		expect(m.categories).toEqual(template.categories);
		expect(m.boundariesApproximate).toBe(false);
		const places = deriveAdminCentres(result.settlements);
		expect(places.features.map((f) => [f.properties.id, f.properties.name_ru, f.properties.type_ru, f.properties.settlement_id])).toEqual([
			['tashtagol', 'Таштагол', 'город', 'tashtagolskoe'],
			['sheregesh', 'Шерегеш', 'пгт', 'sheregeshskoe']
		]);
	});

	it('sweeps a long ring quickly', () => {
		// a 20 000-vertex circle: simple, so every segment pair near each other is tested
		const n = 20_000;
		const ring: Position[] = Array.from({ length: n }, (_, i) => [88 + 0.5 * Math.cos((2 * Math.PI * i) / n), 52.8 + 0.3 * Math.sin((2 * Math.PI * i) / n)]);
		ring.push(ring[0]);
		const started = performance.now();
		expect(findSelfIntersection(ring)).toBeNull();
		expect(performance.now() - started).toBeLessThan(2000);
	});
});
