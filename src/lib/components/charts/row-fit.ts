/**
 * How many text rows a chart table shows and at what type size, from the box it actually has (css px). The type
 * follows the box's width, so a wide panel on a big wall gets big names; the rows follow its height. Pure.
 */

/** a row is at least this many times its type tall, so neighbouring names never touch */
export const ROW_PITCH = 1.3;
/** type per px of table width: a 605 px panel (1920×1080) gets the 18.9 px it always had */
export const TYPE_PER_WIDTH = 1 / 32;
/** type bounds in wall units (--u): under the floor a name is not read across the room, over the cap it crowds */
export const MIN_TYPE_U = 1.5;
export const MAX_TYPE_U = 2.2;
/** fewer rows than this and a rating says little: the type shrinks (to the floor) before a row is dropped */
export const MIN_ROWS = 4;

export interface RowFitInput {
	/** the table's box, css px (0 before layout) */
	widthPx: number;
	heightPx: number;
	/** css px per wall unit */
	unitPx: number;
	/** rows there are to show */
	items: number;
	/** never more rows than this */
	maxRows: number;
}

export interface RowFit {
	rows: number;
	/** font size of the row text, css px */
	fontPx: number;
}

export function fitRows({ widthPx, heightPx, unitPx, items, maxRows }: RowFitInput): RowFit {
	const cap = Math.max(1, Math.min(items, maxRows));
	const lo = unitPx * MIN_TYPE_U;
	const hi = unitPx * MAX_TYPE_U;
	// not laid out yet: a guess that the first measurement replaces
	if (!(widthPx > 0) || !(heightPx > 0)) return { rows: Math.min(cap, MIN_ROWS), fontPx: unitPx * 1.75 };
	const wide = clamp(widthPx * TYPE_PER_WIDTH, lo, hi);
	const fitting = Math.floor(heightPx / (wide * ROW_PITCH));
	if (fitting >= Math.min(cap, MIN_ROWS)) return { rows: Math.max(1, Math.min(cap, fitting)), fontPx: wide };
	// a short box: smaller type for the minimum rows, or as many rows as the floor allows
	const rows = Math.min(cap, MIN_ROWS);
	const fontPx = heightPx / (rows * ROW_PITCH);
	if (fontPx >= lo) return { rows, fontPx };
	return { rows: Math.max(1, Math.min(cap, Math.floor(heightPx / (lo * ROW_PITCH)))), fontPx: lo };
}

function clamp(x: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, x));
}
