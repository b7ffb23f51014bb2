/**
 * The demo feed: a realistic, deterministic stream of citizens' messages for one municipality (the shipped
 * Tuapse district unless told otherwise); its texts name that municipality's own places.
 *
 * Pure: no I/O, no clock, no Math.random. Everything is a function of the seed and the instant, so the
 * simulator can backfill a window twice and get the same (source, externalId) pairs the second time.
 *
 * Arrivals are a non-homogeneous Poisson process per UTC hour, drawn by thinning: candidates at the
 * maximal rate, each kept with probability rate(t) / LAMBDA_MAX_PER_HOUR. A speed above 1 adds independent
 * "layers" of the same process (layer k is kept with probability min(1, speed − k)), so the items of a
 * lower speed are always a subset of the items of a higher one.
 */
import type { Channel, IncidentInput } from '#domain/incident.ts';
import { capitalise } from '#domain/geo/ru-text.ts';
import { offsetAt } from '#domain/sla.ts';
import { charCodes, hash32, Rng } from './random.ts';

// ---------------------------------------------------------------------------------------------------------
// geodata (the shapes of static/municipalities/<m>/places.geojson and settlements.geojson)

export interface PlaceProperties {
	id: string;
	name_ru: string;
	/** absent in places an import derived from admin centres without a type */
	type_ru?: string;
	settlement_id: string;
	population: number | null;
}
export interface PlaceFeature {
	type?: 'Feature';
	properties: PlaceProperties;
	geometry: { type: 'Point'; coordinates: [number, number] | number[] };
}
export interface SettlementProperties {
	id: string;
	name_ru: string;
	short_name_ru?: string;
	population?: number | null;
}
type Ring = number[][];
export interface SettlementFeature {
	type?: 'Feature';
	properties: SettlementProperties;
	geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}
type Collection<F> = { features: F[] } | F[];

/** The municipality the feed speaks of, from its municipality.json. */
export interface FeedMunicipality {
	id: string;
	/** «Туапсинский район»: some citizens write it at the start of an address */
	name: string;
	/** IANA zone: the feed's daily rhythm follows the municipality's clock (Tashtagol is Moscow + 4 h) */
	timeZone?: string;
}

export interface FeedOptions {
	seed: number | string;
	places: Collection<PlaceFeature>;
	settlements: Collection<SettlementFeature>;
	/** without it the texts name no district */
	municipality?: FeedMunicipality;
	/** the municipality's UTC offset; by default its `timeZone`'s, else Moscow's (+03:00, no DST since 2014) */
	utcOffsetMinutes?: number;
}

export interface TimelineOptions {
	/** multiplier of the realistic rate (1 = the district's real volume) */
	speed?: number;
}

export interface TimedIncident {
	/** receivedAt as epoch milliseconds (whole seconds) */
	at: number;
	input: IncidentInput;
	/** true when the item belongs to a burst (many complaints on one topic in one place) */
	burst: boolean;
}

export interface Feed {
	/** one more incident received at `at`; ids come from the seed and a call counter */
	next(at: Date): IncidentInput;
	/** every incident of the seeded timeline with receivedAt in [from, to), oldest first */
	between(from: Date, to: Date, options?: TimelineOptions): IncidentInput[];
	/** the same as `between`, with epoch times and burst marks (what the simulator schedules by) */
	timeline(from: Date, to: Date, options?: TimelineOptions): TimedIncident[];
	/** expected incidents per hour at `at` for speed 1, without bursts */
	rateAt(at: Date): number;
}

// ---------------------------------------------------------------------------------------------------------
// seeded randomness

function seedToInt(seed: number | string): number {
	if (typeof seed === 'number' && Number.isInteger(seed)) return hash32(seed, Math.floor(seed / 2 ** 32));
	return hash32(0x5eed, ...charCodes(String(seed)));
}

class Weighted<T> {
	readonly #items: T[];
	readonly #cumulative: number[];
	constructor(pairs: ReadonlyArray<readonly [T, number]>) {
		this.#items = [];
		this.#cumulative = [];
		let total = 0;
		for (const [item, weight] of pairs) {
			if (!(weight > 0)) continue;
			total += weight;
			this.#items.push(item);
			this.#cumulative.push(total);
		}
		if (total === 0) throw new Error('weighted choice over nothing');
	}
	pick(rng: Rng): T {
		const x = rng.float() * this.#cumulative[this.#cumulative.length - 1]!;
		let lo = 0;
		let hi = this.#cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.#cumulative[mid]! > x) hi = mid;
			else lo = mid + 1;
		}
		return this.#items[lo]!;
	}
}

// ---------------------------------------------------------------------------------------------------------
// rhythm

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** weekday incidents per hour by local hour: night low, peaks 9–12 and 18–21 */
const HOURLY_RATE = [6, 4, 3, 2.5, 2.5, 4, 8, 16, 26, 36, 40, 38, 33, 30, 29, 28, 28, 29, 33, 36, 35, 30, 20, 11];
const LAMBDA_MAX_PER_HOUR = Math.max(...HOURLY_RATE);
const WEEKEND_FACTOR = 0.6;
/** federal non-working holidays that recur every year (MM-DD); they get the weekend rhythm */
const FIXED_HOLIDAYS = new Set(['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04']);
const MOSCOW_OFFSET_MINUTES = 180;
/** the municipality the feed was written for (static/municipalities/tuapse) */
const SHIPPED_DISTRICT = 'tuapse';

/** How far the zone's clock is ahead of UTC at `at`, in minutes (Russian zones keep no DST: one number serves). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
	return Math.round(offsetAt(timeZone, at.getTime()) / 60_000);
}

function dayFactor(localDay: number): number {
	const dow = (((localDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
	if (dow === 0 || dow === 6) return WEEKEND_FACTOR;
	const d = new Date(localDay * DAY_MS);
	const mmdd = `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
	return FIXED_HOLIDAYS.has(mmdd) ? WEEKEND_FACTOR : 1;
}

function knotRate(localHourIndex: number): number {
	const hour = ((localHourIndex % 24) + 24) % 24;
	return HOURLY_RATE[hour]! * dayFactor(Math.floor(localHourIndex / 24));
}

/** Expected incidents per hour at `at` (speed 1, bursts excluded), in a municipality at `utcOffsetMinutes`. */
export function rateAt(at: Date | number, utcOffsetMinutes = MOSCOW_OFFSET_MINUTES): number {
	const ms = typeof at === 'number' ? at : at.getTime();
	// knots sit at the middle of each local hour; linear in between keeps the curve smooth
	const x = (ms + utcOffsetMinutes * 60_000) / HOUR_MS - 0.5;
	const i = Math.floor(x);
	const f = x - i;
	return knotRate(i) * (1 - f) + knotRate(i + 1) * f;
}

// ---------------------------------------------------------------------------------------------------------
// channels and sources

export const CHANNEL_MIX: Readonly<Record<Channel, number>> = {
	pos: 0.35,
	im: 0.3,
	regional: 0.12,
	head_social: 0.08,
	appeal_59fz: 0.08,
	manual: 0.07
};

/** source ids per channel with their shares inside the channel */
export const SOURCES: Readonly<Record<Channel, ReadonlyArray<readonly [string, number]>>> = {
	pos: [['pos.gosuslugi', 1]],
	im: [['im.cur23', 1]],
	regional: [['regional.ag', 1]],
	head_social: [
		['head.vk', 0.6],
		['head.tg', 0.25],
		['head.ok', 0.15]
	],
	appeal_59fz: [
		['appeal.edo', 0.75],
		['appeal.reception', 0.25]
	],
	manual: [['manual.mcu', 1]]
};

const BURST_CHANNEL_MIX: ReadonlyArray<readonly [Channel, number]> = [
	['im', 0.4],
	['pos', 0.3],
	['head_social', 0.15],
	['regional', 0.1],
	['manual', 0.05]
];

// ---------------------------------------------------------------------------------------------------------
// taxonomy and texts (org-structure.md §4: topic group → sample category)

