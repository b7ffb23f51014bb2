import type { RequestHandler } from './$types';
import { handleGetCalendar } from '#server/calendar/calendar.handler.ts';

export const GET: RequestHandler = ({ locals, request }) => handleGetCalendar(locals.ctx, request);
