import type { RequestHandler } from './$types';
import { handleTrends } from '#server/analytics/analytics.handlers.ts';

export const GET: RequestHandler = ({ locals }) => handleTrends(locals.ctx);