export type TopicGroup =
	| 'housing_utilities'
	| 'roads'
	| 'transport'
	| 'improvement'
	| 'education'
	| 'healthcare'
	| 'social'
	| 'culture_sport_youth'
	| 'safety'
	| 'environment'
	| 'land_property_construction'
	| 'economy_trade_agri'
	| 'communications_digital'
	| 'governance';

type Season = 'all' | 'heating' | 'summer' | 'winter';

interface Template {
	text: string;
	title: string;
	/** probability that the item is flagged urgent */
	urgent?: number;
	/** needs the shipped district's own scenery (its sea, its refinery): left out elsewhere, with a category left empty */
	coast?: true;
}

interface CategorySpec {
	group: TopicGroup;
	name: string;
	weight: number;
	/** a physical problem at a place (address and coordinates likely) */
	located: boolean;
	season: Season;
	templates: Template[];
}

const c = (
	group: TopicGroup,
	name: string,
	weight: number,
	templates: Template[],
	opts: { located?: boolean; season?: Season } = {}
): CategorySpec => ({ group, name, weight, located: opts.located ?? true, season: opts.season ?? 'all', templates });

// slots: {where} location phrase, {in_place} «в Шепси», {dur} duration, {since}, {time}, {n} number,
// {route} bus route, {uk} managing company, {on_river} / {into_river_cap} «на реке Агой» / «В реку Агой»,
// {nearest_help} and {to_centre}: the municipality's centre, its most populous place, as seen from the place
// («в Туапсе», «в г. Туапсе»)
const CATEGORIES: CategorySpec[] = [
	c('housing_utilities', 'Отопление', 6, [
		{ text: 'Нет отопления {dur}, {where}. В квартирах +14, дети болеют. Когда дадут тепло?', title: 'Нет отопления' },
		{ text: 'Батареи еле тёплые, {where}. УК {uk} отвечает, что всё в норме. Прошу проверить параметры теплоносителя.', title: 'Слабое отопление' },
		{ text: 'Прорыв трубы отопления в подвале, {where}. Из продухов идёт пар, подвал залит кипятком.', title: 'Порыв трубы отопления', urgent: 0.3 },
		{ text: 'Отопительный сезон начался, а у нас {where} до сих пор холодные батареи.', title: 'Не включили отопление' },
		{ text: 'В котельной {in_place} опять авария, {dur} без тепла. Сколько можно латать старые трубы?', title: 'Авария в котельной' }
	], { season: 'heating' }),
	c('housing_utilities', 'Водоснабжение', 7, [
		{ text: 'Нет холодной воды {dur}, {where}. Никаких объявлений не было. Когда дадут воду?', title: 'Нет воды' },
		{ text: 'Из крана идёт ржавая вода, {where}. Пить невозможно, фильтры забиваются за день.', title: 'Ржавая вода' },
		{ text: 'Очень слабый напор воды {where}, на верхние этажи вода не поднимается {dur}.', title: 'Слабый напор воды' },
		{ text: 'Порыв водопровода {where}, вода течёт по дороге {dur}. Никто не приезжает.', title: 'Порыв водопровода', urgent: 0.1 },
		{ text: 'Воду дают по графику, но график не соблюдается. {where_cap} сидим без воды {dur}.', title: 'Нарушен график подачи воды' },
		{ text: 'Нет горячей воды {dur}, {where}. Платим исправно, а мыться негде.', title: 'Нет горячей воды' }
	]),
	c('housing_utilities', 'Водоотведение', 3, [
		{ text: 'Течёт канализация, {where}. Запах на весь двор, а там играют дети.', title: 'Течь канализации' },
		{ text: 'Засор канализации в подъезде, {where}. Заливает подвал {dur}.', title: 'Засор канализации' },
		{ text: 'Открытый канализационный колодец {where}, люк разбит. Опасно, рядом ходят дети!', title: 'Открытый люк', urgent: 0.25 }
	]),
	c('housing_utilities', 'Электроснабжение', 4, [
		{ text: 'Отключили свет {time} без предупреждения, {where}. Холодильники текут, когда включат?', title: 'Нет света' },
		{ text: 'Постоянные перепады напряжения {where}, уже сгорели холодильник и телевизор.', title: 'Перепады напряжения' },
		{ text: 'Оборван провод {where}, висит над тротуаром. Срочно примите меры!', title: 'Оборван провод', urgent: 0.6 },
		{ text: 'Искрит трансформаторная подстанция {where}, гудит и пахнет горелым.', title: 'Неисправна подстанция', urgent: 0.35 }
	]),
	c('housing_utilities', 'Газоснабжение', 1.2, [
		{ text: 'Запах газа в подъезде, {where}. Аварийную службу вызвали, просим проверить всю линию.', title: 'Запах газа', urgent: 0.5 },
		{ text: 'Когда проведут газ {in_place}? Обещают уже который год, люди топят дровами.', title: 'Газификация' }
	]),
	c('housing_utilities', 'Вывоз ТКО', 6, [
		{ text: 'Мусор не вывозят {dur}, {where}. Баки переполнены, собаки всё растащили.', title: 'Не вывозят мусор' },
		{ text: 'Контейнерная площадка {where} завалена мусором, крупногабарит лежит месяц.', title: 'Переполнена контейнерная площадка' },
		{ text: 'Регоператор не вывозит мусор {in_place}, а квитанции приходят исправно.', title: 'Не вывозят ТКО' },
		{ text: 'Просим установить дополнительные контейнеры {where}, на весь квартал два бака.', title: 'Не хватает контейнеров' }
	]),
	c('housing_utilities', 'Управляющие компании', 4, [
		{ text: 'УК {uk} не убирает подъезд, {where}. Полы не мыли с весны, лампочки не горят.', title: 'Не убирают подъезд' },
		{ text: 'Течёт крыша, {where}. После каждого дождя заливает квартиры на последнем этаже, УК {uk} бездействует.', title: 'Протекает крыша' },
		{ text: 'Не работает лифт {dur}, {where}. Пожилые люди не могут выйти из дома.', title: 'Не работает лифт' },
		{ text: 'УК {uk} выставляет завышенные начисления за содержание жилья и не отвечает на запросы.', title: 'Завышены начисления' }
	]),
	c('housing_utilities', 'Капитальный ремонт', 1, [
		{ text: 'Капремонт крыши {where} идёт второй год, подрядчик пропал, квартиры заливает.', title: 'Затянут капремонт' },
		{ text: 'Когда наш дом включат в программу капремонта? {where_cap} фасад осыпается на тротуар.', title: 'Капремонт дома' }
	]),
	c('housing_utilities', 'Аварийное жильё', 0.6, [
		{ text: 'Дом признан аварийным ещё в 2019 году, {where}. Расселения нет, трещины в стенах растут.', title: 'Расселение аварийного дома' }
	]),
	c('roads', 'Ямы на дороге', 6, [
		{ text: 'Огромные ямы на дороге {where}, машины бьют колёса и диски.', title: 'Ямы на дороге' },
		{ text: 'После прошлогоднего ремонта асфальт {where} снова разрушился. Кто принимал работы?', title: 'Разрушился асфальт' },
		{ text: 'Яма посреди проезжей части {where}, ночью её не видно, уже было ДТП.', title: 'Опасная яма', urgent: 0.1 },
		{ text: 'Дорога {in_place} вся в ямах, скорая и автобус еле проезжают.', title: 'Разбитая дорога' }
	]),
	c('roads', 'Уборка дорог', 2, [
		{ text: 'После ливня на дороге {where} наносы грунта и камней, проезд затруднён {dur}.', title: 'Наносы на дороге' },
		{ text: 'Дорогу {where} не убирают, грязь и мусор вдоль обочин.', title: 'Не убирают дорогу' },
		{ text: 'Гололёд {where}, дорогу не посыпают, машины не могут подняться в гору.', title: 'Гололёд на дороге' }
	]),
	c('roads', 'Тротуары', 2.5, [
		{ text: 'Нет тротуара {where}, дети идут в школу по проезжей части.', title: 'Нет тротуара' },
		{ text: 'Тротуар разбит, {where}. Плитка вздыблена, пожилые люди падают.', title: 'Разбит тротуар' },
		{ text: 'Тротуар заставлен машинами {where}, с коляской не пройти.', title: 'Парковка на тротуаре' }
	]),
	c('roads', 'Светофоры и знаки', 2, [
		{ text: 'Не работает светофор {where} {dur}, на перекрёстке хаос.', title: 'Не работает светофор', urgent: 0.15 },
		{ text: 'Просим установить пешеходный переход и знаки у школы {where}, машины летят на скорости.', title: 'Нужен пешеходный переход' },
		{ text: 'Стёрлась разметка на пешеходном переходе {where}, водители не останавливаются.', title: 'Стёрлась разметка' }
	]),
	c('roads', 'Ливнёвая канализация', 1.5, [
		{ text: 'После каждого дождя дорогу {where} затапливает, ливнёвка забита.', title: 'Затопление дороги' },
		{ text: 'Забита ливнёвка {where}, вода идёт во дворы и подвалы.', title: 'Забита ливнёвка' }
	]),
	c('transport', 'Маршруты и расписание', 4, [
		{ text: 'Автобус {route} не ходит по расписанию, {in_place} ждали больше часа.', title: 'Нарушение расписания' },
		{ text: 'Отменили утренний рейс автобуса {route}, людям {in_place} не уехать на работу.', title: 'Отменён рейс' },
		{ text: 'Водитель автобуса {route} {time} проехал остановку и не взял пассажиров.', title: 'Жалоба на водителя' },
		{ text: 'Автобусы {route} в час пик переполнены, люди стоят на подножках.', title: 'Переполнены автобусы' }
	], { located: false }),
	c('transport', 'Остановки', 1.5, [
		{ text: 'Остановка {where} без навеса, люди мокнут под дождём.', title: 'Нет навеса на остановке' },
		{ text: 'Разбит павильон остановки {where}, стёкла лежат на земле.', title: 'Разбит павильон остановки' }
	]),
	c('transport', 'Подвоз школьников', 0.8, [
		{ text: 'Школьный автобус {in_place} {time} не пришёл, дети не попали на уроки.', title: 'Не пришёл школьный автобус' }
	], { located: false }),
	c('improvement', 'Дворы и детские площадки', 3, [
		{ text: 'Сломаны качели на детской площадке {where}, торчат болты.', title: 'Сломана детская площадка' },
		{ text: 'Двор {where} не благоустроен: ни лавочек, ни площадки, одна грязь.', title: 'Благоустройство двора' },
		{ text: 'Во дворе {where} после раскопок не восстановили асфальт и газон.', title: 'Не восстановлено благоустройство' }
	]),
	c('improvement', 'Уличное освещение', 3.5, [
		{ text: 'Не горят фонари {where} {dur}, вечером идти страшно.', title: 'Не горит освещение' },
		{ text: 'Фонари {where} горят днём и не горят ночью.', title: 'Неисправно освещение' },
		{ text: 'Нет освещения на пешеходной дорожке к школе {where}, дети ходят в темноте.', title: 'Нет освещения' }
	]),
	c('improvement', 'Аварийные деревья', 2, [
		{ text: 'Аварийное дерево {where} наклонилось над детской площадкой, может упасть в любой момент.', title: 'Аварийное дерево', urgent: 0.3 },
		{ text: 'Упало дерево {where}, перегородило проезд и оборвало провода.', title: 'Упало дерево', urgent: 0.4 },
		{ text: 'Просим обрезать ветки {where}, лезут в провода и окна.', title: 'Обрезка деревьев' }
	]),
	c('improvement', 'Уборка территорий', 2, [
		{ text: 'Набережную {in_place} не убирают, урны переполнены, мусор летит в море.', title: 'Не убирают набережную', coast: true },
		{ text: 'Сквер {where} зарос травой по пояс, везде мусор.', title: 'Заросший сквер' }
	]),
	c('improvement', 'Свалки', 2, [
		{ text: 'Стихийная свалка {where}: строительный мусор вывозят машинами прямо к речке.', title: 'Стихийная свалка' },
		{ text: 'Кто-то каждый вечер сжигает мусор {where}, дым идёт в окна.', title: 'Сжигание мусора' }
	]),
	c('improvement', 'Безнадзорные животные', 2.5, [
		{ text: 'Стая бродячих собак {where} нападает на детей и прохожих.', title: 'Бродячие собаки', urgent: 0.05 },
		{ text: 'Собаки у школы {where}, дети боятся ходить на уроки.', title: 'Собаки у школы' }
	]),
	c('improvement', 'Кладбища', 0.5, [
		{ text: 'На кладбище {in_place} не вывозят мусор, дорожки заросли, ограда упала.', title: 'Содержание кладбища' }
	], { located: false }),
	c('education', 'Детские сады', 2.5, [
		{ text: 'Ребёнок третий год стоит в очереди в детский сад {in_place}, мест нет.', title: 'Очередь в детский сад' },
		{ text: 'В детском саду № {n} {in_place} в группах холодно, дети болеют.', title: 'Холодно в детском саду' }
	], { located: false }),
	c('education', 'Школы', 2, [
		{ text: 'В школе № {n} {in_place} течёт крыша над спортзалом, занятия отменяют.', title: 'Ремонт школы' },
		{ text: 'В школе № {n} {in_place} с начала года нет учителя математики.', title: 'Нет учителя' }
	], { located: false }),
	c('education', 'Школьное питание', 1.5, [
		{ text: 'Дети жалуются на питание в школе № {n} {in_place}: еда холодная и однообразная.', title: 'Школьное питание' },
		{ text: 'В столовой школы № {n} {in_place} дети отравились, просим проверить продукты.', title: 'Качество питания', urgent: 0.2 }
	], { located: false }),
	c('healthcare', 'Запись к врачу', 2.5, [
		{ text: 'Невозможно записаться к терапевту {in_place}, талонов нет на две недели вперёд.', title: 'Нет записи к врачу' },
		{ text: 'В ФАП {in_place} нет фельдшера {dur}, ближайшая помощь {nearest_help}.', title: 'Нет фельдшера' },
		{ text: 'Не дозвониться в регистратуру поликлиники, телефон занят с утра до вечера.', title: 'Не дозвониться в поликлинику' }
	], { located: false }),
	c('healthcare', 'Лекарственное обеспечение', 1.5, [
		{ text: 'Не выдают льготные лекарства в аптеке {in_place}, говорят, нет поставки {dur}.', title: 'Льготные лекарства' }
	], { located: false }),
	c('healthcare', 'Скорая помощь', 0.8, [
		{ text: 'Скорую ждали больше часа {in_place}, пожилому человеку было плохо.', title: 'Долгое ожидание скорой' }
	], { located: false }),
	c('social', 'Льготы и выплаты', 2.5, [
		{ text: 'Не пришла выплата на ребёнка за прошлый месяц, в соцзащите ничего не объясняют.', title: 'Не пришла выплата' },
		{ text: 'Как пенсионеру оформить компенсацию за коммунальные услуги? Живу {in_place}, ездить {to_centre} тяжело.', title: 'Компенсация ЖКУ' }
	], { located: false }),
	c('social', 'Многодетные семьи', 1, [
		{ text: 'Многодетная семья с 2018 года стоит в очереди на земельный участок {in_place}. Когда дадут?', title: 'Участок многодетным' }
	], { located: false }),
	c('environment', 'Пляжи и побережье', 2, [
		{ text: 'Пляж {in_place} завален мусором, урн нет, туалеты закрыты.', title: 'Мусор на пляже', coast: true },
		{ text: 'На пляже {in_place} сливают стоки прямо в море, стоит запах.', title: 'Сброс стоков в море', urgent: 0.1, coast: true },
		{ text: 'Незаконные лежаки и шатры заняли весь пляж {in_place}, к морю не пройти.', title: 'Захват пляжа', coast: true }
	], { located: false, season: 'summer' }),
	c('environment', 'Загрязнение', 2, [
		{ text: 'Плёнка нефтепродуктов {on_river}, запах у моста.', title: 'Загрязнение реки', urgent: 0.1 },
		{ text: 'Сильный запах от НПЗ ночью, {in_place} дышать невозможно.', title: 'Запах от НПЗ', coast: true },
		{ text: '{into_river_cap} сбрасывают отходы, вода мутная, рыба гибнет.', title: 'Сброс отходов в реку' }
	], { located: false }),
	c('environment', 'Вырубка', 0.8, [
		{ text: 'Вырубают лес на склоне {in_place}. Есть ли разрешение? Склон поползёт.', title: 'Вырубка леса' }
	], { located: false }),
	c('safety', 'Общественный порядок', 1.5, [
		{ text: 'Шумные компании по ночам {where}, музыка до трёх часов.', title: 'Нарушение тишины' },
		{ text: 'В магазине {where} продают алкоголь несовершеннолетним.', title: 'Продажа алкоголя детям' }
	]),
	c('safety', 'Паводки и ЧС', 1, [
		{ text: 'После ливня размыло берег реки {in_place}, дома под угрозой.', title: 'Размыв берега', urgent: 0.4 },
		{ text: 'Оползень {where}, трещина поперёк дороги растёт с каждым днём.', title: 'Оползень', urgent: 0.3 }
	]),
	c('safety', 'Пожарная безопасность', 0.8, [
		{ text: 'Горит сухая трава {where}, огонь идёт к домам.', title: 'Пал травы', urgent: 0.5 },
		{ text: 'Пожарные проезды {where} заставлены машинами, пожарная машина не проедет.', title: 'Заставлены проезды' }
	]),
	c('culture_sport_youth', 'Учреждения культуры', 1, [
		{ text: 'Дом культуры {in_place} закрыт {dur}, кружков для детей нет.', title: 'Закрыт дом культуры' }
	], { located: false }),
	c('culture_sport_youth', 'Спортобъекты', 1.5, [
		{ text: 'Спортплощадка {where} разрушена, покрытие порвано, ворота сломаны.', title: 'Разрушена спортплощадка' },
		{ text: 'Просим установить уличные тренажёры {in_place}, молодёжи негде заниматься.', title: 'Уличные тренажёры' }
	]),
	c('communications_digital', 'Связь и интернет', 1.5, [
		{ text: '{in_place_cap} нет мобильной связи и интернета, невозможно даже вызвать скорую.', title: 'Нет мобильной связи' }
	], { located: false }),
	c('economy_trade_agri', 'Нестационарная торговля', 0.8, [
		{ text: 'Незаконная торговля с машин {where}, антисанитария, мусор остаётся на тротуаре.', title: 'Незаконная торговля' }
	]),
	c('land_property_construction', 'Земельные участки', 0.8, [
		{ text: 'Соседи захватили муниципальную землю {where} и поставили забор поперёк проезда.', title: 'Захват земли' }
	]),
	c('land_property_construction', 'Самовольное строительство', 0.7, [
		{ text: 'Ведётся самовольное строительство {where}: строят гостиницу без разрешения.', title: 'Самовольная стройка' }
	]),
	c('governance', 'Приём граждан', 0.5, [
		{ text: 'Не могу попасть на приём к главе поселения {in_place}, запись закрыта.', title: 'Приём у главы' }
	], { located: false })
];

