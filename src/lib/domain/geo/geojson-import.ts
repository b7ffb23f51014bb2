/**
 * Checks and normalises a settlements GeoJSON an administrator uploads (another municipality's
 * поселения), and builds that municipality's municipality.json and places from it. Pure: no I/O;
 * server/municipality/import.ts writes the files.
 *
 * Every problem is collected (up to MAX_ERRORS), each naming the feature — its index in `features`,
 * counted from 0 as in the file, and its name when it has one — and what is wrong with it.
 * Bad input never throws.
 */
import {
	MunicipalitySchema,
	PlaceCollectionSchema,
	SettlementCollectionSchema,
	type Bbox,
	type LonLat,
	type Municipality,
	type PlaceCollection,
	type PlaceFeature,
	type SettlementCollection,
	type SettlementFeature
} from './municipality.schema.ts';
import { dropRepeats, findSelfIntersection, inPolygon, labelPoint, ringBox, signedArea2, type Position } from './polygon.ts';
import { normalizeRu } from './ru-text.ts';

export const MAX_ERRORS = 50;

export type GeoImportErrorCode =
	| 'not-json'
	| 'not-feature-collection'
	| 'empty'
	| 'wrong-crs'
	| 'projected-coordinates'
	| 'not-feature'
	| 'not-polygon'
	| 'bad-coordinates'
	| 'ring-not-closed'
	| 'ring-too-short'
	| 'ring-no-area'
	| 'self-intersection'
	| 'no-name'
	| 'duplicate-name'
	| 'duplicate-id'
	| 'bad-id'
	| 'bad-population'
	| 'bad-municipality'
	| 'too-many-errors';

export interface GeoImportError {
	code: GeoImportErrorCode;
	/** index in `features` (from 0), null for the file as a whole */
	feature: number | null;
	name: string | null;
	/** one line, English, names the feature and the problem */
	message: string;
}

export interface GeoImportSummary {
	settlements: number;
	bbox: Bbox;
	/** rings turned round to RFC 7946 (exterior counter-clockwise, holes clockwise) */
	reorientedRings: number;
	/** settlements whose label point was computed here */
	computedLabels: number;
	/** settlements whose id was made from the name */
	generatedIds: number;
}

export type GeoImportResult =
	| { ok: true; settlements: SettlementCollection; summary: GeoImportSummary }
	| { ok: false; errors: GeoImportError[] };

export interface GeoImportOptions {
	/** marks every settlement `approximate` (e.g. hand-drawn boundaries); a feature's own `approximate: true` always counts */
	approximate?: boolean;
	/** `name` of the output collection */
	collectionName?: string;
}

const NAME_KEYS = ['name_ru', 'name:ru', 'name', 'NAME'] as const;
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
// CRS84 and EPSG:4326 in their usual spellings (urn:ogc:def:crs:EPSG::4326, EPSG:4326, …)
const WGS84_CRS = /CRS84$|EPSG:{1,2}4326$/i;
const COORD_DIGITS = 1e7;

/**
 * Validates an uploaded settlements GeoJSON (text or parsed) and returns it normalised to
 * SettlementCollectionSchema, or every problem found.
 */
