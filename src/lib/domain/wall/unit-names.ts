import type { Department } from '../geo/municipality.schema.ts';
import { capitalise } from '../geo/ru-text.ts';

/** «управление ЖКХ и ТЭК» → «Упр. ЖКХ и ТЭК»: the usual abbreviations of Russian unit names. */
export function abbreviateUnitName(name: string): string {
	return capitalise(name.replace(/^управление\s+/i, 'упр. ').replace(/^отдел\s+/i, 'отд. ').replace(/^сектор\s+/i, 'сект. '));
}

/**
 * A department as the wall names it: the municipality's own short name when it gives one (some names stay too long
 * for a row read across the room even abbreviated), else the abbreviated full name.
 */
export function departmentWallName(department: Pick<Department, 'name' | 'wallName'>): string {
	return department.wallName ?? abbreviateUnitName(department.name);
}