/** The categories the demo uses, with their topic groups (org-structure.md §4). */
export const DEMO_CATEGORIES: ReadonlyArray<{ name: string; group: TopicGroup }> = CATEGORIES.map(({ name, group }) => ({ name, group }));

function seasonFactor(season: Season, month: number): number {
	switch (season) {
		case 'all':
			return 1;
		case 'heating':
			return [1, 1, 1, 0.6, 0.1, 0.02, 0.02, 0.02, 0.1, 0.6, 1, 1][month - 1]!;
		case 'summer':
			return [0.05, 0.05, 0.05, 0.15, 0.5, 1, 1, 1, 0.5, 0.15, 0.05, 0.05][month - 1]!;
		case 'winter':
			return [1, 1, 0.3, 0.05, 0.02, 0.02, 0.02, 0.02, 0.02, 0.05, 0.3, 1][month - 1]!;
	}
}

interface BurstScenario {
	category: string;
	season: Season;
	/** relative frequency among bursts */
	weight: number;
	texts: string[];
	title: string;
	urgent?: number;
}

const BURSTS: BurstScenario[] = [
	{
		category: 'Водоснабжение',
		season: 'all',
		weight: 4,
		title: 'Нет воды',
		texts: [
			'Нет воды {since}, {where}. Что случилось?',
			'{in_place_cap} опять без воды! Когда дадут?',
			'Воды нет {where}, никто ничего не объявлял.',
			'Сколько можно, {in_place} снова нет воды. Дети, старики, а мы сидим с сухими кранами.',
			'Подскажите, когда будет вода {in_place}? {since_cap} сухие краны.',
			'Нет воды {where}. Водоканал трубку не берёт.'
		]
	},
	{
		category: 'Электроснабжение',
		season: 'all',
		weight: 3,
		title: 'Нет света',
		texts: [
			'Пропал свет {where} {since}.',
			'{in_place_cap} нет электричества {since}. Когда включат?',
			'Опять отключение света {in_place}, холодильники размораживаются.',
			'Света нет {where}, сетевая компания не отвечает.'
		]
	},
	{
		category: 'Отопление',
		season: 'heating',
		weight: 3,
		title: 'Нет отопления',
		texts: [
			'Батареи холодные {since}, {where}.',
			'{in_place_cap} отключили отопление, в квартирах холодно.',
			'Нет тепла {where}! Что с котельной?',
			'Отопления нет {since}, дети мёрзнут. {where_cap}.'
		]
	},
	{
		category: 'Вывоз ТКО',
		season: 'all',
		weight: 2,
		title: 'Не вывозят мусор',
		texts: [
			'Мусор не вывозят {dur}, {where}.',
			'{in_place_cap} мусорные баки переполнены, вокруг горы пакетов.',
			'Когда вывезут мусор {in_place}? Вонь на весь квартал.'
		]
	},
	{
		category: 'Ливнёвая канализация',
		season: 'all',
		weight: 1.5,
		title: 'Подтопление после ливня',
		urgent: 0.15,
		texts: [
			'После ливня затопило улицу {where}, вода заходит во дворы.',
			'{in_place_cap} снова потоп, ливнёвка не справляется.',
			'Вода по колено {where}, машины глохнут.'
		]
	},
	{
		category: 'Маршруты и расписание',
		season: 'all',
		weight: 1,
		title: 'Не вышел автобус',
		texts: [
			'Сегодня не вышел автобус {route}, {in_place} люди стоят на остановке больше часа.',
			'Где автобус {route}? Опаздываем на работу.',
			'Автобус {route} опять не пришёл, {in_place} никто ничего не объясняет.'
		]
	},
	{
		category: 'Загрязнение',
		season: 'all',
		weight: 1,
		title: 'Запах нефтепродуктов',
		texts: [
			'Сильный запах нефтепродуктов {in_place}, дышать нечем.',
			'Что за вонь {in_place}? Окна не открыть.',
			'{in_place_cap} стоит запах мазута, у детей болит голова.'
		]
	}
];

