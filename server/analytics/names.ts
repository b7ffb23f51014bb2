import type { LoadedMunicipality } from '../municipality/load.ts';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** «Шепсинское сельское поселение» → «Шепсинское»: the wall's short form. */
export function shortSettlementName(name: string): string {
	return name.replace(/\s+(городское|сельское)\s+поселение$/i, '').replace(/\s+поселение$/i, '');
}

/** «Управление ЖКХ и ТЭК» → «Упр. ЖКХ и ТЭК»: the usual abbreviations of Russian unit names, for the wall. */
export function shortDepartmentName(name: string): string {
	return capitalise(name.replace(/^управление\s+/i, 'упр. ').replace(/^отдел\s+/i, 'отд. ').replace(/^сектор\s+/i, 'сект. '));
}

/** Display names of the rated units of a kind. */
export function unitNames(m: LoadedMunicipality, kind: 'department' | 'settlement'): Map<string, string> {
	if (kind === 'department') return new Map(m.municipality.departments.map((d) => [d.id, capitalise(d.name)]));
	return new Map(m.settlements.features.map((f) => [f.properties.id, shortSettlementName(f.properties.name_ru)]));
}

export function blockNames(m: LoadedMunicipality): Map<string, string> {
	return new Map(m.municipality.blocks.map((b) => [b.id, b.name]));
}
