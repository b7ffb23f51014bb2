import { parseJsonBody } from './json-body.ts';
import { fail } from './responses.ts';

export class BodyTooLarge extends Error {}

/** Reads at most `limit` bytes; throws BodyTooLarge as soon as the body (or its declared length) exceeds it. */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
	if (!request.body) return Buffer.alloc(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			throw new BodyTooLarge();
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks, size);
}

/**
 * The request's JSON body, or the answer to give instead: 413 over `limit` bytes, 400 when it is not JSON.
 * Validating the shape is the caller's (zod) job.
 */
export async function readJsonBody(request: Request, limit: number): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
	try {
		return { ok: true, body: parseJsonBody(await readBody(request, limit)) };
	} catch (err) {
		if (err instanceof BodyTooLarge) return { ok: false, response: fail(413, `body over ${limit} bytes`) };
		return { ok: false, response: fail(400, 'body is not valid JSON', [{ path: [], message: 'expected a JSON object' }]) };
	}
}
