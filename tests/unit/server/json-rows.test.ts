// @ts-expect-error pg ships no types for its utils; prepareValue is what the driver calls on every parameter
import pgUtils from 'pg/lib/utils.js';
import { describe, expect, it } from 'vitest';
import { encodeJsonArray, JsonRows } from '../../../server/db/json-rows.ts';

const bytesOf = (rows: object[]) => Buffer.from(JSON.stringify(rows));

describe('JsonRows', () => {
	it('encodes a batch to the very bytes of JSON.stringify, whatever its text', () => {
		const rows = [
			{ text: 'Во дворе дома 12 не вывозят мусор', author: { name: 'Иванов', phone: null } },
			{ text: 'эмодзи 🚧 и кавычки " \\ и перевод\nстроки', lat: 44.1044, urgent: true },
			// a lone surrogate: JSON.stringify escapes it, so the bytes stay valid UTF-8
			{ text: 'обрыв \ud83d', deadlines: {} },
			{},
			{ nested: [1, 'два', { три: 3 }] }
		];
		expect(encodeJsonArray(rows)).toEqual(bytesOf(rows));
		expect(encodeJsonArray([])).toEqual(bytesOf([]));
	});

	it('grows past its first buffer without losing a byte (a batch of 2,000 incidents is megabytes)', () => {
		// three-byte characters push the estimate hardest: 40,000 × 3 bytes per row, 30 rows
		const rows = Array.from({ length: 30 }, (_, i) => ({ i, text: '€'.repeat(40_000 + i) }));
		const bytes = encodeJsonArray(rows);
		expect(bytes.length).toBeGreaterThan(3_600_000);
		// Buffer#equals: vitest's deep equality walks megabytes byte by byte
		expect(bytes.equals(bytesOf(rows))).toBe(true);
	});

	it('reaches pg as binary bytes and PGlite as JSON', () => {
		const rows = [{ text: 'Туапсе' }];
		// what pg sends for the parameter: a Buffer goes out in binary format, which for json is its UTF-8 text
		expect(pgUtils.prepareValue(new JsonRows(rows))).toEqual(bytesOf(rows));
		expect(JSON.stringify(new JsonRows(rows))).toBe(JSON.stringify(rows));
	});
});
