import type { RequestHandler } from './$types';
import { handleRemoveDay } from '#server/calendar/calendar.handler.ts';

export const DELETE: RequestHandler = ({ locals, request, params }) => handleRemoveDay(locals.ctx, request, params.day);
