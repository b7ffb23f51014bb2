import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PlaceCollectionSchema, SettlementCollectionSchema, type SettlementCollection } from '#domain/geo/municipality.schema.ts';
import { createSettlementIndex, inRing } from '#domain/geo/settlement-index.ts';

const DIR = 'static/municipalities/tuapse';
const settlements = SettlementCollectionSchema.parse(JSON.parse(fs.readFileSync(`${DIR}/settlements.geojson`, 'utf8')));
const places = PlaceCollectionSchema.parse(JSON.parse(fs.readFileSync(`${DIR}/places.geojson`, 'utf8')));
const index = createSettlementIndex(settlements);

describe('settlement index on the Tuapse district', () => {
	it('knows the ten поселения', () => {
		expect(settlements.features.map((f) => f.properties.id).sort()).toEqual(
			['dzhubgskoe', 'georgievskoe', 'nebugskoe', 'novomikhaylovskoe', 'oktyabrskoe', 'shaumyanskoe', 'shepsinskoe', 'tenginskoe', 'tuapsinskoe', 'velyaminovskoe'].sort()
		);
	});

	const inside = places.features.filter((f) => f.properties.inside_settlement_polygon);
	it.each(inside.map((f) => [f.properties.name_ru, f.properties.settlement_id, f.geometry.coordinates] as const))(
		'places %s in its own settlement %s',
		(_name, settlementId, [lon, lat]) => {
			expect(index.locate(lon, lat)?.id).toBe(settlementId);
		}
	);

	it.each(settlements.features.map((f) => [f.properties.admin_centre_ru, f.properties.id, f.properties.admin_centre_lonlat] as const))(
		'places the admin centre %s in %s',
		(_name, id, lonlat) => {
			expect(lonlat).toBeTruthy();
			expect(index.locate(lonlat![0], lonlat![1])?.id).toBe(id);
		}
	);

	it('places every settlement label inside its own settlement', () => {
		for (const { properties: s } of settlements.features) {
			expect(index.locate(s.label_lonlat![0], s.label_lonlat![1])?.id, s.name_ru).toBe(s.id);
		}
	});

	it('returns the Russian name of the settlement it finds', () => {
		expect(index.locate(39.0772, 44.1044)?.name_ru).toBe('Туапсинское городское поселение');
	});

	it('finds nothing for a point in the Black Sea off Туапсе', () => {
		expect(index.locate(39.0, 44.05)).toBeNull();
	});

	it('finds nothing for Краснодар, outside the district', () => {
		expect(index.locate(38.9769, 45.0355)).toBeNull();
	});

	it('finds nothing for missing or broken coordinates', () => {
		expect(index.locate(Number.NaN, 44.1)).toBeNull();
		expect(index.locate(39.07, Number.POSITIVE_INFINITY)).toBeNull();
	});

	it('agrees with a brute-force scan of every polygon on a 120 × 120 grid over the district', () => {
		const [x0, y0, x1, y1] = [38.6, 43.98, 39.52, 44.56];
		const rings = settlements.features.map((f) => {
			if (f.geometry.type !== 'Polygon') throw new Error('expected Polygons in the Tuapse data');
			return new Float64Array(f.geometry.coordinates[0].flatMap(([x, y]) => [x, y]));
		});
		let placed = 0;
		const disagreements: string[] = [];
		for (let i = 0; i < 120; i++) {
			for (let j = 0; j < 120; j++) {
				const lon = x0 + ((x1 - x0) * (i + 0.5)) / 120;
				const lat = y0 + ((y1 - y0) * (j + 0.5)) / 120;
				const hits = rings.flatMap((r, k) => (inRing(r, lon, lat) ? [settlements.features[k].properties.id] : []));
				const found = index.locate(lon, lat)?.id ?? null;
				// neighbours share edges exactly, so no grid point may fall in two settlements
				if (hits.length > 1 || found !== (hits[0] ?? null)) disagreements.push(`${lon},${lat}: index ${found}, scan ${hits.join('+')}`);
				if (hits.length) placed++;
			}
		}
		expect(disagreements).toEqual([]);
		// the district fills well over a third of its bbox; the rest is sea and neighbours
		expect(placed).toBeGreaterThan(120 * 120 * 0.35);
	});
});

describe('settlement index geometry rules', () => {
	const square = (x: number, y: number, size: number): [number, number][] => [
		[x, y],
		[x + size, y],
		[x + size, y + size],
		[x, y + size],
		[x, y]
	];
	const collection = (features: { id: string; geometry: SettlementCollection['features'][number]['geometry'] }[]): SettlementCollection =>
		SettlementCollectionSchema.parse({
			type: 'FeatureCollection',
			features: features.map(({ id, geometry }) => ({ type: 'Feature', properties: { id, name_ru: id }, geometry }))
		});

	it('does not place a point in the hole of a polygon (a lake, an enclave)', () => {
		const idx = createSettlementIndex(
			collection([{ id: 'ring', geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2).reverse()] } }])
		);
		expect(idx.locate(1, 1)?.id).toBe('ring');
		expect(idx.locate(5, 5)).toBeNull();
	});

	it('places a point in the enclave that fills another settlement’s hole', () => {
		const idx = createSettlementIndex(
			collection([
				{ id: 'ring', geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2).reverse()] } },
				{ id: 'enclave', geometry: { type: 'Polygon', coordinates: [square(4, 4, 2)] } }
			])
		);
		expect(idx.locate(5, 5)?.id).toBe('enclave');
		expect(idx.locate(3, 3)?.id).toBe('ring');
	});

	it('places points in every part of a MultiPolygon and none between them', () => {
		const idx = createSettlementIndex(
			collection([{ id: 'islands', geometry: { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] } }])
		);
		expect(idx.locate(0.5, 0.5)?.id).toBe('islands');
		expect(idx.locate(5.5, 5.5)?.id).toBe('islands');
		expect(idx.locate(3, 3)).toBeNull();
	});

	it('lets the first settlement in the file win where bad data overlaps', () => {
		const idx = createSettlementIndex(
			collection([
				{ id: 'first', geometry: { type: 'Polygon', coordinates: [square(0, 0, 2)] } },
				{ id: 'second', geometry: { type: 'Polygon', coordinates: [square(1, 1, 2)] } }
			])
		);
		expect(idx.locate(1.5, 1.5)?.id).toBe('first');
		expect(idx.locate(2.5, 2.5)?.id).toBe('second');
	});
});