// ---------------------------------------------------------------------------------------------------------
// places, streets, people

const TUAPSE_STREETS = [
	'ул. Карла Маркса', 'ул. Горького', 'ул. Ленина', 'ул. Таманская', 'Новороссийское шоссе', 'ул. Звёздная',
	'ул. Полетаева', 'ул. Фрунзе', 'ул. Сочинская', 'ул. Калараша', 'ул. Кронштадтская', 'ул. Армавирская',
	'ул. Маяковского', 'ул. Шаумяна', 'ул. Судоремонтников', 'ул. Гагарина', 'ул. Мира', 'ул. Богдана Хмельницкого',
	'ул. Морская', 'ул. Кирова', 'ул. Свободы', 'ул. Солнечная', 'ул. Комсомольская', 'ул. Пушкина',
	'ул. Софьи Перовской', 'ул. Володарского', 'ул. Чапаева', 'ул. Бондаренко', 'пер. Рабочий', 'ул. Красной Армии'
];
const RESORT_STREETS = ['ул. Новая', 'ул. Морская', 'ул. Черноморская', 'ул. Курортная', 'ул. Мира', 'ул. Советская', 'ул. Ленина', 'ул. Парковая', 'ул. Приморская', 'ул. Набережная'];
/** a town's streets anywhere in Russia: for another municipality's towns, which have none of Tuapse's */
const TOWN_STREETS = [
	'ул. Ленина', 'ул. Советская', 'ул. Мира', 'ул. Горького', 'ул. Гагарина', 'ул. Кирова', 'ул. Пушкина',
	'ул. Комсомольская', 'ул. Молодёжная', 'ул. Садовая', 'ул. Строителей', 'ул. Победы', 'ул. Октябрьская',
	'ул. Суворова', 'ул. Чапаева', 'ул. Лесная', 'ул. Шахтёров', 'пер. Рабочий'
];
const VILLAGE_STREETS = [
	'ул. Школьная', 'ул. Новая', 'ул. Центральная', 'ул. Садовая', 'ул. Мира', 'ул. Советская', 'ул. Лесная',
	'ул. Речная', 'ул. Горная', 'ул. Молодёжная', 'ул. Партизанская', 'ул. Заречная', 'пер. Школьный', 'ул. Шоссейная'
];

