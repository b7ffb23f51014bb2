import type { z } from 'zod';

export interface Issue {
	path: (string | number)[];
	message: string;
}

/** The one failure shape of the product: HTTP bodies and Socket.IO acks alike. */
export function fail(status: number, error: string, issues: Issue[] = []): Response {
	return json({ ok: false, error, issues }, status);
}

export function json(body: unknown, status = 200): Response {
	// bytes, not a string: undici scans a string body for lone surrogates first (3 % of the server's time at full
	// ingest); JSON.stringify never leaves one, it escapes them
	return new Response(Buffer.from(JSON.stringify(body)), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
	return error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
}
