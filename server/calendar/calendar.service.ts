import { LocalDayInputSchema, type LocalDay, type LocalDayInput } from '#domain/calendar/local-days.ts';
import type { AppContext } from '../context.ts';
import { calendarDaysRepository } from './calendar-days.repository.ts';

type Deps = Pick<AppContext, 'db' | 'redis' | 'config' | 'logger' | 'reloadCalendar'>;

/** Every process (servers, workers) reloads its calendar on a message here. */
export const calendarChannel = (prefix: string) => `${prefix}:calendar`;

export async function listLocalDays(deps: Pick<AppContext, 'db'>): Promise<LocalDay[]> {
	return calendarDaysRepository.list(deps.db);
}

/**
 * Adds (or replaces) a local day. Deadlines computed from now on use it, in this process at once and in the
 * others as soon as they hear of it; deadlines already stored keep the term they were given.
 */
export async function putLocalDay(deps: Deps, input: LocalDayInput): Promise<void> {
	const day = LocalDayInputSchema.parse(input);
	await calendarDaysRepository.upsert(deps.db, day);
	deps.logger.info({ day: day.day, kind: day.kind, actor: day.actor }, 'local calendar day set');
	await changed(deps);
}

export async function removeLocalDay(deps: Deps, day: string, actor: string): Promise<boolean> {
	const removed = await calendarDaysRepository.remove(deps.db, day);
	if (removed) {
		deps.logger.info({ day, actor }, 'local calendar day removed');
		await changed(deps);
	}
	return removed;
}

async function changed(deps: Deps): Promise<void> {
	await deps.reloadCalendar();
	await deps.redis.publish(calendarChannel(deps.config.redis.prefix), '1').catch((err: unknown) => {
		deps.logger.warn({ err }, 'other processes will see the calendar change on their next start');
	});
}
