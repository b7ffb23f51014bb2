import { JsonByte } from '../json-bytes.ts';

/**
 * A batch of rows as one `json` parameter (ingest hands PostgreSQL its whole batch this way).
 *
 * pg sends it as UTF-8 bytes in binary format, which for `json` is its text, encoded row by row. Handed one
 * `JSON.stringify` of the whole batch, pg first measured that string and then encoded it: V8 builds such a string
 * from many parts and joins them at the first look, into a string too large for its young generation, which is a
 * fresh memory mapping each time (and page faults cost 20 µs apiece on the VM the product is measured on). A batch of
 * 500 incidents (600 kB) took 5.8 ms of CPU that way, and takes 2.9 ms this way: a tenth of a bulk ingest's server
 * CPU.
 *
 * PGlite serialises an object parameter with `JSON.stringify`, which `toJSON` serves.
 */
export class JsonRows {
	readonly #rows: readonly object[];

	constructor(rows: readonly object[]) {
		this.#rows = rows;
	}

	/** pg's hook for a parameter object: a Buffer goes out as binary */
	toPostgres(): Buffer {
		return encodeJsonArray(this.#rows);
	}

	toJSON(): readonly object[] {
		return this.#rows;
	}
}

const { OPEN_ARRAY: OPEN, COMMA, CLOSE_ARRAY: CLOSE } = JsonByte;

/** The UTF-8 bytes of `JSON.stringify(rows)`, written row by row. */
export function encodeJsonArray(rows: readonly object[]): Buffer {
	if (rows.length === 0) return Buffer.from('[]');
	let buf = EMPTY;
	let at = 0;
	for (let i = 0; i < rows.length; i++) {
		const json = JSON.stringify(rows[i]);
		// a UTF-16 code unit takes at most 3 bytes of UTF-8; plus a comma and the closing bracket
		const need = at + 3 * json.length + 2;
		if (need > buf.length) {
			// sized for the rest of the batch at once: the rows of a batch are much alike, and each regrowth copies
			const grown = Buffer.allocUnsafe(Math.max(need, at + Math.ceil((rows.length - i) * 2.5 * (json.length + 1)), 2 * buf.length));
			buf.copy(grown, 0, 0, at);
			buf = grown;
		}
		buf[at++] = i === 0 ? OPEN : COMMA;
		at += buf.write(json, at);
	}
	buf[at++] = CLOSE;
	return buf.subarray(0, at);
}

const EMPTY = Buffer.alloc(0);
