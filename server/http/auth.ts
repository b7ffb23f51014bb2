import { timingSafeEqual } from 'node:crypto';

/** Compares a given secret with the expected one in constant time. */
export function sameToken(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Bearer token check in constant time. */
export function hasBearer(request: Request, token: string): boolean {
	const m = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
	return m !== null && sameToken(m[1].trim(), token);
}

/** A text field of a submitted form, trimmed; '' when absent or a file. */
export function formText(data: FormData, key: string): string {
	const v = data.get(key);
	return typeof v === 'string' ? v.trim() : '';
}
