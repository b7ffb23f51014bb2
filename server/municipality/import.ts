/**
 * Imports another municipality's settlements from a GeoJSON file into `<DATA_DIR>/municipalities/<id>`.
 *
 * Nothing is half-imported: the folder is written next to the target under a temporary name, every
 * file and the folder are fsynced, the folder is loaded back with loadMunicipality, and only then is it
 * renamed into place. An existing folder is first renamed aside and removed after the swap (put back
 * if the swap fails), so a reader sees the old folder or the new one, never a mixture.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	buildMunicipality,
	deriveAdminCentres,
	importSettlementsGeoJson,
	validateMunicipalityMeta,
	type GeoImportError,
	type GeoImportSummary
} from '#domain/geo/geojson-import.ts';
import type { Bbox, Municipality } from '#domain/geo/municipality.schema.ts';
import { clearMunicipalityCache, importedMunicipalitiesDir, loadMunicipality, MunicipalityLoadError } from './load.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface ImportMunicipalityOptions {
	/** path of the GeoJSON file; or give `geojson` */
	file?: string;
	/** the file's text or parsed JSON */
	geojson?: unknown;
	/** the file name to record in ATTRIBUTION.md (defaults to the base name of `file`) */
	sourceName?: string;
	id: string;
	name: string;
	timeZone: string;
	dataDir: string;
	/** mark every boundary as approximate (hand-drawn) */
	approximate?: boolean;
	/** where the shipped municipalities are; the template and the "shipped id" check read it */
	shippedRoot?: string;
	/** the shipped municipality whose blocks, departments and categories are copied */
	templateId?: string;
	now?: Date;
}

export type ImportMunicipalityResult =
	| { ok: true; dir: string; municipality: Municipality; summary: GeoImportSummary; places: number; replaced: boolean }
	| { ok: false; errors: GeoImportError[] };

const FILES = ['municipality.json', 'settlements.geojson', 'places.geojson', 'ATTRIBUTION.md'] as const;
// leftovers of a crash older than this are swept on the next import of the same id
const STALE_MS = 10 * 60 * 1000;
// one import per target at a time within this process
const locks = new Map<string, Promise<unknown>>();

