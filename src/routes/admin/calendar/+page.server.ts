import { fail } from '@sveltejs/kit';
import { formText as text, sameToken } from '#server/http/auth.ts';
import { CalendarActorSchema, CalendarDateSchema, LocalDayInputSchema } from '#domain/calendar/local-days.ts';
import { isWorkingDay, russianCalendar } from '#domain/sla.ts';
import { listLocalDays, putLocalDay, removeLocalDay } from '#server/calendar/calendar.service.ts';
import type { Actions, PageServerLoad } from './$types';

export type CalendarFormReason = 'token' | 'invalid' | 'notFound' | 'unavailable';

/** What the page gets back from an action: a refusal naming the fields, or what changed. */
export interface CalendarForm {
	reason?: CalendarFormReason;
	fields?: Record<string, string>;
	values?: { day: string; kind: string; reason: string; actor: string };
	done?: { day: string; removed: boolean };
}

/** The official non-working weekdays and shortened days of the coming year, for reference beside the local ones. */
function officialAhead(timeZone: string, today: string) {
	const cal = russianCalendar(timeZone);
	const until = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
	const inRange = (d: string) => d >= today && d <= until;
	return {
		holidays: cal.holidays.filter(inRange),
		workingWeekends: cal.workingWeekends.filter(inRange),
		shortDays: cal.shortDays.filter((d) => inRange(d) && isWorkingDay(d, cal))
	};
}

export const load: PageServerLoad = async ({ locals }) => {
	const ctx = locals.ctx;
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.calendar.timeZone }).format(ctx.now());
	return {
		timeZone: ctx.calendar.timeZone,
		dayStart: ctx.calendar.dayStart,
		dayEnd: ctx.calendar.dayEnd,
		today,
		localDays: await listLocalDays(ctx),
		official: officialAhead(ctx.calendar.timeZone, today)
	};
};

export const actions: Actions = {
	put: async ({ request, locals }) => {
		const data = await request.formData();
		const values = { day: text(data, 'day'), kind: text(data, 'kind'), reason: text(data, 'reason'), actor: text(data, 'actor') };
		if (!sameToken(text(data, 'token'), locals.ctx.config.ingest.token)) return fail(401, { reason: 'token', values } satisfies CalendarForm);
		const parsed = LocalDayInputSchema.safeParse(values);
		if (!parsed.success) {
			const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? ''), i.message]));
			return fail(400, { reason: 'invalid', fields, values } satisfies CalendarForm);
		}
		await putLocalDay(locals.ctx, parsed.data);
		return { done: { day: parsed.data.day, removed: false } } satisfies CalendarForm;
	},
	remove: async ({ request, locals }) => {
		const data = await request.formData();
		const day = text(data, 'remove');
		if (!sameToken(text(data, 'token'), locals.ctx.config.ingest.token)) return fail(401, { reason: 'token' } satisfies CalendarForm);
		const parsed = CalendarDateSchema.safeParse(day);
		const actor = CalendarActorSchema.safeParse(text(data, 'actor'));
		if (!parsed.success || !actor.success) {
			const fields: Record<string, string> = {};
			if (!parsed.success) fields.day = parsed.error.issues[0].message;
			if (!actor.success) fields.actor = actor.error.issues[0].message;
			return fail(400, { reason: 'invalid', fields } satisfies CalendarForm);
		}
		if (!(await removeLocalDay(locals.ctx, parsed.data, actor.data))) return fail(404, { reason: 'notFound' } satisfies CalendarForm);
		return { done: { day: parsed.data, removed: true } } satisfies CalendarForm;
	}
};
