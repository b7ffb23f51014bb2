import type { RequestHandler } from './$types';
import { handleActions } from '#server/incidents/actions.handler.ts';

export const POST: RequestHandler = ({ locals, request, params }) => handleActions(locals.ctx, request, params.id);
