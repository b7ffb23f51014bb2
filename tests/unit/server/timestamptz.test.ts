import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TIMESTAMPTZ_OID, timestamptzParser } from '../../../server/db/timestamptz.ts';

// pg's own parser, as the driver had it: the fast one must read every value exactly as it did
const pgParser = pg.types.getTypeParser(TIMESTAMPTZ_OID) as (v: string) => unknown;
const parse = timestamptzParser(pgParser);
// the ISO output alone: a value that fell back to pg would throw here
const fastOnly = timestamptzParser((v) => {
	throw new Error(`fell back for ${v}`);
});
const same = (v: string) => expect(parse(v), v).toEqual(pgParser(v));
const sameFast = (v: string) => expect(fastOnly(v), v).toEqual(pgParser(v));

describe('timestamptz parser', () => {
	it('reads PostgreSQL output in any offset and precision as pg did', () => {
		for (const v of [
			'2026-12-07 19:08:00+00',
			'2026-12-07 19:08:00.123456+00',
			'2026-12-07 19:08:00.1+03',
			'2026-12-07 19:08:00.999999-01',
			'2026-03-29 02:30:00.5+05:30',
			'2000-01-01 00:00:00+00',
			'2099-12-31 23:59:59.999+14',
			'1970-01-01 03:00:00+03'
		])
			sameFast(v);
	});

	it('reads random instants in random zones as pg did', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
		for (let i = 0; i < 2000; i++) {
			const offsetMin = Math.round((rand() * 26 - 12) * 4) * 15;
			const local = new Date(Date.UTC(2000, 0, 1) + rand() * 100 * 365 * 86_400_000 + offsetMin * 60_000);
			const micro = String(Math.floor(rand() * 1e6)).padStart(6, '0').slice(0, 1 + Math.floor(rand() * 6));
			const sign = offsetMin < 0 ? '-' : '+';
			const hh = String(Math.floor(Math.abs(offsetMin) / 60)).padStart(2, '0');
			const mm = Math.abs(offsetMin) % 60;
			const v = `${local.toISOString().slice(0, 19).replace('T', ' ')}${rand() < 0.3 ? '' : `.${micro}`}${sign}${hh}${mm ? `:${String(mm).padStart(2, '0')}` : ''}`;
			sameFast(v);
		}
	});

	it('leaves infinity, BC dates, far years and offsets with seconds to pg', () => {
		for (const v of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '12026-01-01 00:00:00+00', '1890-01-01 00:00:00+02:30:17']) same(v);
	});
});