export function importSettlementsGeoJson(input: unknown, opts: GeoImportOptions = {}): GeoImportResult {
	const errors = new ErrorList();
	let json = input;
	if (typeof input === 'string') {
		try {
			json = JSON.parse(input.replace(/^\uFEFF/, ''));
		} catch (err) {
			errors.add('not-json', null, null, `not valid JSON: ${(err as Error).message}`);
			return errors.result();
		}
	}
	if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
		const what = !isObject(json) ? describeValue(json) : typeof json.type === 'string' ? `a ${json.type}` : 'an object without "type"';
		errors.add('not-feature-collection', null, null, `not a GeoJSON FeatureCollection (the file is ${what}); expected {"type": "FeatureCollection", "features": [...]}`);
		return errors.result();
	}
	const crsProblem = checkCrs(json.crs);
	if (crsProblem) errors.add('wrong-crs', null, null, crsProblem);
	const rawFeatures = json.features as unknown[];
	if (rawFeatures.length === 0) {
		errors.add('empty', null, null, 'the file has no features: expected one Polygon or MultiPolygon per settlement');
		return errors.result();
	}

	const projected: { index: number; example: number }[] = [];
	const drafts: Draft[] = [];
	const names = new Map<string, number>();
	const ids = new Map<string, number>();
	let reorientedRings = 0;

	rawFeatures.forEach((raw, index) => {
		if (!isObject(raw) || raw.type !== 'Feature') {
			errors.add('not-feature', index, null, `${label(index, null)}: not a GeoJSON Feature (${isObject(raw) ? `type is ${JSON.stringify(raw.type)}` : describeValue(raw)})`);
			return;
		}
		const props = isObject(raw.properties) ? raw.properties : {};
		const name = readName(props);
		const where = label(index, name);
		let ok = true;

		if (name === null) {
			errors.add('no-name', index, null, `${where}: no name (expected a name_ru, name:ru, name or NAME property)`);
			ok = false;
		} else {
			const key = normalizeName(name);
			const first = names.get(key);
			if (first !== undefined) {
				errors.add('duplicate-name', index, name, `${where}: duplicate name (also feature ${first})`);
				ok = false;
			} else names.set(key, index);
		}

		const ownId = readOwnId(props, raw.id);
		if (ownId !== null) {
			const slug = slugifyRu(ownId);
			if (!slug) {
				errors.add('bad-id', index, name, `${where}: id ${JSON.stringify(ownId)} cannot be made into a latin slug`);
				ok = false;
			} else {
				const first = ids.get(slug);
				if (first !== undefined) {
					errors.add('duplicate-id', index, name, `${where}: duplicate id '${slug}' (also feature ${first})`);
					ok = false;
				} else ids.set(slug, index);
			}
		}

		const population = readPopulation(props.population);
		if (population === undefined) {
			errors.add('bad-population', index, name, `${where}: population ${JSON.stringify(props.population)} is not a non-negative number`);
			ok = false;
		}

		const geometry = readGeometry(raw.geometry, where);
		if ('problem' in geometry) {
			errors.add(geometry.code, index, name, geometry.problem);
			return;
		}
		if (geometry.projected !== null) {
			projected.push({ index, example: geometry.projected });
			return;
		}
		for (const [code, message] of geometry.ringProblems) errors.add(code, index, name, message);
		if (geometry.ringProblems.length > 0 || !ok || name === null || population === undefined) return;
		reorientedRings += geometry.reoriented;
		drafts.push({ index, name, props, ownId: ownId === null ? null : slugifyRu(ownId), population, polygons: geometry.polygons });
	});

	if (projected.length > 0) {
		const list = projected.slice(0, 5).map((p) => p.index).join(', ') + (projected.length > 5 ? ', …' : '');
		const where = projected.length === 1 ? `feature ${list}` : `${projected.length} features (${list})`;
		errors.add(
			'projected-coordinates',
			null,
			null,
			`coordinates look projected (e.g. ${groupDigits(projected[0].example)}) in ${where}, expected WGS 84 longitude/latitude; reproject the file to EPSG:4326 first`
		);
	}
	if (errors.count > 0) return errors.result();

	// ids from names, kept clear of the ids the file gives itself
	let generatedIds = 0;
	const taken = new Set(ids.keys());
	const features: SettlementFeature[] = [];
	let computedLabels = 0;
	for (const d of drafts) {
		const shortName = readString(d.props.short_name_ru) ?? shortNameRu(d.name);
		let id = d.ownId;
		if (id === null) {
			generatedIds++;
			const base = slugifyRu(shortName) || slugifyRu(d.name) || `settlement-${d.index}`;
			id = base;
			for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
			taken.add(id);
		}
		const given = readLonLat(d.props.label_lonlat);
		let labelLonLat: LonLat;
		if (given && d.polygons.some((p) => inPolygon(p, given[0], given[1]))) labelLonLat = given;
		else {
			computedLabels++;
			const [x, y] = labelPoint(d.polygons);
			labelLonLat = [round(x, 1e5), round(y, 1e5)];
		}
		const kind = d.props.kind === 'urban' || d.props.kind === 'rural' ? d.props.kind : kindFromName(d.name);
		const adminCentre = readString(d.props.admin_centre_ru);
		const adminLonLat = readLonLat(d.props.admin_centre_lonlat);
		features.push({
			type: 'Feature',
			properties: {
				...primitiveProps(d.props),
				id,
				name_ru: d.name,
				short_name_ru: shortName,
				...(kind ? { kind } : {}),
				admin_centre_ru: adminCentre,
				admin_centre_lonlat: adminLonLat,
				label_lonlat: labelLonLat,
				population: d.population,
				approximate: opts.approximate === true || d.props.approximate === true
			},
			geometry:
				d.polygons.length === 1 ? { type: 'Polygon', coordinates: d.polygons[0] } : { type: 'MultiPolygon', coordinates: d.polygons }
		});
	}

	const collection = { type: 'FeatureCollection' as const, ...(opts.collectionName ? { name: opts.collectionName } : {}), features };
	// the schema is the contract of the folder; a miss here is our bug, reported rather than thrown
	const parsed = SettlementCollectionSchema.safeParse(collection);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const i = typeof issue.path[1] === 'number' ? issue.path[1] : null;
			const name = i === null ? null : features[i].properties.name_ru;
			errors.add('bad-municipality', i === null ? null : drafts[i].index, name, `${i === null ? 'file' : label(drafts[i].index, name)}: ${issue.path.join('.')}: ${issue.message}`);
		}
		return errors.result();
	}
	return {
		ok: true,
		settlements: parsed.data,
		summary: { settlements: features.length, bbox: collectionBbox(parsed.data), reorientedRings, computedLabels, generatedIds }
	};
}

