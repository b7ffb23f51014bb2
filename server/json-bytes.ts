/** The bytes of JSON's punctuation, for code that reads or writes JSON as UTF-8 without making strings of it. */
export const JsonByte = {
	QUOTE: 0x22,
	BACKSLASH: 0x5c,
	COMMA: 0x2c,
	OPEN_ARRAY: 0x5b,
	CLOSE_ARRAY: 0x5d,
	OPEN_OBJECT: 0x7b,
	CLOSE_OBJECT: 0x7d
} as const;

/** JSON's whitespace: space, line feed, carriage return, tab */
export const isJsonSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
