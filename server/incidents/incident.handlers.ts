import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { incidentRepository } from '../db/repositories/incident.repository.ts';
import { outboxRepository } from '../db/repositories/outbox.repository.ts';
import { hasBearer } from '../http/auth.ts';
import { fail, json, zodIssues } from '../http/responses.ts';
import { invalidIncidentId } from '../http/params.ts';
import { allowedActions } from '#domain/lifecycle.ts';
import type { Channel } from '#domain/incident.ts';
import { lifecycleOf } from './incident-sla.ts';

const ListQuerySchema = z.object({
	afterSeq: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(1000).default(100)
});

const unauthorized = () => fail(401, 'missing or invalid bearer token', [{ path: ['authorization'], message: 'expected "Bearer <INGEST_TOKEN>"' }]);

/** GET /api/v1/incidents/:id: the incident and the actions its life cycle allows now (what a console offers) */
export async function handleGetIncident(ctx: AppContext, request: Request, id: string): Promise<Response> {
	if (!hasBearer(request, ctx.config.ingest.token)) return unauthorized();
	const badId = invalidIncidentId(id);
	if (badId) return badId;
	const row = await incidentRepository.findById(ctx.db, id);
	if (!row) return fail(404, 'incident not found', [{ path: ['id'], message: `no incident ${id}` }]);
	return json({ ok: true, incident: ctx.toIncident(row), allowed: allowedActions(lifecycleOf(row, ctx.calendar), row.channel as Channel) });
}

/** GET /api/v1/incidents?afterSeq=&limit= : the change feed, in outbox order */
export async function handleListAfterSeq(ctx: AppContext, request: Request, url: URL): Promise<Response> {
	if (!hasBearer(request, ctx.config.ingest.token)) return unauthorized();
	const parsed = ListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return fail(400, 'invalid query', zodIssues(parsed.error));
	const { afterSeq, limit } = parsed.data;
	const rows = await outboxRepository.readAfter(ctx.db, afterSeq, limit);
	return json({
		ok: true,
		events: rows.map((r) => ({ seq: r.seq, type: r.event, incident: ctx.toIncident(r.incident) })),
		nextAfterSeq: rows.length ? rows[rows.length - 1].seq : afterSeq
	});
}
