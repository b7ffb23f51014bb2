import type { RequestHandler } from './$types';
import { handleIngest } from '#server/ingest/ingest.handler.ts';
import { handleListAfterSeq } from '#server/incidents/incident.handlers.ts';

export const POST: RequestHandler = ({ locals, request }) => handleIngest(locals.ctx, request);
export const GET: RequestHandler = ({ locals, request, url }) => handleListAfterSeq(locals.ctx, request, url);