const TYPE_ABBR: Readonly<Record<string, string>> = { город: 'г.', пгт: 'пгт', село: 'с.', посёлок: 'пос.', аул: 'а.', хутор: 'х.', станица: 'ст.' };

/** locative forms «в Шепси» for the district's places; unknown places fall back to «в с. Имя» */
const PLACE_LOCATIVE: Readonly<Record<string, string>> = {
	tuapse: 'в Туапсе', dzhubga: 'в Джубге', moldovanovka: 'в Молдовановке', novomikhaylovskiy: 'в Новомихайловском',
	olginka: 'в Ольгинке', plyakho: 'в Пляхо', psebe: 'в Псебе', tenginka: 'в Тенгинке', lermontovo: 'в Лермонтово',
	defanovka: 'в Дефановке', nebug: 'в Небуге', agoy: 'в Агое', 'aguy-shapsug': 'в ауле Агуй-Шапсуг', tsypka: 'в Цыпке',
	grecheskiy: 'в посёлке Греческий', krasnoe: 'в селе Красное', messazhay: 'в Мессажае', prigorodnyy: 'в посёлке Пригородный',
	kroyanskoe: 'в Кроянском', georgievskoe: 'в Георгиевском', kirpichnoe: 'в Кирпичном', krivenkovskoe: 'в Кривенковском',
	'ostrovskaya-shchel': 'в Островской Щели', 'bolshoe-pseushko': 'в Большом Псеушко', shaumyan: 'в Шаумяне',
	sadovoe: 'в Садовом', goytkh: 'в Гойтхе', terziyan: 'в Терзияне', oktyabrskiy: 'в посёлке Октябрьский',
	gunayka: 'в Гунайке', shepsi: 'в Шепси', dederkoy: 'в Дедеркое'
};
/** the Tuapse district's rivers by place id; other municipalities' places share ids by name, not rivers */
const TUAPSE_RIVERS: Readonly<Record<string, string>> = {
	tuapse: 'Туапсе', dzhubga: 'Джубга', nebug: 'Небуг', agoy: 'Агой', shepsi: 'Шепси', olginka: 'Тешебс',
	novomikhaylovskiy: 'Нечепсухо', tenginka: 'Шапсухо', lermontovo: 'Шапсухо', georgievskoe: 'Пшенахо', kirpichnoe: 'Туапсе'
};
const CITY_ROUTES = ['№ 1', '№ 2', '№ 3', '№ 4', '№ 5', '№ 7', '№ 9', '№ 11', '№ 16'];
const SUBURBAN_ROUTES = ['№ 101', '№ 102', '№ 105', '№ 108', '№ 113', '№ 126', '№ 131', '№ 135', '№ 140', '№ 155'];
/** {centre}: the name of the municipality's centre */
const MANAGING_COMPANIES = ['«Прибой»', '«Наш дом»', '«Жилсервис-{centre}»', '«Комфорт»', '«Горизонт»', '«Южный дом»', '«Уютный город»'];
const DURATIONS = ['третий день', 'вторые сутки', 'с утра', 'уже неделю', 'со вчерашнего вечера', 'пятый день', 'больше суток', 'второй день'];
const SINCE = ['с 7 утра', 'с ночи', 'со вчерашнего дня', 'с обеда', 'с 6 часов утра', 'с самого утра'];
const TIMES = ['сегодня утром', 'вчера вечером', 'ночью', 'сегодня в обед', 'вчера'];

const MALE_NAMES = ['Александр', 'Сергей', 'Андрей', 'Дмитрий', 'Алексей', 'Игорь', 'Владимир', 'Николай', 'Артём', 'Максим', 'Виктор', 'Олег', 'Павел', 'Роман', 'Армен', 'Ашот', 'Руслан', 'Евгений', 'Георгий', 'Михаил'];
const FEMALE_NAMES = ['Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Марина', 'Анна', 'Юлия', 'Екатерина', 'Людмила', 'Галина', 'Валентина', 'Анастасия', 'Карина', 'Оксана', 'Лариса', 'Нина'];
/** male forms; feminine forms are derived */
const SURNAMES = [
	'Кравченко', 'Петренко', 'Соколов', 'Морозов', 'Волков', 'Лебедев', 'Козлов', 'Новиков', 'Захаров', 'Белов',
	'Ткаченко', 'Мельников', 'Гончаров', 'Осипов', 'Саркисян', 'Аветисян', 'Погосян', 'Шевченко', 'Зайцев',
	'Сидоренко', 'Бондаренко', 'Демченко', 'Лысенко', 'Поляков', 'Киселёв', 'Тарасов', 'Ершов', 'Голубев', 'Фомин',
	'Калинин', 'Жуков', 'Назаров', 'Карапетян', 'Абрамов', 'Гладков', 'Рябов', 'Ковальчук', 'Мартынюк', 'Полянский'
];
const PATRONYMICS: ReadonlyArray<readonly [string, string]> = [
	['Александрович', 'Александровна'], ['Сергеевич', 'Сергеевна'], ['Викторович', 'Викторовна'], ['Николаевич', 'Николаевна'],
	['Владимирович', 'Владимировна'], ['Иванович', 'Ивановна'], ['Петрович', 'Петровна'], ['Юрьевич', 'Юрьевна'],
	['Анатольевич', 'Анатольевна'], ['Геннадьевич', 'Геннадьевна'], ['Ашотович', 'Ашотовна'], ['Михайлович', 'Михайловна']
];
const PHONE_CODES = ['918', '928', '988', '989', '900', '961', '962', '938', '952', '953'];
const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'list.ru', 'inbox.ru', 'rambler.ru'];

const TRANSLIT: Readonly<Record<string, string>> = {
	а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
	н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
	ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya'
};
const translit = (s: string) => [...s.toLowerCase()].map((ch) => TRANSLIT[ch] ?? ch).join('');

function feminine(surname: string): string {
	if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
	if (surname.endsWith('ский')) return `${surname.slice(0, -4)}ская`;
	return surname; // -енко, -ян, -ук, -юк do not change
}

interface Person {
	first: string;
	last: string;
	patronymic: string;
	phone: string;
	email: string;
}

