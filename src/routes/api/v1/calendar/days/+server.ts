import type { RequestHandler } from './$types';
import { handlePutDay } from '#server/calendar/calendar.handler.ts';

export const POST: RequestHandler = ({ locals, request }) => handlePutDay(locals.ctx, request);
