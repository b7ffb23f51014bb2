import type { RequestHandler } from './$types';
import { handleEvents } from '#server/incidents/actions.handler.ts';

export const GET: RequestHandler = ({ locals, request, params }) => handleEvents(locals.ctx, request, params.id);
