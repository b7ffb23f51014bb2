/**
 * Field schemas that every input from outside shares (ingest, life-cycle actions, calendar days): text PostgreSQL can
 * store, and instants within a sane range. Pure zod, no I/O.
 */
import { z } from 'zod';

// NUL, and half of a surrogate pair (a sender that cut an emoji in two): PostgreSQL refuses both in text and JSON
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL can store it: NUL characters dropped, a lone surrogate replaced by U+FFFD (as a browser does).
 * A citizen's message must not be refused for a stray byte of its sender, so this repairs instead of rejecting.
 */
export function storableText(s: string): string {
	return UNSTORABLE.test(s) ? s.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD') : s;
}

/** A string from outside, repaired for storage: the start of every free-text field's schema. */
export const storableString = () => z.string().overwrite(storableText);
/** A string field from outside: repaired for storage, trimmed, at most `max` characters. */
export const textField = (max: number) => storableString().trim().max(max);
/** The same, and not empty. */
export const requiredText = (max: number, message?: string) => storableString().trim().min(1, message).max(max);

const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const LATEST = Date.parse('2100-01-01T00:00:00Z');

/** An instant as ISO 8601 with an offset, in 2000–2099: year 1 or 9999 is a sender's bug, not a date to count from. */
export const isoInstant = z.iso
	.datetime({ offset: true, message: 'expected ISO 8601 date-time with offset' })
	.refine((s) => {
		const t = Date.parse(s);
		return t >= EARLIEST && t < LATEST;
	}, 'expected a date between 2000 and 2099');
