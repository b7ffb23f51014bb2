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
	return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): Issue[] {
	return error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }));
}
