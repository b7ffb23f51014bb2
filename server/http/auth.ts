import { timingSafeEqual } from 'node:crypto';

/** Bearer token check in constant time. */
export function hasBearer(request: Request, token: string): boolean {
	const header = request.headers.get('authorization') ?? '';
	const m = /^Bearer\s+(.+)$/i.exec(header);
	if (!m) return false;
	const a = Buffer.from(m[1].trim());
	const b = Buffer.from(token);
	return a.length === b.length && timingSafeEqual(a, b);
}
