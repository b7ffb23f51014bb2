import { z } from 'zod';
import { CalendarActorSchema, CalendarDateSchema, LocalDayInputSchema } from '#domain/calendar/local-days.ts';
import type { AppContext } from '../context.ts';
import { hasBearer } from '../http/auth.ts';
import { readJsonBody } from '../http/body.ts';
import { fail, json, zodIssues } from '../http/responses.ts';
import { listLocalDays, putLocalDay, removeLocalDay } from './calendar.service.ts';

// until accounts exist the calendar is changed with the service token, and every change names its actor
const unauthorized = () => fail(401, 'missing or invalid bearer token', [{ path: ['authorization'], message: 'expected "Bearer <INGEST_TOKEN>"' }]);
const MAX_BYTES = 16 * 1024;

/** GET /api/v1/calendar: the working calendar in force and the municipality's own days. */
export async function handleGetCalendar(ctx: AppContext, request: Request): Promise<Response> {
	if (!hasBearer(request, ctx.config.ingest.token)) return unauthorized();
	const { timeZone, dayStart, dayEnd } = ctx.calendar;
	return json({ timeZone, dayStart, dayEnd, localDays: await listLocalDays(ctx) });
}

/** POST /api/v1/calendar/days with `{ day, kind: 'holiday' | 'working', reason, actor }`. */
export async function handlePutDay(ctx: AppContext, request: Request): Promise<Response> {
	if (!hasBearer(request, ctx.config.ingest.token)) return unauthorized();
	const read = await readJsonBody(request, MAX_BYTES);
	if (!read.ok) return read.response;
	const parsed = LocalDayInputSchema.safeParse(read.body);
	if (!parsed.success) return fail(400, 'invalid payload', zodIssues(parsed.error as z.ZodError));
	await putLocalDay(ctx, parsed.data);
	return json({ ok: true, localDays: await listLocalDays(ctx) }, 201);
}

/** DELETE /api/v1/calendar/days/:day?actor=…: the day follows the official calendar again. */
export async function handleRemoveDay(ctx: AppContext, request: Request, day: string): Promise<Response> {
	if (!hasBearer(request, ctx.config.ingest.token)) return unauthorized();
	const parsedDay = CalendarDateSchema.safeParse(day);
	if (!parsedDay.success) return fail(400, 'invalid day', zodIssues(parsedDay.error as z.ZodError, ['day']));
	const actor = CalendarActorSchema.safeParse(new URL(request.url).searchParams.get('actor') ?? '');
	if (!actor.success) return fail(400, 'invalid payload', zodIssues(actor.error as z.ZodError, ['actor']));
	if (!(await removeLocalDay(ctx, parsedDay.data, actor.data))) return fail(404, 'no such local day', [{ path: ['day'], message: `${day} is not a local day` }]);
	return json({ ok: true, localDays: await listLocalDays(ctx) });
}
