import { describe, expect, it } from 'vitest';
import { abbreviateUnitName, departmentWallName } from '../../../../src/lib/domain/wall/unit-names.ts';
import { loadMunicipality } from '../../../../server/municipality/load.ts';

describe('the wall names of units', () => {
	it('abbreviates «управление», «отдел» and «сектор» at the start, capitalised', () => {
		expect(abbreviateUnitName('управление ЖКХ и ТЭК')).toBe('Упр. ЖКХ и ТЭК');
		expect(abbreviateUnitName('отдел культуры')).toBe('Отд. культуры');
		expect(abbreviateUnitName('сектор учёта')).toBe('Сект. учёта');
		expect(abbreviateUnitName('финансовое управление')).toBe('Финансовое управление');
	});

	it("takes the municipality's wall name when it gives one", () => {
		expect(departmentWallName({ name: 'отдел по работе с обращениями граждан (общественная приёмная) управления делами', wallName: 'Общественная приёмная' })).toBe(
			'Общественная приёмная'
		);
		expect(departmentWallName({ name: 'управление образования' })).toBe('Упр. образования');
	});

	it('gives every Tuapse department a wall name of at most 24 characters', () => {
		const { municipality } = loadMunicipality('static/municipalities/tuapse');
		const long = municipality.departments.map(departmentWallName).filter((n) => n.length > 24);
		expect(long).toEqual([]);
	});
});
