import { describe, expect, it } from 'vitest';
import { MASK, maskPersonalData } from '../../../src/lib/domain/masking.ts';

describe('maskPersonalData', () => {
	it.each([
		['Звонил Иванов Иван Иванович, просил перезвонить', 'Звонил ***, просил перезвонить'],
		['Петрова Анна Сергеевна жалуется на мусор', '*** жалуется на мусор'],
		['Передайте Анне: Анна Сергеевна, ждём вас', 'Передайте Анне: ***, ждём вас'],
		['Пишет Иванова И.И. про мусор', 'Пишет *** про мусор'],
		['Пишет И. И. Иванов про мусор', 'Пишет *** про мусор'],
		['Мамедов Али Гусейнович, ул. Горького', '***, ул. Горького']
	])('masks a name in «%s»', (text, masked) => {
		expect(maskPersonalData(text)).toBe(masked);
	});

	it.each([
		['+7 (918) 123-45-67'],
		['8 918 1234567'],
		['89181234567'],
		['+79181234567']
	])('masks the phone %s', (phone) => {
		expect(maskPersonalData(`перезвоните ${phone} вечером`)).toBe(`перезвоните ${MASK} вечером`);
	});

	it('masks e-mails, latin and cyrillic', () => {
		expect(maskPersonalData('пишите anna.p@example.ru или иван@почта.рф')).toBe(`пишите ${MASK} или ${MASK}`);
	});

	it('masks the author by name wherever the text repeats it, not inside other words', () => {
		const author = { name: 'Ким Ольга' };
		expect(maskPersonalData('Ольга просит убрать листья у дома Кима, Ким', author)).toBe(`${MASK} просит убрать листья у дома Кима, ${MASK}`);
	});

	it.each([
		['Во дворе дома 12 по ул. Ленина не вывозят мусор уже неделю'],
		['Сломан светофор на перекрёстке ул. Карла Маркса и ул. Звездова'],
		['Автобус № 105 опоздал на 40 минут, остановка «Школа № 3»'],
		['Прорыв трубы, д. 7, кв. 15, с 06:30 нет воды, с 23.11.2026 не чинят']
	])('leaves a text without personal data as it is: «%s»', (text) => {
		expect(maskPersonalData(text)).toBe(text);
	});
});
