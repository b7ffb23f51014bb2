import fs from 'node:fs';
import path from 'node:path';
import { error } from '@sveltejs/kit';
import { importedMunicipalitiesDir } from '#server/municipality/load.ts';
import type { RequestHandler } from './$types';

// shipped municipalities are answered from static/ before this route runs; this serves imported ones
const FILES: Record<string, string> = {
	'municipality.json': 'application/json; charset=utf-8',
	'settlements.geojson': 'application/geo+json; charset=utf-8',
	'places.geojson': 'application/geo+json; charset=utf-8'
};
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const GET: RequestHandler = async ({ params, locals }) => {
	const type = FILES[params.file];
	if (!type || !ID.test(params.id)) error(404, 'not found');
	let dataDir: string;
	try {
		dataDir = locals.ctx.config.db.dataDir;
	} catch {
		dataDir = path.resolve(process.env.DATA_DIR ?? './data');
	}
	let body: Buffer;
	try {
		body = await fs.promises.readFile(path.join(importedMunicipalitiesDir(dataDir), params.id, params.file));
	} catch {
		error(404, 'not found');
	}
	// a re-import replaces the folder, so ask every time
	return new Response(new Uint8Array(body), { headers: { 'content-type': type, 'cache-control': 'no-cache' } });
};
