import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGazetteer } from '#domain/geo/gazetteer.ts';
import { PlaceCollectionSchema, SettlementCollectionSchema } from '#domain/geo/municipality.schema.ts';

const DIR = 'static/municipalities/tuapse';
const settlements = SettlementCollectionSchema.parse(JSON.parse(fs.readFileSync(`${DIR}/settlements.geojson`, 'utf8')));
const places = PlaceCollectionSchema.parse(JSON.parse(fs.readFileSync(`${DIR}/places.geojson`, 'utf8')));
const gazetteer = createGazetteer(places, settlements);

describe('gazetteer on the Tuapse district', () => {
	it.each([
		['п. Джубга', 'dzhubgskoe', 'dzhubga'],
		['пгт Новомихайловский', 'novomikhaylovskoe', 'novomikhaylovskiy'],
		['с. Шепси', 'shepsinskoe', 'shepsi'],
		['г. Туапсе', 'tuapsinskoe', 'tuapse'],
		['Туапсе, ул. Карла Маркса 5', 'tuapsinskoe', 'tuapse'],
		['аул Агуй-Шапсуг', 'nebugskoe', 'aguy-shapsug'],
		['Агуй Шапсуг', 'nebugskoe', 'aguy-shapsug'],
		['город Туапсе', 'tuapsinskoe', 'tuapse'],
		['пос. Октябрьский', 'oktyabrskoe', 'oktyabrskiy'],
		['посёлок Греческий', 'velyaminovskoe', 'grecheskiy'],
		['село Большое Псеушко', 'georgievskoe', 'bolshoe-pseushko'],
		['п.Джубга', 'dzhubgskoe', 'dzhubga'],
		['Краснодарский край, Туапсинский р-н, с. Небуг, ул. Шоссейная, д. 1', 'nebugskoe', 'nebug']
	])('reads «%s» as a place in %s', (text, settlementId, placeId) => {
		expect(gazetteer.match(text)).toEqual({ settlementId, placeId, via: 'place' });
	});

	it.each([
		['Шепсинское сельское поселение', 'shepsinskoe'],
		['Шепсинское с/п', 'shepsinskoe'],
		['Шепсинское СП', 'shepsinskoe'],
		['Джубгское городское поселение', 'dzhubgskoe'],
		['Джубгское ГП', 'dzhubgskoe'],
		['Октябрьское с.п.', 'oktyabrskoe'],
		['Туапсинского поселения', 'tuapsinskoe'],
		['администрация Новомихайловского городского поселения', 'novomikhaylovskoe'],
		['Тенгинское', 'tenginskoe']
	])('reads «%s» as the settlement %s', (text, settlementId) => {
		expect(gazetteer.match(text)).toEqual({ settlementId, via: 'settlement' });
	});

	it('ignores case: «ТУАПСЕ» and «пгт новомихайловский»', () => {
		expect(gazetteer.match('ТУАПСЕ')?.placeId).toBe('tuapse');
		expect(gazetteer.match('ПГТ новомихайловский')?.placeId).toBe('novomikhaylovskiy');
	});

	it('reads ё and е alike: «ПОСЁЛОК ОКТЯБРЬСКИЙ» and «поселок Октябрьский»', () => {
		expect(gazetteer.match('ПОСЁЛОК ОКТЯБРЬСКИЙ')).toEqual({ settlementId: 'oktyabrskoe', placeId: 'oktyabrskiy', via: 'place' });
		expect(gazetteer.match('поселок Октябрьский')).toEqual({ settlementId: 'oktyabrskoe', placeId: 'oktyabrskiy', via: 'place' });
	});

	it.each([
		['в Джубге', 'dzhubga'],
		['прорвало трубу в Новомихайловском', 'novomikhaylovskiy'],
		['из Тенгинки', 'tenginka'],
		['в селе Небуге', 'nebug'],
		['в посёлке Октябрьском', 'oktyabrskiy']
	])('understands the inflected «%s»', (text, placeId) => {
		expect(gazetteer.match(text)?.placeId).toBe(placeId);
	});

	it('prefers the place a type word names over the settlement of the same name: «с. Георгиевское»', () => {
		expect(gazetteer.match('с. Георгиевское')).toEqual({ settlementId: 'georgievskoe', placeId: 'georgievskoe', via: 'place' });
		expect(gazetteer.match('Георгиевское сельское поселение')).toEqual({ settlementId: 'georgievskoe', via: 'settlement' });
	});

	it('prefers the most specific name: a village named in a settlement’s address', () => {
		expect(gazetteer.match('Вельяминовское с/п, с. Цыпка')).toEqual({ settlementId: 'velyaminovskoe', placeId: 'tsypka', via: 'place' });
	});

	it('takes a settlement id or a place id as they are', () => {
		expect(gazetteer.match('nebugskoe')).toEqual({ settlementId: 'nebugskoe', via: 'settlement' });
		expect(gazetteer.match('aguy-shapsug')).toEqual({ settlementId: 'nebugskoe', placeId: 'aguy-shapsug', via: 'place' });
	});

	it('does not read the district «Туапсинский район» as the town of Туапсе', () => {
		expect(gazetteer.match('Туапсинский район')).toBeNull();
		expect(gazetteer.match('Туапсинский р-н, пгт Джубга')?.placeId).toBe('dzhubga');
	});

	it('does not take a street named after a place for the place: «ул. Шепсинская», «ул. Красная»', () => {
		expect(gazetteer.match('ул. Красная, 5')).toBeNull();
		expect(gazetteer.match('пос. Греческий, ул. Шепсинская, 3')?.placeId).toBe('grecheskiy');
		expect(gazetteer.match('Туапсе, улица Октябрьской Революции 12')?.placeId).toBe('tuapse');
	});

	it('does not read an adjective in a sentence as a village: «красная машина»', () => {
		expect(gazetteer.match('красная машина стоит на газоне')).toBeNull();
	});

	it('finds nothing for places outside the municipality and for empty input', () => {
		expect(gazetteer.match('г. Москва, ул. Тверская 1')).toBeNull();
		expect(gazetteer.match('Сочи')).toBeNull();
		expect(gazetteer.match('   ')).toBeNull();
	});
});

