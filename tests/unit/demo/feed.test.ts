import { describe, expect, it } from 'vitest';
import { IncidentInputSchema, type IncidentInput } from '../../../src/lib/domain/incident.ts';
import { CHANNEL_MIX, createFeed, generateHistory, pointInPolygons, rateAt, utcOffsetMinutes } from '../../../server/demo/feed.ts';
import { loadMunicipalityGeo } from '../../../server/demo/simulator.ts';
import { deriveAdminCentres, importSettlementsGeoJson } from '../../../src/lib/domain/geo/geojson-import.ts';
import { tashtagolGeoJson } from '../../support/geo-fixtures.ts';

const geo = loadMunicipalityGeo(process.cwd(), 'tuapse');
const base = { places: geo.places, settlements: geo.settlements, municipality: geo.municipality };

// a Monday, local Moscow midnight
const WEEK_START = new Date('2025-11-10T00:00:00+03:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const week = generateHistory({ ...base, seed: 42, from: WEEK_START, to: new Date(WEEK_START.getTime() + 7 * DAY) });
const timedWeek = createFeed({ ...base, seed: 42 }).timeline(WEEK_START, new Date(WEEK_START.getTime() + 7 * DAY));

const settlementPolygons = geo.settlements.features.map((f) => ({
	id: f.properties.id,
	polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
}));
const settlementOf = (i: IncidentInput) =>
	i.lat === undefined || i.lon === undefined
		? null
		: (settlementPolygons.find((s) => pointInPolygons(i.lon!, i.lat!, s.polygons))?.id ?? 'outside');

const moscowHour = (iso: string) => new Date(Date.parse(iso) + 3 * HOUR).getUTCHours();

describe('demo feed', () => {
	it('gives the same incidents for the same seed and different ones for another seed', () => {
		const again = generateHistory({ ...base, seed: 42, from: WEEK_START, to: new Date(WEEK_START.getTime() + 7 * DAY) });
		expect(again).toEqual(week);

		const a = createFeed({ ...base, seed: 'tuapse' });
		const b = createFeed({ ...base, seed: 'tuapse' });
		const at = new Date('2025-11-12T10:15:00+03:00');
		expect(Array.from({ length: 50 }, () => a.next(at))).toEqual(Array.from({ length: 50 }, () => b.next(at)));

		const other = generateHistory({ ...base, seed: 43, from: WEEK_START, to: new Date(WEEK_START.getTime() + DAY) });
		expect(other.map((i) => i.text)).not.toEqual(week.slice(0, other.length).map((i) => i.text));
	});

	it('regenerates the same externalIds for an overlapping backfill window, so a restart only meets duplicates', () => {
		const feed = createFeed({ ...base, seed: 7 });
		const t = Date.parse('2025-11-12T14:37:21+03:00');
		const first = feed.between(new Date(t - 24 * HOUR), new Date(t));
		const restart = feed.between(new Date(t - 20 * HOUR), new Date(t + 4 * HOUR));
		const overlap = (items: IncidentInput[]) => items.filter((i) => Date.parse(i.receivedAt) >= t - 20 * HOUR && Date.parse(i.receivedAt) < t);
		expect(overlap(restart)).toEqual(overlap(first));
		expect(overlap(first).length).toBeGreaterThan(200);

		// adjacent live windows add up to the whole window: nothing lost at the seams, nothing twice
		const pieces = [0, 1, 2, 3, 4, 5].flatMap((k) => feed.between(new Date(t + k * 600_000), new Date(t + (k + 1) * 600_000)));
		expect(pieces).toEqual(feed.between(new Date(t), new Date(t + HOUR)));
	});

	it('keeps every speed-1 incident when the speed is raised, and multiplies the volume', () => {
		const feed = createFeed({ ...base, seed: 7 });
		const from = new Date('2025-11-12T08:00:00+03:00');
		const to = new Date('2025-11-12T14:00:00+03:00');
		const slow = feed.between(from, to, { speed: 1 });
		const fast = feed.between(from, to, { speed: 3.5 });
		const fastIds = new Set(fast.map((i) => i.externalId));
		expect(slow.every((i) => fastIds.has(i.externalId))).toBe(true);
		expect(fast.length / slow.length).toBeGreaterThan(2.5);
		expect(fast.length / slow.length).toBeLessThan(4.5);
	});

	it('never repeats an externalId within one source', () => {
		const month = generateHistory({ ...base, seed: 5, from: WEEK_START, to: new Date(WEEK_START.getTime() + 14 * DAY), speed: 2 });
		const keys = month.map((i) => `${i.source} ${i.externalId}`);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('keeps the channel shares near the planned mix over 10,000 incidents', () => {
		const feed = createFeed({ ...base, seed: 11 });
		const counts: Record<string, number> = {};
		const start = WEEK_START.getTime();
		for (let i = 0; i < 10_000; i++) {
			const item = feed.next(new Date(start + i * 60_000));
			counts[item.channel] = (counts[item.channel] ?? 0) + 1;
		}
		for (const [channel, share] of Object.entries(CHANNEL_MIX)) {
			expect(Math.abs((counts[channel] ?? 0) / 10_000 - share), channel).toBeLessThan(0.02);
		}
	});

	it('produces only incidents that the ingest schema accepts', () => {
		const feed = createFeed({ ...base, seed: 3 });
		const summer = feed.between(new Date('2025-07-14T00:00:00+03:00'), new Date('2025-07-17T00:00:00+03:00'), { speed: 2 });
		const singles = Array.from({ length: 2000 }, (_, i) => feed.next(new Date(WEEK_START.getTime() + i * 37_000)));
		for (const item of [...week, ...summer, ...singles]) {
			const parsed = IncidentInputSchema.safeParse(item);
			expect(parsed.success, `${item.externalId}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
		}
	});

	it('receives more at 10:00 than at 03:00 Moscow time, and less on weekends', () => {
		expect(rateAt(new Date('2025-11-12T10:00:00+03:00'))).toBeGreaterThan(5 * rateAt(new Date('2025-11-12T03:00:00+03:00')));
		expect(rateAt(new Date('2025-11-15T10:00:00+03:00'))).toBeLessThan(rateAt(new Date('2025-11-12T10:00:00+03:00')));

		const byHour = new Array<number>(24).fill(0);
		for (const i of week) byHour[moscowHour(i.receivedAt)]!++;
		expect(byHour[10]!).toBeGreaterThan(3 * byHour[3]!);
		expect(byHour[19]!).toBeGreaterThan(byHour[15]!);
	});

	it('averages 25–40 incidents an hour in the weekday daytime at speed 1', () => {
		let sum = 0;
		for (let h = 9; h < 21; h++) sum += rateAt(new Date(Date.parse('2025-11-12T00:30:00+03:00') + h * HOUR));
		expect(sum / 12).toBeGreaterThanOrEqual(25);
		expect(sum / 12).toBeLessThanOrEqual(40);

		const daytime = week.filter((i) => {
			const day = new Date(Date.parse(i.receivedAt) + 3 * HOUR).getUTCDay();
			const h = moscowHour(i.receivedAt);
			return day >= 1 && day <= 5 && h >= 9 && h < 21;
		});
		expect(daytime.length / (5 * 12)).toBeGreaterThan(22);
		expect(daytime.length / (5 * 12)).toBeLessThan(45);
	});

	it('shows bursts over a week: 10–40 complaints on one topic in one settlement within half an hour', () => {
		const bursts = new Map<string, IncidentInput[]>();
		for (const t of timedWeek) {
			if (!t.burst) continue;
			const key = t.input.externalId.replace(/-b\d+$/, '');
			bursts.set(key, [...(bursts.get(key) ?? []), t.input]);
		}
		expect(bursts.size).toBeGreaterThanOrEqual(1);
		for (const items of bursts.values()) {
			// a burst cut by the week's edge may be short; inside the week it is whole
			const times = items.map((i) => Date.parse(i.receivedAt));
			expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(30 * 60_000);
			expect(new Set(items.flatMap((i) => (i.category ? [i.category] : []))).size).toBe(1);
			const settlements = new Set(items.map(settlementOf).filter((s) => s !== null && s !== 'outside'));
			expect(settlements.size).toBeLessThanOrEqual(1);
		}
		expect([...bursts.values()].some((items) => items.length >= 10)).toBe(true);

		// and the spike is visible without the marks: one category, ≥ 10 reports in 30 minutes in one settlement
		const spike = week.some((first, k) => {
			if (!first.category) return false;
			const t0 = Date.parse(first.receivedAt);
			const s0 = settlementOf(first);
			const same = week
				.slice(k, k + 80)
				.filter((i) => Date.parse(i.receivedAt) - t0 < 30 * 60_000 && i.category === first.category);
			return s0 !== null && same.filter((i) => settlementOf(i) === s0).length >= 6 && same.length >= 10;
		});
		expect(spike).toBe(true);
	});

	it('weights settlements by population, so Туапсинское is the most frequent', () => {
		const counts: Record<string, number> = {};
		for (const i of week) {
			const s = settlementOf(i);
			if (s) counts[s] = (counts[s] ?? 0) + 1;
		}
		const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1]);
		expect(ranked[0]![0]).toBe('tuapsinskoe');
		const located = Object.values(counts).reduce((a, b) => a + b, 0);
		expect(counts.tuapsinskoe! / located).toBeGreaterThan(0.35);
		expect(counts.tuapsinskoe! / located).toBeLessThan(0.7);
		expect(counts.novomikhaylovskoe!).toBeGreaterThan(counts.oktyabrskoe ?? 0);
	});

	it('puts about one point in a hundred at sea or outside the district', () => {
		const feed = createFeed({ ...base, seed: 9 });
		const items = Array.from({ length: 6000 }, (_, i) => feed.next(new Date(WEEK_START.getTime() + i * 60_000)));
		const withPoint = items.filter((i) => i.lat !== undefined);
		const outside = withPoint.filter((i) => settlementOf(i) === 'outside').length / withPoint.length;
		expect(outside).toBeGreaterThan(0.003);
		expect(outside).toBeLessThan(0.025);
	});

	it('fills the optional fields in realistic shares', () => {
		const share = (f: (i: IncidentInput) => boolean) => week.filter(f).length / week.length;
		expect(share((i) => i.address !== undefined)).toBeGreaterThan(0.5);
		expect(share((i) => i.address !== undefined)).toBeLessThan(0.7);
		expect(share((i) => i.lat !== undefined)).toBeGreaterThan(0.6);
		expect(share((i) => i.lat !== undefined)).toBeLessThan(0.8);
		expect(share((i) => i.address !== undefined && i.lat === undefined)).toBeGreaterThan(0.05);
		expect(share((i) => i.category !== undefined)).toBeGreaterThan(0.8);
		expect(share((i) => i.settlement !== undefined)).toBeGreaterThan(0.1);
		expect(share((i) => i.urgent === true)).toBeGreaterThan(0.01);
		expect(share((i) => i.urgent === true)).toBeLessThan(0.06);
		// some citizens put their phone or e-mail into the text itself
		const pii = share((i) => /@|\+7\s?9\d\d|8\s?\(9\d\d\)|89\d{9}/.test(i.text));
		expect(pii).toBeGreaterThan(0.02);
		expect(pii).toBeLessThan(0.25);
	});

	it('gives most ПОС incidents a platform deadline at 17:00 Moscow time, 5 to 10 days ahead', () => {
		const pos = week.filter((i) => i.channel === 'pos');
		const withDue = pos.filter((i) => i.dueAt !== undefined);
		expect(withDue.length / pos.length).toBeGreaterThan(0.7);
		expect(withDue.length / pos.length).toBeLessThan(0.9);
		for (const i of withDue) {
			expect(i.dueAt).toMatch(/T17:00:00\+03:00$/);
			const days = (Date.parse(i.dueAt!) - Date.parse(i.receivedAt)) / DAY;
			expect(days).toBeGreaterThan(4);
			expect(days).toBeLessThan(13);
		}
		expect(week.filter((i) => i.channel !== 'pos').every((i) => i.dueAt === undefined)).toBe(true);
	});

	it('writes Russian complaints across the thematic blocks', () => {
		const categories = new Set(week.map((i) => i.category));
		for (const c of ['Отопление', 'Водоснабжение', 'Вывоз ТКО', 'Ямы на дороге', 'Маршруты и расписание', 'Уличное освещение', 'Детские сады', 'Запись к врачу']) {
			expect(categories, c).toContain(c);
		}
		expect(week.every((i) => /[а-яё]{3,}/i.test(i.text))).toBe(true);
		expect(week.some((i) => i.address?.startsWith('с. '))).toBe(true);
		expect(week.some((i) => /ул\. (Карла Маркса|Горького|Таманская|Полетаева|Фрунзе)/.test(i.text))).toBe(true);
	});
});

describe('demo feed for another municipality', () => {
	// the folder an administrator's import writes: settlements and the admin centres derived from them
	const imported = importSettlementsGeoJson(tashtagolGeoJson());
	if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
	const tashtagol = {
		places: deriveAdminCentres(imported.settlements),
		settlements: imported.settlements,
		municipality: { id: 'tashtagol', name: 'Таштагольский район' }
	};
	// a year and more of single items, so every category, season and template comes up
	const feed = createFeed({ ...tashtagol, seed: 17 });
	const year = Array.from({ length: 20_000 }, (_, i) => feed.next(new Date(WEEK_START.getTime() + i * 30 * 60_000)));
	const words = (i: IncidentInput) => [i.text, i.title, i.address, i.settlement].filter(Boolean).join(' ');

	it("follows the municipality's own clock: the quiet hours are Tashtagol's night, not Moscow's", () => {
		expect([utcOffsetMinutes('Europe/Moscow', WEEK_START), utcOffsetMinutes('Asia/Novokuznetsk', WEEK_START), utcOffsetMinutes('Asia/Vladivostok', WEEK_START)]).toEqual([180, 420, 600]);
		const local = createFeed({ ...tashtagol, municipality: { ...tashtagol.municipality, timeZone: 'Asia/Novokuznetsk' }, seed: 17 });
		const items = local.between(WEEK_START, new Date(WEEK_START.getTime() + 14 * 24 * 3_600_000));
		const byHour = new Array<number>(24).fill(0);
		const hourIn = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Novokuznetsk', hour: '2-digit', hourCycle: 'h23' });
		for (const i of items) byHour[Number(hourIn.format(new Date(i.receivedAt)))]++;
		const quietest = byHour.indexOf(Math.min(...byHour));
		const busiest = byHour.indexOf(Math.max(...byHour));
		// Moscow's 03:00 trough would fall at 07:00 in Tashtagol
		expect(quietest, byHour.join(' ')).toBeGreaterThanOrEqual(1);
		expect(quietest, byHour.join(' ')).toBeLessThanOrEqual(5);
		expect(busiest, byHour.join(' ')).toBeGreaterThanOrEqual(9);
		expect(busiest, byHour.join(' ')).toBeLessThanOrEqual(20);
	});

	it('never names Туапсе in a text, title or address', () => {
		const tuapse = year.filter((i) => /туапс/i.test(words(i)));
		expect(tuapse.map(words).slice(0, 3)).toEqual([]);
	});

	it("keeps Tuapse's sea, refinery and streets out of an inland municipality's feed", () => {
		const scenery = /(мор[еяю]|пляж|набережн|НПЗ|ул\. (Таманская|Полетаева|Судоремонтников|Калараша|Кронштадтская|Морская|Черноморская|Приморская)|Новороссийское шоссе)/i;
		expect(year.filter((i) => scenery.test(words(i))).map(words).slice(0, 3)).toEqual([]);
		// the towns still get town streets
		expect(year.some((i) => /ул\. (Шахтёров|Строителей|Победы)/.test(words(i)))).toBe(true);
	});

	it('names its own district and its centre instead', () => {
		expect(year.some((i) => i.address?.startsWith('Таштагольский район, '))).toBe(true);
		expect(year.some((i) => /ближайшая помощь в г\. Таштагол\./.test(i.text))).toBe(true);
		expect(year.some((i) => /ездить в г\. Таштагол тяжело/.test(i.text))).toBe(true);
		expect(year.some((i) => /Шерегеш/.test(i.text))).toBe(true);
	});

	it('keeps the Tuapse district\'s own names in the Tuapse feed', () => {
		expect(week.some((i) => i.address?.startsWith('Туапсинский район, '))).toBe(true);
		const tuapseYear = createFeed({ ...base, seed: 17 });
		const texts = Array.from({ length: 20_000 }, (_, i) => tuapseYear.next(new Date(WEEK_START.getTime() + i * 30 * 60_000)).text);
		expect(texts.some((t) => t.includes('ближайшая помощь в Туапсе'))).toBe(true);
		expect(texts.some((t) => /на реке (Туапсе|Агой|Небуг|Шепси|Джубга)/.test(t))).toBe(true);
	});
});
