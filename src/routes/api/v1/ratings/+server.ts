import type { RequestHandler } from './$types';
import { handleRatings } from '#server/analytics/analytics.handlers.ts';

export const GET: RequestHandler = ({ locals, url }) => handleRatings(locals.ctx, url);