function person(rng: Rng): Person {
	const female = rng.chance(0.58); // women write more of these
	const first = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
	const base = rng.pick(SURNAMES);
	const last = female ? feminine(base) : base;
	const [m, f] = rng.pick(PATRONYMICS);
	const phone = `+7 ${rng.pick(PHONE_CODES)} ${rng.int(100, 999)}-${pad2(rng.int(0, 99))}-${pad2(rng.int(0, 99))}`;
	const local = rng.chance(0.5)
		? `${translit(first)}.${translit(last)}`
		: `${translit(last)}${rng.chance(0.5) ? rng.int(60, 99) : rng.int(1, 999)}`;
	return { first, last, patronymic: female ? f : m, phone, email: `${local}@${rng.pick(MAIL_DOMAINS)}` };
}

function phoneInText(rng: Rng, phone: string): string {
	const digits = phone.replace(/\D/g, '').slice(1);
	const code = digits.slice(0, 3);
	const rest = digits.slice(3);
	return rng.pick([
		phone,
		`8 (${code}) ${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`,
		`8${digits}`,
		`+7${digits}`,
		`8-${code}-${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`
	]);
}

// ---------------------------------------------------------------------------------------------------------
// geometry

interface Place {
	id: string;
	name: string;
	type: string;
	settlementId: string;
	lon: number;
	lat: number;
	population: number;
	/** standard deviation of the scatter around the centre, metres */
	spreadM: number;
}

interface Settlement {
	id: string;
	name: string;
	polygons: Ring[][];
}

const M_PER_DEG_LAT = 111_320;

function offsetPoint(lon: number, lat: number, eastM: number, northM: number): [number, number] {
	return [lon + eastM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)), lat + northM / M_PER_DEG_LAT];
}

function inRing(lon: number, lat: number, ring: Ring): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i] as [number, number];
		const [xj, yj] = ring[j] as [number, number];
		if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** Point in (Multi)Polygon with holes. */
export function pointInPolygons(lon: number, lat: number, polygons: Ring[][]): boolean {
	return polygons.some((rings) => rings.length > 0 && inRing(lon, lat, rings[0]!) && !rings.slice(1).some((h) => inRing(lon, lat, h)));
}

/** coastal anchors; 225° from them is open sea */
const SEA_ANCHORS: ReadonlyArray<readonly [number, number]> = [
	[38.7003, 44.3183], [38.8503, 44.2525], [38.893, 44.205], [39.003, 44.172], [39.0772, 44.1044], [39.148, 44.04]
];

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// ---------------------------------------------------------------------------------------------------------
// time formatting

const pad2 = (n: number) => String(n).padStart(2, '0');

