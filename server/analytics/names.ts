import { capitalise } from '#domain/geo/ru-text.ts';
import { departmentWallName } from '#domain/wall/unit-names.ts';
import type { LoadedMunicipality } from '../municipality/load.ts';

/** «Шепсинское сельское поселение» → «Шепсинское»: the wall's short form. */
export function shortSettlementName(name: string): string {
	return name.replace(/\s+(городское|сельское)\s+поселение$/i, '').replace(/\s+поселение$/i, '');
}

/** Display names of the rated units of a kind. */
export function unitNames(m: LoadedMunicipality, kind: 'department' | 'settlement'): Map<string, string> {
	if (kind === 'department') return new Map(m.municipality.departments.map((d) => [d.id, capitalise(d.name)]));
	return new Map(m.settlements.features.map((f) => [f.properties.id, shortSettlementName(f.properties.name_ru)]));
}

/** The wall's names of the rated units of a kind: a department's wall name, a settlement's short name. */
export function unitWallNames(m: LoadedMunicipality, kind: 'department' | 'settlement'): Map<string, string> {
	if (kind === 'department') return new Map(m.municipality.departments.map((d) => [d.id, departmentWallName(d)]));
	return unitNames(m, kind);
}

export function blockNames(m: LoadedMunicipality): Map<string, string> {
	return new Map(m.municipality.blocks.map((b) => [b.id, b.name]));
}