// ---------------------------------------------------------------- municipality.json and places

export interface MunicipalityMeta {
	id: string;
	name: string;
	timeZone: string;
}

/** Problems with what the administrator typed next to the file (id, name, time zone). */
export function validateMunicipalityMeta(meta: Partial<MunicipalityMeta>): GeoImportError[] {
	const errors: GeoImportError[] = [];
	const bad = (message: string) => errors.push({ code: 'bad-municipality', feature: null, name: null, message });
	if (!meta.id || !SLUG.test(meta.id) || meta.id.length > 64) bad(`municipality id ${JSON.stringify(meta.id ?? '')} must be a latin slug (a-z, 0-9, _ or -, at most 64), e.g. "tashtagol"`);
	if (!meta.name || !meta.name.trim()) bad('municipality name is empty');
	if (!meta.timeZone || !isTimeZone(meta.timeZone)) bad(`unknown time zone ${JSON.stringify(meta.timeZone ?? '')}: expected an IANA name such as Asia/Novokuznetsk`);
	return errors;
}

export interface BuildMunicipalityInput extends MunicipalityMeta {
	settlements: SettlementCollection;
	/** the default municipality: its owners, blocks, departments, categories (all but its identity and geography) are copied */
	template: Municipality;
	attribution: string;
	/** [lon, lat]; the middle of the settlements' bbox when absent */
	centre?: LonLat;
}

/** municipality.json for imported settlements: the template's organisation, our name, zone, centre and bbox. */
export function buildMunicipality(input: BuildMunicipalityInput): Municipality {
	// everything but the template's own identity and geography is organisation: blocks, departments, categories …
	const { id: _id, name: _name, fullName: _fullName, kind: _kind, region: _region, timeZone: _tz, centre: _centre, bbox: _bbox, attribution: _a, boundariesApproximate: _b, ...organisation } =
		input.template;
	const bbox = collectionBbox(input.settlements);
	const centre: LonLat = input.centre ?? [round((bbox[0] + bbox[2]) / 2, 1e5), round((bbox[1] + bbox[3]) / 2, 1e5)];
	return MunicipalitySchema.parse({
		...organisation,
		id: input.id,
		name: input.name.trim(),
		timeZone: input.timeZone,
		centre,
		bbox,
		attribution: input.attribution,
		boundariesApproximate: input.settlements.features.some((f) => f.properties.approximate === true)
	});
}