function isoWithOffset(ms: number, offsetMinutes: number): string {
	const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function hourKey(hourIndex: number): string {
	const d = new Date(hourIndex * HOUR_MS).toISOString(); // 2025-06-12T09:00:00.000Z
	return `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}T${d.slice(11, 13)}`;
}

// ---------------------------------------------------------------------------------------------------------
// the feed

interface Forced {
	scenario: BurstScenario;
	place: Place;
	streets: string[];
	centre: [number, number];
	route: string;
	channelMix: Weighted<Channel>;
}

const BURST_PROBABILITY_AT_30_PER_HOUR = 0.05;
const BURST_MINUTES = 30;
const BURST_SIZE: readonly [number, number] = [10, 40];
const ANOMALY_SHARE = 0.007;
const ID_PREFIX = 'sim';

/**
 * The district's centre: its most populous place. An import's places are admin centres without a population
 * of their own (and municipality.json's centre is the middle of the bbox), so theirs is their settlement's.
 */
function centrePlace(places: Place[], features: PlaceFeature[], settlements: SettlementFeature[]): Place {
	const settlementPopulation = new Map(settlements.map((f) => [f.properties.id, f.properties.population ?? 0]));
	const population = new Map(features.map((f) => [f.properties.id, f.properties.population ?? settlementPopulation.get(f.properties.settlement_id) ?? 0]));
	return places.reduce((best, p) => ((population.get(p.id) ?? 0) > (population.get(best.id) ?? 0) ? p : best));
}

function features<F>(c: Collection<F>): F[] {
	return Array.isArray(c) ? c : c.features;
}

export function createFeed(options: FeedOptions): Feed {
	const seedInt = seedToInt(options.seed);
	const seedTag = seedInt.toString(36);
	const zone = options.municipality?.timeZone;
	const offset = options.utcOffsetMinutes ?? (zone ? utcOffsetMinutes(zone, new Date()) : MOSCOW_OFFSET_MINUTES);

	const settlements = new Map<string, Settlement>();
	for (const f of features(options.settlements)) {
		const g = f.geometry;
		settlements.set(f.properties.id, {
			id: f.properties.id,
			name: f.properties.name_ru,
			polygons: g.type === 'Polygon' ? [g.coordinates] : g.coordinates
		});
	}
	const places: Place[] = features(options.places).map((f) => {
		const p = f.properties;
		const population = Math.max(p.population ?? 0, 50);
		return {
			id: p.id,
			name: p.name_ru,
			type: p.type_ru ?? '',
			settlementId: p.settlement_id,
			lon: Number(f.geometry.coordinates[0]),
			lat: Number(f.geometry.coordinates[1]),
			population,
			// a town of 60k spreads over kilometres, a village over a few hundred metres
			spreadM: Math.min(1400, Math.max(200, 6 * Math.sqrt(population)))
		};
	});
	if (places.length === 0) throw new Error('the feed needs at least one place');
	const municipality = options.municipality;
	const centre = centrePlace(places, features(options.places), features(options.settlements));
	const rivers = municipality?.id === 'tuapse' ? TUAPSE_RIVERS : {};
	const managingCompanies = MANAGING_COMPANIES.map((name) => name.replace('{centre}', centre.name));

	const placeByPopulation = new Weighted(places.map((p) => [p, p.population] as const));
	// bursts hit villages more often than their size says: an outage in Шепси is as loud as one in Туапсе
	const placeForBurst = new Weighted(places.map((p) => [p, Math.sqrt(p.population)] as const));
	const channelMix = new Weighted(Object.entries(CHANNEL_MIX) as Array<[Channel, number]>);
	const burstChannelMix = new Weighted(BURST_CHANNEL_MIX);
	const sources = Object.fromEntries(
		Object.entries(SOURCES).map(([ch, list]) => [ch, new Weighted(list)])
	) as Record<Channel, Weighted<string>>;
	// the shipped district keeps its sea, its refinery and its streets; another municipality gets none of them
	const shipped = (options.municipality?.id ?? SHIPPED_DISTRICT) === SHIPPED_DISTRICT;
	const categories = shipped
		? CATEGORIES
		: CATEGORIES.map((cat) => ({ ...cat, templates: cat.templates.filter((t) => !t.coast) })).filter((cat) => cat.templates.length > 0);
	const categoriesByMonth = Array.from({ length: 12 }, (_, m) =>
		new Weighted(categories.map((cat) => [cat, cat.weight * seasonFactor(cat.season, m + 1)] as const))
	);
	const burstsByMonth = Array.from({ length: 12 }, (_, m) =>
		new Weighted(BURSTS.map((b) => [b, b.weight * seasonFactor(b.season, m + 1)] as const))
	);
	const localMonth = (ms: number) => new Date(ms + offset * 60_000).getUTCMonth();

	function streetsFor(place: Place): string[] {
		if (place.type === 'город') return shipped ? TUAPSE_STREETS : TOWN_STREETS;
		if (place.type === 'пгт') return shipped ? RESORT_STREETS : TOWN_STREETS;
		return VILLAGE_STREETS;
	}
	const locative = (place: Place) => PLACE_LOCATIVE[place.id] ?? `в ${TYPE_ABBR[place.type] ?? ''} ${place.name}`.replace(/\s+/g, ' ');
	const streetLocative = (street: string) => {
		if (street.endsWith('шоссе')) return `на ${street.replace(/ое шоссе$/, 'ом шоссе')}`;
		if (street.startsWith('пер.') || street.startsWith('мкр.')) return `в ${street}`;
		return `на ${street}`;
	};

	function scatter(rng: Rng, place: Place, around: [number, number] | null, spreadM: number): [number, number] {
		const settlement = settlements.get(place.settlementId);
		const [lon0, lat0] = around ?? [place.lon, place.lat];
		for (let attempt = 0; attempt < 8; attempt++) {
			const [lon, lat] = offsetPoint(lon0, lat0, rng.normal() * spreadM, rng.normal() * spreadM);
			if (!settlement || pointInPolygons(lon, lat, settlement.polygons)) return [lon, lat];
		}
		return [lon0, lat0];
	}

	function anomalousPoint(rng: Rng): [number, number] {
		if (rng.chance(0.6)) {
			const [lon, lat] = rng.pick(SEA_ANCHORS);
			const distM = rng.int(3000, 9000);
			const bearing = ((200 + rng.float() * 50) * Math.PI) / 180;
			return offsetPoint(lon, lat, Math.sin(bearing) * distM, Math.cos(bearing) * distM);
		}
		// the mountains beyond the district's eastern edge
		return [39.53 + rng.float() * 0.1, 44.2 + rng.float() * 0.3];
	}

	function formatAddress(rng: Rng, place: Place, street: string, house: string, flat: boolean): string {
		const abbr = TYPE_ABBR[place.type] ?? '';
		const flatPart = flat ? `, кв. ${rng.int(1, 120)}` : '';
		const streetHouse = rng.chance(0.25) ? `${street} ${house}` : rng.chance(0.3) ? `${street}, д. ${house}` : `${street}, ${house}`;
		if (place.type === 'город' && rng.chance(0.25)) return `${streetHouse}${flatPart}`;
		const district = rng.chance(0.1) && municipality ? `${municipality.name}, ` : '';
		const placeName = place.type === 'город' && rng.chance(0.3) ? place.name : `${abbr} ${place.name}`;
		return `${district}${placeName}, ${streetHouse}${flatPart}`;
	}

	function houseNumber(rng: Rng, place: Place): string {
		const n = place.type === 'город' ? rng.int(1, 140) : rng.int(1, 60);
		const r = rng.float();
		if (r < 0.08) return `${n}А`;
		if (r < 0.12) return `${n}Б`;
		if (r < 0.17) return `${n}/${rng.int(1, 4)}`;
		if (r < 0.2) return `${n} корп. ${rng.int(1, 3)}`;
		return String(n);
	}

	/** builds one incident; every random choice is drawn from `rng`, so the item is a function of its seed */
	function build(rng: Rng, ms: number, externalId: string, forced: Forced | null): IncidentInput {
		const channel = (forced?.channelMix ?? channelMix).pick(rng);
		const source = sources[channel].pick(rng);
		const place = forced?.place ?? placeByPopulation.pick(rng);
		const month = localMonth(ms);
		const spec = forced ? null : categoriesByMonth[month]!.pick(rng);
		const template = spec ? rng.pick(spec.templates) : null;
		const located = spec ? spec.located : true;

		const street = rng.pick(forced?.streets ?? streetsFor(place));
		const house = houseNumber(rng, place);
		const hasAddress = rng.chance(located ? 0.68 : 0.4);
		const address = hasAddress ? formatAddress(rng, place, street, house, channel === 'appeal_59fz' && rng.chance(0.6)) : undefined;

		let where: string;
		if (address) {
			where = rng.chance(0.5) ? `по адресу: ${address}` : `${streetLocative(street)}, ${house}${place.type === 'город' ? '' : ` ${locative(place)}`}`;
		} else if (rng.chance(0.45)) {
			where = `${streetLocative(street)} ${locative(place)}`;
		} else {
			where = locative(place);
		}
		const inPlace = locative(place);
		const river = rivers[place.id];
		const atCentre = place.id === centre.id;
		const slots: Record<string, string> = {
			where,
			where_cap: capitalise(where),
			in_place: inPlace,
			in_place_cap: capitalise(inPlace),
			dur: rng.pick(DURATIONS),
			since: rng.pick(SINCE),
			since_cap: capitalise(rng.pick(SINCE)),
			time: rng.pick(TIMES),
			n: String(place.type === 'город' ? rng.int(1, 10) : rng.int(11, 40)),
			route: forced?.route ?? rng.pick(place.type === 'город' ? CITY_ROUTES : SUBURBAN_ROUTES),
			uk: rng.pick(managingCompanies),
			on_river: river ? `на реке ${river}` : `на речке ${inPlace}`,
			into_river_cap: river ? `В реку ${river}` : `В речку ${inPlace}`,
			nearest_help: atCentre ? 'только в районной больнице' : locative(centre),
			// «в г. Таштагол» reads right after a verb of motion, where «в Таштаголе» would not
			to_centre: atCentre ? 'в соцзащиту' : `в ${TYPE_ABBR[centre.type] ?? ''} ${centre.name}`.replace(/\s+/g, ' ')
		};
		const body = render(forced ? rng.pick(forced.scenario.texts) : template!.text, slots);

		const author = person(rng);
		const text = compose(rng, channel, body, author);

		const input: IncidentInput = {
			source,
			externalId,
			channel,
			text,
			receivedAt: isoWithOffset(ms, offset)
		};
		const titleShare = channel === 'pos' || channel === 'regional' ? 0.9 : channel === 'appeal_59fz' ? 0.5 : 0.1;
		if (rng.chance(titleShare)) input.title = forced ? forced.scenario.title : template!.title;
		const categoryShare = channel === 'im' || channel === 'head_social' ? 0.8 : 0.92;
		if (rng.chance(forced ? 0.95 : categoryShare)) input.category = forced ? forced.scenario.category : spec!.name;
		if (address) input.address = address;

		const anomaly = rng.chance(ANOMALY_SHARE);
		const coordinatesShare = located ? (address ? 0.8 : 0.75) : 0.45;
		if (anomaly || rng.chance(coordinatesShare)) {
			const [lon, lat] = anomaly
				? anomalousPoint(rng)
				: forced
					? scatter(rng, place, forced.centre, 150)
					: scatter(rng, place, null, place.spreadM);
			input.lat = round6(lat);
			input.lon = round6(lon);
		}
		if (rng.chance(0.25)) {
			const s = settlements.get(place.settlementId);
			if (s) input.settlement = s.name;
		}
		const urgentP = forced ? (forced.scenario.urgent ?? 0) : (template!.urgent ?? 0) * 0.7 + 0.002;
		if (rng.chance(urgentP)) input.urgent = true;
		if (channel === 'pos' && rng.chance(0.8)) input.dueAt = platformDeadline(ms, rng.int(5, 10));
		const a = authorFor(rng, channel, author);
		if (a) input.author = a;
		return input;
	}

	function platformDeadline(ms: number, days: number): string {
		const localDay = Math.floor((ms + offset * 60_000) / DAY_MS) + days;
		const dow = (((localDay + 4) % 7) + 7) % 7;
		const shift = dow === 6 ? 2 : dow === 0 ? 1 : 0; // the platform does not set deadlines on a weekend
		const dueLocalMs = (localDay + shift) * DAY_MS + 17 * HOUR_MS;
		return isoWithOffset(dueLocalMs - offset * 60_000, offset);
	}

	function makeForced(rng: Rng, month: number): Forced {
		const scenario = burstsByMonth[month]!.pick(rng);
		const place = placeForBurst.pick(rng);
		const all = streetsFor(place);
		const first = rng.pick(all);
		const second = rng.pick(all);
		const centre = scatter(rng, place, null, place.spreadM * 0.6);
		return {
			scenario,
			place,
			streets: first === second ? [first] : [first, first, second],
			centre,
			route: rng.pick(place.type === 'город' ? CITY_ROUTES : SUBURBAN_ROUTES),
			channelMix: burstChannelMix
		};
	}

	/** the items of one UTC hour and one speed layer that fall in [fromMs, toMs); only those are built */
	function hourLayer(hourIndex: number, layer: number, keep: number, fromMs: number, toMs: number): TimedIncident[] {
		const out: TimedIncident[] = [];
		const key = hourKey(hourIndex);
		const startMs = hourIndex * HOUR_MS;
		const arrivals = new Rng(hash32(seedInt, hourIndex, layer, 1));
		let t = 0;
		for (let i = 0; ; i++) {
			t += -Math.log(1 - arrivals.float()) / LAMBDA_MAX_PER_HOUR;
			if (t >= 1) break;
			const accept = arrivals.float();
			const thin = arrivals.float();
			const ms = startMs + Math.floor((t * HOUR_MS) / 1000) * 1000;
			if (accept >= rateAt(ms, offset) / LAMBDA_MAX_PER_HOUR || thin >= keep || ms < fromMs || ms >= toMs) continue;
			const rng = new Rng(hash32(seedInt, hourIndex, layer, 2, i));
			out.push({ at: ms, input: build(rng, ms, `${ID_PREFIX}${seedTag}-${key}-${layer}-${i}`, null), burst: false });
		}

		const b = new Rng(hash32(seedInt, hourIndex, layer, 3));
		const p = (BURST_PROBABILITY_AT_30_PER_HOUR * rateAt(startMs + HOUR_MS / 2, offset)) / 30;
		const happens = b.float() < p;
		const thin = b.float();
		if (happens && thin < keep) {
			const forced = makeForced(b, localMonth(startMs));
			const burstStart = startMs + b.float() * HOUR_MS;
			const size = b.int(BURST_SIZE[0], BURST_SIZE[1]);
			for (let j = 0; j < size; j++) {
				// reports crowd right after the outage starts, then thin out
				const ms = Math.floor((burstStart + b.float() ** 1.5 * BURST_MINUTES * 60_000) / 1000) * 1000;
				if (ms < fromMs || ms >= toMs) continue;
				const rng = new Rng(hash32(seedInt, hourIndex, layer, 4, j));
				out.push({ at: ms, input: build(rng, ms, `${ID_PREFIX}${seedTag}-${key}-${layer}-b${j}`, forced), burst: true });
			}
		}
		return out;
	}

	function timeline(from: Date, to: Date, opts: TimelineOptions = {}): TimedIncident[] {
		const speed = opts.speed ?? 1;
		if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
		const fromMs = from.getTime();
		const toMs = to.getTime();
		if (!(toMs > fromMs)) return [];
		const out: TimedIncident[] = [];
		// a burst that starts late in the previous hour spills into this one
		const firstHour = Math.floor((fromMs - BURST_MINUTES * 60_000) / HOUR_MS);
		const lastHour = Math.floor((toMs - 1) / HOUR_MS);
		const layers = Math.ceil(speed);
		for (let h = firstHour; h <= lastHour; h++) {
			for (let k = 0; k < layers; k++) {
				out.push(...hourLayer(h, k, Math.min(1, speed - k), fromMs, toMs));
			}
		}
		return out.sort((x, y) => x.at - y.at || (x.input.externalId < y.input.externalId ? -1 : 1));
	}

	let counter = 0;
	return {
		next(at: Date): IncidentInput {
			const n = counter++;
			const ms = Math.floor(at.getTime() / 1000) * 1000;
			const rng = new Rng(hash32(seedInt, 0x6e657874, n));
			return build(rng, ms, `${ID_PREFIX}${seedTag}-n${ms.toString(36)}-${n}`, null);
		},
		between: (from, to, opts) => timeline(from, to, opts).map((t) => t.input),
		timeline,
		rateAt: (at) => rateAt(at, offset)
	};
}

/** Every incident of the seeded timeline with receivedAt in [from, to), oldest first. */
export function generateHistory(options: FeedOptions & TimelineOptions & { from: Date; to: Date }): IncidentInput[] {
	return createFeed(options).between(options.from, options.to, { speed: options.speed });
}

// ---------------------------------------------------------------------------------------------------------
// text

function render(template: string, slots: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (m, name: string) => slots[name] ?? m);
}

