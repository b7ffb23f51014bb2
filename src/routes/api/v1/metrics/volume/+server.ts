import type { RequestHandler } from './$types';
import { handleVolume } from '#server/analytics/analytics.handlers.ts';

export const GET: RequestHandler = ({ locals }) => handleVolume(locals.ctx);
