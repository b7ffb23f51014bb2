import { z } from 'zod';
import { IncidentInputSchema, type IncidentInput } from '#domain/incident.ts';
import type { AppContext } from '../context.ts';
import { hasBearer } from '../http/auth.ts';
import { BodyTooLarge, readBody } from '../http/body.ts';
import { parseJsonBody } from '../http/json-body.ts';
import { fail, json, zodIssues, type Issue } from '../http/responses.ts';
import { isStorageUnavailable } from '../db/errors.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';

const RETRY_AFTER_S = 5;

/** POST /api/v1/incidents: one incident or an array of up to 1,000; idempotent on (source, externalId). */
export async function handleIngest(ctx: AppContext, request: Request): Promise<Response> {
	const { metrics, config } = ctx;
	const endTimer = metrics.ingestSeconds.startTimer();
	const reject = (reason: string, res: Response) => {
		metrics.rejected.inc({ reason });
		return res;
	};
	if (!hasBearer(request, config.ingest.token)) {
		return reject('unauthorized', fail(401, 'missing or invalid bearer token', [{ path: ['authorization'], message: 'expected "Bearer <INGEST_TOKEN>"' }]));
	}
	let raw: Buffer;
	try {
		raw = await readBody(request, config.ingest.maxBodyBytes);
	} catch (err) {
		if (err instanceof BodyTooLarge) {
			const res = fail(413, `body over ${config.ingest.maxBodyBytes} bytes`, [{ path: [], message: 'split the batch into smaller requests' }]);
			// the unread rest of the upload makes the connection unusable for the next request
			res.headers.set('connection', 'close');
			return reject('too_large', res);
		}
		throw err;
	}
	let body: unknown;
	try {
		body = parseJsonBody(raw);
	} catch {
		return reject('invalid', fail(400, 'body is not valid JSON', [{ path: [], message: 'expected a JSON object or array' }]));
	}
	const batch = Array.isArray(body);
	const items = batch ? (body as unknown[]) : [body];
	if (batch && items.length === 0) return reject('invalid', fail(400, 'empty batch', [{ path: [], message: 'expected 1 to 1000 incidents' }]));
	if (items.length > config.ingest.maxBatch) {
		return reject('invalid', fail(400, 'batch too large', [{ path: [], message: `at most ${config.ingest.maxBatch} incidents per request` }]));
	}
	const inputs: IncidentInput[] = [];
	const issues: Issue[] = [];
	items.forEach((item, i) => {
		const parsed = IncidentInputSchema.safeParse(item);
		if (parsed.success) inputs.push(parsed.data);
		else issues.push(...zodIssues(parsed.error as z.ZodError, batch ? [i] : []));
	});
	// a batch is all or nothing: a sender fixes the named fields and resends the same ids
	if (issues.length) return reject('invalid', fail(400, 'invalid payload', issues));

	let results: Awaited<ReturnType<typeof ctx.ingest>>;
	try {
		results = await ctx.ingest(inputs);
	} catch (err) {
		if (!isStorageUnavailable(err)) throw err;
		// not acknowledged, so the sender keeps the batch and sends it again: stored or not (a connection can die
		// after the commit), the same ids are never stored twice
		ctx.logger.error({ err }, 'ingest: storage unavailable');
		const res = fail(503, 'storage unavailable: retry later, resending the same batch is safe', [{ path: [], message: `retry after ${RETRY_AFTER_S} s` }]);
		res.headers.set('retry-after', String(RETRY_AFTER_S));
		return reject('unavailable', res);
	}
	for (const r of results) if (r.created) metrics.ingested.inc({ channel: r.row.channel });
	endTimer();
	const anyCreated = results.some((r) => r.created);
	const minimal = wantsMinimal(request);
	// the wall view, or with `Prefer: return=minimal` only what a sender keeps to match its items: a bulk loader
	// then does not receive (nor the server encode) its whole batch back
	const incident = minimal ? (row: IncidentRow) => ({ id: row.id, source: row.source, externalId: row.external_id }) : ctx.toIncident;
	const answer = (body: object) => {
		const res = json(body, anyCreated ? 201 : 200);
		if (minimal) res.headers.set('preference-applied', 'return=minimal');
		return res;
	};
	if (!batch) {
		const [r] = results;
		return answer({ ok: true, created: r.created, incident: incident(r.row) });
	}
	return answer({
		ok: true,
		created: results.filter((r) => r.created).length,
		duplicates: results.filter((r) => !r.created).length,
		results: results.map((r) => ({ created: r.created, incident: incident(r.row) }))
	});
}

/** RFC 7240: `Prefer: return=minimal`, among other preferences in one or several headers */
function wantsMinimal(request: Request): boolean {
	const prefer = request.headers.get('prefer');
	return prefer !== null && /(?:^|[,;\s])return\s*=\s*"?minimal"?(?:$|[,;\s])/i.test(prefer);
}