function decapitalise(s: string): string {
	// keep abbreviations («УК», «ФАП») and names as they are
	return /^[А-ЯЁ]([а-яё]|\s)/.test(s) && !/^(Туапс|Джубг|Шепси|Небуг|Агой)/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

const OPENERS: Readonly<Record<Channel, string[]>> = {
	pos: ['', '', '', 'Здравствуйте.', 'Добрый день!'],
	im: ['', '', '', 'Доброе утро.', 'Сколько можно?!', 'Администрация, обратите внимание!', 'Опять двадцать пять.'],
	regional: ['', '', 'Здравствуйте!'],
	head_social: ['Уважаемый глава!', 'Глава района, помогите!', 'Здравствуйте!', 'Добрый вечер.', ''],
	appeal_59fz: ['Уважаемый глава муниципального образования!', 'Уважаемая администрация!', 'Прошу рассмотреть моё обращение.'],
	manual: ['Звонок на телефон МЦУ:', 'Поступило по телефону:', 'Личное обращение на приёме:', 'Из мессенджера МЦУ:', 'Сообщение старосты:']
};
const CLOSERS: Readonly<Record<Channel, string[]>> = {
	pos: ['', '', 'Прошу принять меры.', 'Просьба разобраться.', 'Жду ответа.', 'Прошу сообщить сроки устранения.'],
	im: ['', '', '', 'Когда это закончится?', 'Позор!', 'Отпишитесь, кто знает, что случилось.', 'Администрация, ау!'],
	regional: ['', 'Прошу принять меры.', 'Ждём решения.'],
	head_social: ['Надеемся на вашу помощь.', 'Помогите, пожалуйста!', 'В поселение обращались — бесполезно.', ''],
	appeal_59fz: [
		'Прошу принять меры и дать письменный ответ в установленный законом срок.',
		'Прошу провести проверку и сообщить о принятых мерах.',
		'Ответ прошу направить по электронной почте.'
	],
	manual: ['', '', 'Заявитель просит перезвонить.', 'Обращение повторное.']
};

/** opener + complaint + closer, and sometimes the writer's own phone, e-mail or name, as real citizens do */
function compose(rng: Rng, channel: Channel, body: string, who: Person): string {
	const opener = rng.pick(OPENERS[channel]);
	const closer = rng.pick(CLOSERS[channel]);
	const main = opener.endsWith(':') ? decapitalise(capitalise(body)) : capitalise(body);
	const parts = [opener, main, closer];
	const piiShare = channel === 'appeal_59fz' ? 0.3 : channel === 'manual' ? 0.25 : 0.08;
	if (rng.chance(piiShare)) {
		const r = rng.float();
		if (r < 0.4) parts.push(`Мой телефон ${phoneInText(rng, who.phone)}, перезвоните.`);
		else if (r < 0.6) parts.push(`Ответ прошу на почту ${who.email}.`);
		else if (r < 0.85) parts.push(`${who.last} ${who.first} ${who.patronymic}, тел. ${phoneInText(rng, who.phone)}.`);
		else parts.push(`С уважением, ${who.first} ${who.last}.`);
	}
	return parts.filter(Boolean).join(' ');
}

function authorFor(rng: Rng, channel: Channel, p: Person): IncidentInput['author'] {
	const full = `${p.last} ${p.first} ${p.patronymic}`;
	switch (channel) {
		case 'pos':
			return { name: full, ...(rng.chance(0.7) && { phone: p.phone }), ...(rng.chance(0.6) && { email: p.email }) };
		case 'appeal_59fz':
			return { name: full, ...(rng.chance(0.6) && { phone: p.phone }), email: p.email };
		case 'regional':
			return rng.chance(0.9) ? { name: `${p.first} ${p.last}`, ...(rng.chance(0.5) && { phone: p.phone }) } : undefined;
		case 'im':
			return rng.chance(0.6) ? { name: rng.chance(0.8) ? `${p.first} ${p.last}` : p.first } : undefined;
		case 'head_social':
			return { name: `${p.first} ${p.last}` };
		case 'manual':
			return rng.chance(0.85) ? { name: rng.chance(0.5) ? full : p.first, ...(rng.chance(0.7) && { phone: p.phone }) } : undefined;
	}
}
