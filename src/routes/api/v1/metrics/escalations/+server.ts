import type { RequestHandler } from './$types';
import { handleEscalations } from '#server/analytics/analytics.handlers.ts';

export const GET: RequestHandler = ({ locals }) => handleEscalations(locals.ctx);
