/**
 * npm run import:geo -- file.geojson --id tashtagol --name "Таштагольский район" --tz Asia/Novokuznetsk [--data-dir ./data] [--approximate]
 *
 * Checks a settlements GeoJSON and installs it as municipality <id> under <data-dir>/municipalities/<id>.
 * Prints every problem, one a line, and exits 1; or prints what it imported and how to use it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importMunicipality } from '../server/municipality/import.ts';

const USAGE = `usage: npm run import:geo -- <file.geojson> --id <slug> --name "<название>" --tz <IANA zone> [--data-dir ./data] [--approximate]
  e.g. npm run import:geo -- tashtagol.geojson --id tashtagol --name "Таштагольский район" --tz Asia/Novokuznetsk`;

let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: {
			id: { type: 'string' },
			name: { type: 'string' },
			tz: { type: 'string' },
			'data-dir': { type: 'string' },
			approximate: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
} catch (err) {
	console.error(`${(err as Error).message}\n${USAGE}`);
	process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
const missing = [positionals.length !== 1 && 'one GeoJSON file', !values.id && '--id', !values.name && '--name', !values.tz && '--tz'].filter(Boolean);
if (missing.length > 0) {
	console.error(`missing: ${missing.join(', ')}\n${USAGE}`);
	process.exit(2);
}

const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? './data');
const result = await importMunicipality({
	file: positionals[0],
	id: values.id!,
	name: values.name!,
	timeZone: values.tz!,
	dataDir,
	approximate: values.approximate
});

if (!result.ok) {
	console.error(`${positionals[0]}: not imported (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}):`);
	for (const e of result.errors) console.error(e.message);
	process.exit(1);
}

const { municipality: m, summary: s } = result;
const notes = [
	s.generatedIds && `${s.generatedIds} ids made from names`,
	s.computedLabels && `${s.computedLabels} label points computed`,
	s.reorientedRings && `${s.reorientedRings} rings turned to RFC 7946 order`
].filter(Boolean);
const rel = path.relative(process.cwd(), dataDir);
const relDataDir = rel.startsWith('..') || path.isAbsolute(rel) ? dataDir : rel || '.';
console.log(`imported ${s.settlements} settlement${s.settlements === 1 ? '' : 's'} of «${m.name}» (${m.timeZone})${result.replaced ? ', replacing the previous import' : ''}
  bbox:   [${m.bbox.join(', ')}]   centre: [${m.centre.join(', ')}]
  places: ${result.places} admin centre${result.places === 1 ? '' : 's'}${notes.length ? `\n  notes:  ${notes.join('; ')}` : ''}
  into:   ${result.dir}

use it: restart the server with
  MUNICIPALITY=${m.id} DATA_DIR=${relDataDir} npm start
  or MUNICIPALITY=${m.id} DATA_DIR=${relDataDir} npm run demo`);