/** Validates, writes and swaps in a municipality folder; returns every problem instead of throwing on bad input. */
export async function importMunicipality(opts: ImportMunicipalityOptions): Promise<ImportMunicipalityResult> {
	const errors: GeoImportError[] = validateMunicipalityMeta(opts);
	const shippedRoot = path.resolve(opts.shippedRoot ?? 'static/municipalities');
	if (/^[a-z0-9][a-z0-9_-]*$/.test(opts.id ?? '') && fs.existsSync(path.join(shippedRoot, opts.id))) {
		// the browser would keep getting the shipped files from static/, so the import could never show
		errors.push(fail(`municipality id "${opts.id}" is taken by a municipality shipped with the product; choose another id`));
	}

	let input: unknown = opts.geojson;
	if (opts.file !== undefined) {
		try {
			const stat = await fs.promises.stat(opts.file);
			if (stat.size > MAX_UPLOAD_BYTES) return { ok: false, errors: [...errors, fail(`the file is ${mb(stat.size)} MB; at most ${mb(MAX_UPLOAD_BYTES)} MB`)] };
			input = await fs.promises.readFile(opts.file, 'utf8');
		} catch (err) {
			return { ok: false, errors: [...errors, fail(`cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)] };
		}
	} else if (input === undefined) {
		return { ok: false, errors: [...errors, fail('no GeoJSON given')] };
	}

	const imported = importSettlementsGeoJson(input, { approximate: opts.approximate, collectionName: `${opts.id}-settlements` });
	if (!imported.ok) errors.push(...imported.errors);
	if (errors.length > 0 || !imported.ok) return { ok: false, errors };

	const template = loadMunicipality(path.join(shippedRoot, opts.templateId ?? 'tuapse')).municipality;
	const now = opts.now ?? new Date();
	// the name lands in markdown and on the wall: one short line
	const sourceName = (opts.sourceName ?? (opts.file ? path.basename(opts.file) : 'upload.geojson')).replace(/[\u0000-\u001f\u007f«»`]/g, ' ').trim().slice(0, 120) || 'upload.geojson';
	const approximate = imported.settlements.features.some((f) => f.properties.approximate === true);
	const municipality = buildMunicipality({
		id: opts.id,
		name: opts.name,
		timeZone: opts.timeZone,
		settlements: imported.settlements,
		template,
		attribution: `Границы поселений: файл «${sourceName}», загружен администратором ${now.toISOString().slice(0, 10)}${approximate ? ' (приблизительно)' : ''}.`
	});
	const places = deriveAdminCentres(imported.settlements);
	const contents: Record<(typeof FILES)[number], string> = {
		'municipality.json': JSON.stringify(municipality, null, '\t') + '\n',
		'settlements.geojson': JSON.stringify(imported.settlements) + '\n',
		'places.geojson': JSON.stringify(places) + '\n',
		'ATTRIBUTION.md': attribution({ municipality, sourceName, now, summary: imported.summary, places: places.features.length, template: template.name })
	};

	const target = path.join(importedMunicipalitiesDir(opts.dataDir), opts.id);
	return withLock(target, async () => {
		const replaced = await writeAtomically(target, contents);
		if (!replaced.ok) return replaced;
		return { ok: true, dir: target, municipality, summary: imported.summary, places: places.features.length, replaced: replaced.replaced };
	});
}

async function writeAtomically(
	target: string,
	contents: Record<string, string>
): Promise<{ ok: true; replaced: boolean } | { ok: false; errors: GeoImportError[] }> {
	const parent = path.dirname(target);
	const base = path.basename(target);
	await fs.promises.mkdir(parent, { recursive: true });
	await sweepStale(parent, base);
	const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
	const tmp = path.join(parent, `.${base}.tmp-${suffix}`);
	const old = path.join(parent, `.${base}.old-${suffix}`);
	try {
		await fs.promises.mkdir(tmp);
		for (const [name, text] of Object.entries(contents)) await writeSynced(path.join(tmp, name), text);
		await fsyncDir(tmp);

		// what we wrote must load exactly as the server will load it
		try {
			loadMunicipality(tmp);
		} catch (err) {
			if (err instanceof MunicipalityLoadError) return { ok: false, errors: [fail(`the written folder does not load: ${err.message}`)] };
			throw err;
		} finally {
			clearMunicipalityCache(tmp);
		}

		let replaced = false;
		try {
			await fs.promises.rename(target, old);
			replaced = true;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
		}
		try {
			await fs.promises.rename(tmp, target);
		} catch (err) {
			if (replaced) await fs.promises.rename(old, target);
			throw err;
		}
		await fsyncDir(parent);
		clearMunicipalityCache(target);
		if (replaced) await fs.promises.rm(old, { recursive: true, force: true });
		return { ok: true, replaced };
	} finally {
		await fs.promises.rm(tmp, { recursive: true, force: true });
	}
}

async function writeSynced(file: string, text: string): Promise<void> {
	const handle = await fs.promises.open(file, 'wx');
	try {
		await handle.writeFile(text, 'utf8');
		await handle.sync();
	} finally {
		await handle.close();
	}
}

async function fsyncDir(dir: string): Promise<void> {
	let handle: fs.promises.FileHandle | undefined;
	try {
		handle = await fs.promises.open(dir, 'r');
		await handle.sync();
	} catch (err) {
		// some file systems (and Windows) cannot fsync a directory; the renames are still atomic
		if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
	} finally {
		await handle?.close();
	}
}

async function sweepStale(parent: string, base: string): Promise<void> {
	const prefixes = [`.${base}.tmp-`, `.${base}.old-`];
	for (const name of await fs.promises.readdir(parent)) {
		if (!prefixes.some((p) => name.startsWith(p))) continue;
		const full = path.join(parent, name);
		const stat = await fs.promises.stat(full).catch(() => null);
		if (stat && Date.now() - stat.mtimeMs > STALE_MS) await fs.promises.rm(full, { recursive: true, force: true });
	}
}

async function withLock<T>(key: string, run: () => Promise<T>): Promise<T> {
	const previous = locks.get(key) ?? Promise.resolve();
	const next = previous.catch(() => {}).then(run);
	locks.set(key, next);
	try {
		return await next;
	} finally {
		if (locks.get(key) === next) locks.delete(key);
	}
}

function attribution(a: { municipality: Municipality; sourceName: string; now: Date; summary: GeoImportSummary; places: number; template: string }): string {
	const m = a.municipality;
	return [
		`# ${m.name}: поселения`,
		'',
		`- Источник: файл «${a.sourceName}», uploaded by an administrator (загружен администратором) ${a.now.toISOString()}.`,
		`- Поселений: ${a.summary.settlements}; охват (bbox, WGS 84): [${bboxText(m.bbox)}].`,
		`- Границы ${m.boundariesApproximate ? 'помечены как приблизительные' : 'приняты как есть; их точность и лицензию отвечает загрузивший'}.`,
		`- Административные центры (places.geojson): ${a.places ? `${a.places}, из свойств admin_centre_ru / admin_centre_lonlat` : 'нет в файле'}.`,
		`- Тематические блоки, подразделения и категории скопированы из шаблона «${a.template}».`,
		`- Часовой пояс: ${m.timeZone}.`,
		''
	].join('\n');
}

function bboxText(b: Bbox): string {
	return b.join(', ');
}

function fail(message: string): GeoImportError {
	return { code: 'bad-municipality', feature: null, name: null, message };
}

function mb(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
}
