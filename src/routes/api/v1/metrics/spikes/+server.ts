import type { RequestHandler } from './$types';
import { handleSpikes } from '#server/analytics/analytics.handlers.ts';

export const GET: RequestHandler = ({ locals }) => handleSpikes(locals.ctx);
