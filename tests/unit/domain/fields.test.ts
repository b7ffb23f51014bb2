import { describe, expect, it } from 'vitest';
import { isoInstant, requiredText, storableText } from '../../../src/lib/domain/fields.ts';

describe('storableText', () => {
	it('drops NUL and replaces half a surrogate pair, keeping whole emoji', () => {
		expect(storableText('a\u0000b')).toBe('ab');
		expect(storableText('cut \ud83d')).toBe('cut \ufffd');
		expect(storableText('\ude00 start')).toBe('\ufffd start');
		expect(storableText('whole 😀 emoji')).toBe('whole 😀 emoji');
		expect(storableText('обычный текст')).toBe('обычный текст');
	});

	it('repairs before a required field is judged empty: a lone NUL is no text', () => {
		expect(requiredText(10).safeParse('\u0000').success).toBe(false);
		expect(requiredText(10).parse('  да\u0000  ')).toBe('да');
	});
});

describe('isoInstant', () => {
	it.each([['2000-01-01T00:00:00Z'], ['2026-11-23T10:15:00+03:00'], ['2099-12-31T23:59:59+03:00']])('takes %s', (s) => {
		expect(isoInstant.safeParse(s).success).toBe(true);
	});
	it.each([['0001-01-01T00:00:00+03:00'], ['1999-12-31T23:59:59Z'], ['2100-01-01T03:00:00+03:00'], ['2026-11-23T10:15:00']])('refuses %s', (s) => {
		expect(isoInstant.safeParse(s).success).toBe(false);
	});
});
