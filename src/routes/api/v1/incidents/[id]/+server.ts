import type { RequestHandler } from './$types';
import { handleGetIncident } from '#server/incidents/incident.handlers.ts';

export const GET: RequestHandler = ({ locals, request, params }) => handleGetIncident(locals.ctx, request, params.id);