// «г. Таштагол» → город Таштагол; longer prefixes first
const PLACE_TYPES: [RegExp, string][] = [
	[/^(пгт|рп|кп)\.?\s+/i, 'пгт'],
	[/^(г\.|город)\s*/i, 'город'],
	[/^(ст-ца|станица|ст\.)\s*/i, 'станица'],
	[/^(пос\.|посёлок|поселок|п\.)\s*/i, 'посёлок'],
	[/^(с\.|село)\s*/i, 'село'],
	[/^(д\.|деревня)\s*/i, 'деревня'],
	[/^(х\.|хутор)\s*/i, 'хутор'],
	[/^аул\s+/i, 'аул']
];

/**
 * Places for the gazetteer from what the settlements say about their admin centres
 * (`admin_centre_ru` with `admin_centre_lonlat`); empty when they say nothing.
 */
export function deriveAdminCentres(settlements: SettlementCollection): PlaceCollection {
	const features: PlaceFeature[] = [];
	const taken = new Set<string>();
	for (const f of settlements.features) {
		const s = f.properties;
		if (!s.admin_centre_ru || !s.admin_centre_lonlat) continue;
		let name = s.admin_centre_ru.trim();
		let typeRu: string | undefined;
		for (const [re, type] of PLACE_TYPES) {
			if (re.test(name) && name.replace(re, '').trim()) {
				typeRu = type;
				name = name.replace(re, '').trim();
				break;
			}
		}
		const base = slugifyRu(name) || `${s.id}-centre`;
		let id = base;
		for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
		taken.add(id);
		const [lon, lat] = s.admin_centre_lonlat;
		const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
		features.push({
			type: 'Feature',
			id,
			properties: {
				id,
				name_ru: name,
				...(typeRu ? { type_ru: typeRu } : {}),
				settlement_id: s.id,
				is_admin_centre: true,
				population: null,
				inside_settlement_polygon: polygons.some((p) => inPolygon(p as Position[][], lon, lat))
			},
			geometry: { type: 'Point', coordinates: [lon, lat] }
		});
	}
	return PlaceCollectionSchema.parse({ type: 'FeatureCollection', features });
}

// ---------------------------------------------------------------- names

const TRANSLIT: Record<string, string> = {
	а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
	н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
	ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g'
};

/** Russian → Latin the way our ids are spelt (Новомихайловское → novomikhaylovskoe); other letters pass. */
export function transliterateRu(text: string): string {
	let out = '';
	for (const ch of text) {
		const lower = ch.toLowerCase();
		const latin = TRANSLIT[lower];
		if (latin === undefined) out += ch;
		else out += ch !== lower && latin ? latin[0].toUpperCase() + latin.slice(1) : latin;
	}
	return out;
}

/** A latin slug for an id: lower case, a-z 0-9 and single hyphens; '' when nothing is left. */
export function slugifyRu(text: string): string {
	// nfc keeps й and ё whole for the table; nfkd afterwards strips latin accents (é → e)
	return transliterateRu(text.normalize('NFC'))
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9_]+/g, '-')
		.replace(/^[-_]+|[-_]+$/g, '')
		.slice(0, 64)
		.replace(/-+$/, '');
}

const TYPE_WORDS = new Set(
	'городское сельское поселение поселения городского сельского муниципальное образование сельсовет сп гп с/п г/п мо территориальный отдел район округ внутригородской'.split(' ')
);

