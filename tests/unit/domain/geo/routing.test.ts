import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MunicipalitySchema, type Municipality } from '#domain/geo/municipality.schema.ts';
import { routeIncident } from '#domain/geo/routing.ts';

const raw = JSON.parse(fs.readFileSync('static/municipalities/tuapse/municipality.json', 'utf8'));
const tuapse = MunicipalitySchema.parse(raw);
const route = (category: string | null, text = '') => routeIncident({ category, text }, tuapse);

describe('Tuapse municipality data', () => {
	it('has one block per topic group of the taxonomy, with «Прочее» as the fallback', () => {
		expect(tuapse.categories.map((g) => g.block)).toEqual(tuapse.blocks.map((b) => b.id));
		expect(tuapse.blocks.find((b) => b.id === tuapse.fallbackBlock)?.name).toBe('Прочее');
	});

	it('keeps the deputy-head blocks tua_b1…b6 as owners of the thematic blocks', () => {
		expect(tuapse.blocks.find((b) => b.id === 'housing_utilities')?.owner).toBe('tua_b3_construction_housing');
		expect(tuapse.blocks.find((b) => b.id === 'roads')?.owner).toBe('tua_b5_transport_environment');
		expect(tuapse.blocks.find((b) => b.id === 'education')?.owner).toBe('tua_b2_social');
	});

	it('seeds the 20 working-group departments and the supervised ones missing from that list', () => {
		expect(tuapse.departments.filter((d) => d.workingGroupMember)).toHaveLength(20);
		const names = tuapse.departments.map((d) => d.name);
		for (const missing of ['управление образования', 'финансовое управление', 'отдел учёта и отчётности', 'отдел внутреннего финансового контроля', 'управление по развитию курортов', 'отдел муниципальных закупок']) {
			expect(names).toContain(missing);
		}
	});

	it('rejects a category that routes to a department that does not exist', () => {
		const broken = structuredClone(raw);
		broken.categories[0].departmentId = 'nobody';
		const result = MunicipalitySchema.safeParse(broken);
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]).toMatchObject({ path: ['categories', 0, 'departmentId'], message: "unknown department 'nobody'" });
	});
});

describe('routing an incident to a block and a department', () => {
	it.each([
		['Вывоз мусора', 'housing_utilities', 'housing_utilities_energy', 'waste_removal'],
		['Ямы на дороге', 'roads', 'transport_roads', 'road_repair'],
		['Отопление', 'housing_utilities', 'housing_utilities_energy', 'heating'],
		['Уличное освещение', 'improvement', 'housing_utilities_energy', 'street_lighting'],
		['Детский сад', 'education', 'education', 'kindergartens'],
		['Опека', 'social', 'guardianship_family', 'guardianship'],
		['Муниципальные закупки', 'finance_budget', 'municipal_procurement', 'procurement'],
		['Спортивная площадка', 'culture_sport_youth', 'physical_culture_sport', 'sports_facilities']
	])('routes the category «%s» to %s / %s', (category, block, departmentId, categoryId) => {
		expect(route(category)).toEqual({ block, departmentId, categoryId, via: 'category' });
	});

	it('routes a block name given as the category to the block’s default department: «ЖКХ», «Благоустройство»', () => {
		expect(route('ЖКХ')).toEqual({ block: 'housing_utilities', departmentId: 'housing_utilities_energy', categoryId: null, via: 'category' });
		expect(route('благоустройство')).toMatchObject({ block: 'improvement', via: 'category' });
	});

	it('reads ё and е alike in the category: «Аварийное жилье»', () => {
		expect(route('Аварийное жилье')).toMatchObject({ block: 'housing_utilities', categoryId: 'unsafe_housing' });
	});

	it.each([
		['Не горит фонарь у дома 5', 'improvement', 'street_lighting'],
		['Пахнет газом в подъезде', 'housing_utilities', 'gas'],
		['Автобус 101 не ходит по расписанию', 'transport', 'routes_schedule'],
		['На пляже разлив нефти', 'environment', 'pollution'],
		['Третий день нет горячей воды', 'housing_utilities', 'water_supply'],
		['Стая бездомных собак у школы', 'improvement', 'stray_animals'],
		['Не можем записаться к врачу в поликлинику', 'healthcare', 'clinics'],
		['Подтопило дома после ливня, эвакуация', 'safety', 'floods_emergencies']
	])('routes by keywords in the text when there is no category: «%s»', (text, block, categoryId) => {
		expect(route(null, text)).toMatchObject({ block, categoryId, via: 'text' });
	});

	it('uses the text when the category is unknown to the table', () => {
		expect(route('Обращение', 'Прошу убрать сугробы на тротуаре')).toMatchObject({ block: 'roads', via: 'text' });
	});

	it('leaves healthcare without a municipal department: it is regional, redirected through the ЦУР', () => {
		expect(route('Скорая помощь')).toEqual({ block: 'healthcare', departmentId: null, categoryId: 'ambulance', via: 'category' });
	});

	it('sends what nothing matches to «Прочее» with no department, for the operator to triage', () => {
		expect(route(null, 'Добрый день, спасибо за работу')).toEqual({ block: 'other', departmentId: null, categoryId: null, via: 'fallback' });
		expect(route('', '')).toEqual({ block: 'other', departmentId: null, categoryId: null, via: 'fallback' });
	});

	it('does not read «в связи с» as a complaint about mobile communications', () => {
		expect(route(null, 'В связи с отключением электричества не работает насос')).toMatchObject({ block: 'housing_utilities', categoryId: 'electricity' });
	});

	it('follows another municipality’s own table: the code knows no Russian words', () => {
		const other: Municipality = MunicipalitySchema.parse({
			...structuredClone(raw),
			id: 'elsewhere',
			blocks: [
				{ id: 'roads_transport', name: 'Дороги и транспорт', owner: null },
				{ id: 'misc', name: 'Прочее', owner: null }
			],
			owners: [],
			fallbackBlock: 'misc',
			departments: [{ id: 'roads_dept', name: 'отдел дорожного хозяйства', ownerBlock: null }],
			categories: [
				{ topicGroup: 'roads', block: 'roads_transport', departmentId: 'roads_dept', items: [{ id: 'potholes', name: 'Выбоины', keywords: ['колдобин'] }] },
				{ topicGroup: 'transport', block: 'roads_transport', departmentId: null, items: [] }
			]
		});
		expect(routeIncident({ text: 'Сплошные колдобины на въезде' }, other)).toEqual({ block: 'roads_transport', departmentId: 'roads_dept', categoryId: 'potholes', via: 'text' });
		expect(routeIncident({ text: 'Отопление не работает' }, other)).toEqual({ block: 'misc', departmentId: null, categoryId: null, via: 'fallback' });
	});
});
