import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGazetteer } from '#domain/geo/gazetteer.ts';
import { PlaceCollectionSchema, SettlementCollectionSchema } from '#domain/geo/municipality.schema.ts';
import { placeByPoint, placeIncident } from '#domain/geo/place-incident.ts';
import { createSettlementIndex } from '#domain/geo/settlement-index.ts';

const DIR = 'static/municipalities/tuapse';
const settlements = SettlementCollectionSchema.parse(JSON.parse(fs.readFileSync(`${DIR}/settlements.geojson`, 'utf8')));
const places = PlaceCollectionSchema.parse(JSON.parse(fs.readFileSync(`${DIR}/places.geojson`, 'utf8')));
const index = createSettlementIndex(settlements);
const gazetteer = createGazetteer(places, settlements);
const place = (input: Parameters<typeof placeIncident>[0]) => placeIncident(input, index, gazetteer);

// verified coordinates from places.geojson
const DZHUBGA = { lon: 38.7003, lat: 44.3183 };
const SEA_OFF_TUAPSE = { lon: 39.0, lat: 44.05 };

describe('placing an incident in a settlement', () => {
	it('places by coordinates when the incident has a point', () => {
		expect(place({ ...DZHUBGA, text: 'Нет воды' })).toEqual({ settlementId: 'dzhubgskoe', placement: 'coordinates' });
	});

	it('trusts the point over an address that names another settlement', () => {
		expect(place({ ...DZHUBGA, address: 'г. Туапсе, ул. Сочинская 1' })).toEqual({ settlementId: 'dzhubgskoe', placement: 'coordinates' });
	});

	it('keeps a point at sea as «вне территории»: no settlement, placement none, even with an address', () => {
		expect(place({ ...SEA_OFF_TUAPSE, address: 'г. Туапсе', settlement: 'Туапсинское ГП' })).toEqual({ settlementId: null, placement: 'none' });
	});

	it('decides by the point alone what ingest places inline, and leaves words to the placing job', () => {
		expect(placeByPoint(DZHUBGA, index)).toEqual({ settlementId: 'dzhubgskoe', placement: 'coordinates' });
		expect(placeByPoint(SEA_OFF_TUAPSE, index)).toEqual({ settlementId: null, placement: 'none' });
		expect(placeByPoint({ lat: null, lon: null }, index)).toBeNull();
		expect(placeByPoint({ lat: 0, lon: 0 }, index)).toBeNull();
	});

	it('places by the address when there are no coordinates', () => {
		expect(place({ lat: null, lon: null, address: 'Туапсе, ул. Карла Маркса 5' })).toEqual({ settlementId: 'tuapsinskoe', placement: 'address' });
		expect(place({ address: 'пгт Новомихайловский, ул. Мира 2' })).toEqual({ settlementId: 'novomikhaylovskoe', placement: 'address' });
	});

	it('falls back to the settlement field when the address names no known place', () => {
		expect(place({ address: 'ул. Ленина, 10', settlement: 'Шепсинское с/п' })).toEqual({ settlementId: 'shepsinskoe', placement: 'settlement field' });
		expect(place({ settlement: 'с. Шепси' })).toEqual({ settlementId: 'shepsinskoe', placement: 'settlement field' });
	});

	it('leaves an incident with nothing to go on unplaced', () => {
		expect(place({ text: 'Яма на дороге' })).toEqual({ settlementId: null, placement: 'none' });
		expect(place({ address: 'г. Москва', settlement: 'Москва' })).toEqual({ settlementId: null, placement: 'none' });
	});

	it('does not place by the message text, only by address and settlement fields', () => {
		expect(place({ text: 'В Джубге нет света' })).toEqual({ settlementId: null, placement: 'none' });
	});

	it('treats 0,0 and half a point as no coordinates and goes on to the address', () => {
		expect(place({ lat: 0, lon: 0, address: 'с. Небуг' })).toEqual({ settlementId: 'nebugskoe', placement: 'address' });
		expect(place({ lat: 44.1, lon: null, address: 'с. Небуг' })).toEqual({ settlementId: 'nebugskoe', placement: 'address' });
	});
});
