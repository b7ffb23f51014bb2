import { z } from 'zod';
import { IncidentActionRequestSchema } from '#domain/lifecycle.ts';
import type { AppContext } from '../context.ts';
import { incidentRepository } from '../db/repositories/incident.repository.ts';
import { hasBearer } from '../http/auth.ts';
import { readJsonBody } from '../http/body.ts';
import { fail, json, zodIssues, type Issue } from '../http/responses.ts';
import { performIncidentAction } from './incident-actions.service.ts';
import { invalidIncidentId } from '../http/params.ts';

// until accounts exist (a later issue) actions use the service token (INGEST_TOKEN) and carry the actor's name
const unauthorized = () => fail(401, 'missing or invalid bearer token', [{ path: ['authorization'], message: 'expected "Bearer <INGEST_TOKEN>"' }]);
const notFound = (id: string) => fail(404, 'incident not found', [{ path: ['id'], message: `no incident ${id}` }]);
const MAX_ACTION_BYTES = 64 * 1024;

/** POST /api/v1/incidents/:id/actions with `{ action, version, actor, … }`. */
export async function handleActions(ctx: AppContext, request: Request, id: string): Promise<Response> {
	if (!hasBearer(request, ctx.config.ingest.token)) return unauthorized();
	const badId = invalidIncidentId(id);
	if (badId) return badId;
	const read = await readJsonBody(request, MAX_ACTION_BYTES);
	if (!read.ok) return read.response;
	const parsed = IncidentActionRequestSchema.safeParse(read.body);
	if (!parsed.success) return fail(400, 'invalid payload', zodIssues(parsed.error as z.ZodError));

	const out = await performIncidentAction(ctx, id, parsed.data);
	if (out.ok) return json({ ok: true, incident: ctx.toIncident(out.row), event: out.event, allowed: out.allowed });
	switch (out.error) {
		case 'not_found':
			return notFound(id);
		case 'unknown_department':
			return fail(400, 'invalid payload', [{ path: ['departmentId'], message: `no department «${out.departmentId}» in this municipality` }]);
		case 'stale_version':
			return json(
				{ ok: false, error: 'stale version', issues: [{ path: ['version'], message: `the incident is at version ${out.row.version}` }], incident: ctx.toIncident(out.row) },
				409
			);
		case 'illegal_action':
			return json(
				{
					ok: false,
					error: 'illegal action',
					issues: [{ path: ['action'], message: `${parsed.data.action} is not allowed in status ${out.row.status}; allowed: ${out.allowed.join(', ')}` }],
					allowed: out.allowed,
					incident: ctx.toIncident(out.row)
				},
				409
			);
		case 'invalid':
			return fail(400, 'invalid payload', [ruleIssue(out.message, parsed.data)]);
	}
}

/** GET /api/v1/incidents/:id/events: the history, oldest first. */
export async function handleEvents(ctx: AppContext, request: Request, id: string): Promise<Response> {
	if (!hasBearer(request, ctx.config.ingest.token)) return unauthorized();
	const badId = invalidIncidentId(id);
	if (badId) return badId;
	const row = await incidentRepository.findById(ctx.db, id);
	if (!row) return notFound(id);
	const events = await incidentRepository.events(ctx.db, id, 10_000);
	return json({
		ok: true,
		incidentId: id,
		version: row.version,
		events: events.map((e) => ({ id: Number(e.id), type: e.type, actor: e.actor, at: new Date(e.at).toISOString(), data: e.data }))
	});
}

// the domain names a broken rule in words; the API names the field it is about
const RULE_FIELDS: Array<[RegExp, string]> = [
	[/execution date/, 'executionDate'],
	[/publishes with a status/, 'resolution'],
	[/clock has already stopped/, 'clock'],
	[/satisfaction window runs until/, 'action']
];

function ruleIssue(message: string, body: Record<string, unknown>): Issue {
	const first = /^([a-zA-Z]+)\b/.exec(message)?.[1];
	if (first && first in body) return { path: [first], message };
	const field = RULE_FIELDS.find(([re]) => re.test(message))?.[1];
	return { path: field ? [field] : [], message };
}