describe('gazetteer rules on small made-up municipalities', () => {
	const square: [number, number][] = [
		[0, 0],
		[1, 0],
		[1, 1],
		[0, 1],
		[0, 0]
	];
	const settlement = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
		type: 'Feature',
		properties: { id, name_ru: name, ...extra },
		geometry: { type: 'Polygon', coordinates: [square] }
	});
	const place = (id: string, name: string, settlementId: string, population: number) => ({
		type: 'Feature',
		properties: { id, name_ru: name, type_ru: 'село', settlement_id: settlementId, population },
		geometry: { type: 'Point', coordinates: [0.5, 0.5] }
	});
	const build = (s: unknown[], p: unknown[]) =>
		createGazetteer(
			PlaceCollectionSchema.parse({ type: 'FeatureCollection', features: p }),
			SettlementCollectionSchema.parse({ type: 'FeatureCollection', features: s })
		);

	it('matches «елкино» and «ЁЛКИНО» to the village Ёлкино', () => {
		const gaz = build([settlement('north', 'Северное сельское поселение')], [place('yolkino', 'Ёлкино', 'north', 300)]);
		expect(gaz.match('елкино')?.placeId).toBe('yolkino');
		expect(gaz.match('с. ЁЛКИНО')?.placeId).toBe('yolkino');
	});

	it('settles a name two settlements share on the village with more people', () => {
		const gaz = build(
			[settlement('north', 'Северное сельское поселение'), settlement('south', 'Южное сельское поселение')],
			[place('small', 'Садовое', 'north', 120), place('large', 'Садовое', 'south', 2400)]
		);
		expect(gaz.match('с. Садовое')).toEqual({ settlementId: 'south', placeId: 'large', via: 'place' });
	});

	it('knows a settlement’s admin centre when the municipality came without a places file', () => {
		const gaz = build([settlement('river', 'Речное сельское поселение', { admin_centre_ru: 'с. Заречье' })], []);
		expect(gaz.match('с. Заречье, ул. Мира 1')).toEqual({ settlementId: 'river', via: 'place' });
		expect(gaz.match('Речное с/п')).toEqual({ settlementId: 'river', via: 'settlement' });
	});
});