/** «Туапсинское городское поселение» → «Туапсинское»; a name that is only type words stays whole. */
export function shortNameRu(name: string): string {
	const words = name.trim().split(/\s+/);
	const kept = words.filter((w) => !TYPE_WORDS.has(normalizeRu(w).replace(/[«»"]/g, '')));
	return kept.length > 0 && kept.length < words.length ? kept.join(' ') : name.trim();
}

// ---------------------------------------------------------------- internals

interface Draft {
	index: number;
	name: string;
	props: Record<string, unknown>;
	ownId: string | null;
	population: number | null;
	polygons: Position[][][];
}

type GeometryRead =
	| { code: GeoImportErrorCode; problem: string }
	| { polygons: Position[][][]; projected: number | null; ringProblems: [GeoImportErrorCode, string][]; reoriented: number };

function readGeometry(geometry: unknown, where: string): GeometryRead {
	if (!isObject(geometry)) {
		return { code: 'not-polygon', problem: `${where}: geometry is ${geometry === null || geometry === undefined ? 'missing' : describeValue(geometry)}, expected Polygon or MultiPolygon` };
	}
	if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
		return { code: 'not-polygon', problem: `${where}: geometry is ${typeof geometry.type === 'string' ? geometry.type : 'of no type'}, expected Polygon or MultiPolygon` };
	}
	const multi = geometry.type === 'MultiPolygon';
	const rawPolygons = multi ? geometry.coordinates : [geometry.coordinates];
	if (!Array.isArray(rawPolygons) || rawPolygons.length === 0 || rawPolygons.some((p) => !Array.isArray(p) || p.length === 0 || p.some((r) => !Array.isArray(r)))) {
		return { code: 'bad-coordinates', problem: `${where}: ${geometry.type} coordinates are not ${multi ? 'a list of polygons, each a list of rings' : 'a list of rings'}` };
	}
	const polygons: Position[][][] = [];
	const ringProblems: [GeoImportErrorCode, string][] = [];
	let reoriented = 0;
	for (let p = 0; p < rawPolygons.length; p++) {
		const rings: Position[][] = [];
		for (let r = 0; r < rawPolygons[p].length; r++) {
			const ringName = `${multi ? `polygon ${p}, ` : ''}${r === 0 ? 'exterior ring' : `hole ${r}`}`;
			const raw = rawPolygons[p][r] as unknown[];
			const ring: Position[] = [];
			for (let k = 0; k < raw.length; k++) {
				const pos = raw[k];
				if (!Array.isArray(pos) || pos.length < 2 || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
					return { code: 'bad-coordinates', problem: `${where}: ${ringName}, position ${k} is ${JSON.stringify(pos)}, expected [longitude, latitude]` };
				}
				const [x, y] = pos as number[];
				if (Math.abs(x) > 180 || Math.abs(y) > 90) return { polygons: [], projected: Math.abs(x) > 180 ? x : y, ringProblems: [], reoriented: 0 };
				ring.push([round(x, COORD_DIGITS), round(y, COORD_DIGITS)]);
			}
			if (ring.length < 4) {
				ringProblems.push(['ring-too-short', `${where}: ${ringName} has ${ring.length} positions, a closed ring needs at least 4`]);
				continue;
			}
			const first = ring[0];
			const last = ring[ring.length - 1];
			if (first[0] !== last[0] || first[1] !== last[1]) {
				ringProblems.push(['ring-not-closed', `${where}: ${ringName} is not closed (first ${fmtPos(first)}, last ${fmtPos(last)})`]);
				continue;
			}
			const clean = dropRepeats(ring);
			if (clean.length < 4) {
				ringProblems.push(['ring-too-short', `${where}: ${ringName} has ${clean.length - 1} distinct positions, a polygon needs at least 3`]);
				continue;
			}
			const crossing = findSelfIntersection(clean);
			if (crossing) {
				const [i, j] = crossing.segments;
				ringProblems.push([
					'self-intersection',
					`${where}: ${ringName} intersects itself near ${fmtPos(crossing.at)} (segment ${i}–${i + 1} meets segment ${j}–${j + 1})`
				]);
				continue;
			}
			const area = signedArea2(clean);
			if (area === 0) {
				ringProblems.push(['ring-no-area', `${where}: ${ringName} has no area`]);
				continue;
			}
			// rfc 7946: exterior counter-clockwise, holes clockwise
			const wantCcw = r === 0;
			if (area > 0 !== wantCcw) {
				clean.reverse();
				reoriented++;
			}
			rings.push(clean);
		}
		polygons.push(rings);
	}
	return { polygons, projected: null, ringProblems, reoriented };
}

function checkCrs(crs: unknown): string | null {
	if (crs === undefined || crs === null) return null;
	const name = isObject(crs) && isObject(crs.properties) && typeof crs.properties.name === 'string' ? crs.properties.name : null;
	if (name !== null && WGS84_CRS.test(name.trim())) return null;
	return `wrong CRS ${name ? `"${name}"` : '(a crs member without a name)'}: expected WGS 84 longitude/latitude (CRS84 or EPSG:4326); reproject the file first, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`;
}

function readName(props: Record<string, unknown>): string | null {
	for (const key of NAME_KEYS) {
		const v = readString(props[key]);
		if (v) return v.replace(/\s+/g, ' ');
	}
	return null;
}

function readOwnId(props: Record<string, unknown>, featureId: unknown): string | null {
	for (const v of [props.id, featureId]) {
		if (typeof v === 'string' && v.trim()) return v.trim();
		if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	}
	return null;
}

// null: absent; undefined: present and wrong
function readPopulation(v: unknown): number | null | undefined {
	if (v === undefined || v === null || v === '') return null;
	const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')) : NaN;
	return Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

function readLonLat(v: unknown): LonLat | null {
	if (!Array.isArray(v) || v.length < 2) return null;
	const [x, y] = v;
	return typeof x === 'number' && typeof y === 'number' && Math.abs(x) <= 180 && Math.abs(y) <= 90 ? [x, y] : null;
}

function readString(v: unknown): string | null {
	return typeof v === 'string' && v.trim() ? v.trim() : null;
}

// keeps the file's own simple properties (oktmo, source …); nested values are dropped
function primitiveProps(props: Record<string, unknown>): Record<string, string | number | boolean | null> {
	const out: Record<string, string | number | boolean | null> = {};
	for (const [k, v] of Object.entries(props)) {
		if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
	}
	delete out.kind;
	return out;
}

function kindFromName(name: string): 'urban' | 'rural' | null {
	const n = normalizeRu(name);
	if (/(^|\s)городск/.test(n)) return 'urban';
	if (/(^|\s)сельск|сельсовет/.test(n)) return 'rural';
	return null;
}

function normalizeName(name: string): string {
	return normalizeRu(name).replace(/\s+/g, ' ').trim();
}

function collectionBbox(fc: SettlementCollection): Bbox {
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (const f of fc.features) {
		const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
		for (const p of polygons) {
			const [a, b, c, d] = ringBox(p[0] as Position[]);
			x0 = Math.min(x0, a);
			y0 = Math.min(y0, b);
			x1 = Math.max(x1, c);
			y1 = Math.max(y1, d);
		}
	}
	// outward to 1e-5°, so the box still holds every vertex
	// (the 1e-6 keeps 39.505, stored as 39.50500000000001 × 1e5, from growing a step)
	const down = (v: number) => Math.floor(v * 1e5 + 1e-6) / 1e5;
	const up = (v: number) => Math.ceil(v * 1e5 - 1e-6) / 1e5;
	return [down(x0), down(y0), up(x1), up(y1)];
}

class ErrorList {
	#errors: GeoImportError[] = [];
	#more = 0;
	get count(): number {
		return this.#errors.length + this.#more;
	}
	add(code: GeoImportErrorCode, feature: number | null, name: string | null, message: string): void {
		if (this.#errors.length < MAX_ERRORS) this.#errors.push({ code, feature, name, message });
		else this.#more++;
	}
	result(): { ok: false; errors: GeoImportError[] } {
		const errors = [...this.#errors];
		if (this.#more > 0) errors.push({ code: 'too-many-errors', feature: null, name: null, message: `… and ${this.#more} more problems not shown; fix these first` });
		return { ok: false, errors };
	}
}

function label(index: number, name: string | null): string {
	return name ? `feature ${index} «${name}»` : `feature ${index}`;
}

function describeValue(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function fmtPos([x, y]: Position): string {
	return `${x.toFixed(5)}, ${y.toFixed(5)}`;
}

/** 4350000 → "4 350 000" */
function groupDigits(n: number): string {
	const s = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
	return n < 0 ? `−${s}` : s;
}

function round(v: number, k: number): number {
	return Math.round(v * k) / k;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}
