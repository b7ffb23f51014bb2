/**
 * Reads a municipality folder (municipality.json, settlements.geojson, places.geojson), validates it
 * and builds the lookups. The only I/O around src/lib/domain/geo; cached per folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { createGazetteer, type Gazetteer } from '#domain/geo/gazetteer.ts';
import {
	MunicipalitySchema,
	PlaceCollectionSchema,
	SettlementCollectionSchema,
	type Municipality,
	type PlaceCollection,
	type SettlementCollection
} from '#domain/geo/municipality.schema.ts';
import { createSettlementIndex, type SettlementIndex } from '#domain/geo/settlement-index.ts';

export interface LoadedMunicipality {
	dir: string;
	municipality: Municipality;
	settlements: SettlementCollection;
	places: PlaceCollection;
	index: SettlementIndex;
	gazetteer: Gazetteer;
}

export class MunicipalityLoadError extends Error {
	constructor(
		readonly file: string,
		readonly issues: { path: (string | number)[]; message: string }[]
	) {
		const lines = issues.slice(0, 20).map((i) => `  ${i.path.length ? formatPath(i.path) : '(file)'}: ${i.message}`);
		if (issues.length > 20) lines.push(`  … and ${issues.length - 20} more`);
		super(`Invalid municipality file ${file}:\n${lines.join('\n')}`);
		this.name = 'MunicipalityLoadError';
	}
}

const cache = new Map<string, LoadedMunicipality>();

/** Loads and validates a municipality folder; a relative dir is taken from the project root (cwd). */
export function loadMunicipality(dir: string = path.resolve('static/municipalities', process.env.MUNICIPALITY ?? 'tuapse')): LoadedMunicipality {
	const abs = path.resolve(dir);
	const cached = cache.get(abs);
	if (cached) return cached;

	const municipality = readValidated(abs, 'municipality.json', MunicipalitySchema);
	const settlements = readValidated(abs, 'settlements.geojson', SettlementCollectionSchema);
	const places = readValidated(abs, 'places.geojson', PlaceCollectionSchema);

	const settlementIds = new Set(settlements.features.map((f) => f.properties.id));
	const orphans = places.features.flatMap((f, i) =>
		settlementIds.has(f.properties.settlement_id)
			? []
			: [{ path: ['features', i, 'properties', 'settlement_id'], message: `unknown settlement '${f.properties.settlement_id}' (not in settlements.geojson)` }]
	);
	if (orphans.length > 0) throw new MunicipalityLoadError(path.join(abs, 'places.geojson'), orphans);

	const loaded: LoadedMunicipality = {
		dir: abs,
		municipality,
		settlements,
		places,
		index: createSettlementIndex(settlements),
		gazetteer: createGazetteer(places, settlements)
	};
	cache.set(abs, loaded);
	return loaded;
}

/** Where imported municipalities live: `<DATA_DIR>/municipalities/<id>`. */
export function importedMunicipalitiesDir(dataDir: string): string {
	return path.resolve(dataDir, 'municipalities');
}

/**
 * The folder of municipality `id`: one an administrator imported into DATA_DIR when it exists,
 * else the shipped `static/municipalities/<id>` (relative to the project root, cwd).
 */
export function resolveMunicipalityDir(id: string, dataDir: string, shippedRoot = 'static/municipalities'): string {
	const imported = path.join(importedMunicipalitiesDir(dataDir), id);
	if (fs.existsSync(path.join(imported, 'municipality.json'))) return imported;
	return path.resolve(shippedRoot, id);
}

/** Forgets cached folders, e.g. after an administrator imported new settlements. */
export function clearMunicipalityCache(dir?: string): void {
	if (dir === undefined) cache.clear();
	else cache.delete(path.resolve(dir));
}

function readValidated<S extends z.ZodType>(dir: string, name: string, schema: S): z.output<S> {
	const file = path.join(dir, name);
	let raw: string;
	try {
		raw = fs.readFileSync(file, 'utf8');
	} catch (err) {
		throw new MunicipalityLoadError(file, [{ path: [], message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }]);
	}
	let json: unknown;
	try {
		json = JSON.parse(raw);
	} catch (err) {
		throw new MunicipalityLoadError(file, [{ path: [], message: `not valid JSON: ${(err as Error).message}` }]);
	}
	const result = schema.safeParse(json);
	if (!result.success) {
		throw new MunicipalityLoadError(
			file,
			result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }))
		);
	}
	return result.data;
}

function formatPath(p: (string | number)[]): string {
	return p.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}
