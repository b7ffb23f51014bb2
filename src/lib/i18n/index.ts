import { ru, type MessageKey } from './ru.ts';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

export const locale = 'ru-RU';

const dictionaries: Record<string, Record<MessageKey, string>> = { ru };
const active: Record<MessageKey, string> = dictionaries.ru;

/**
 * Translates a UI string. Parameters replace `{name}` placeholders; numbers are formatted for the locale.
 * An unknown placeholder is left as is so a missing parameter is visible, not silently empty.
 */
export function t(key: MessageKey, params?: MessageParams): string {
	const template = active[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole;
		return typeof value === 'number' ? formatNumber(value) : value;
	});
}

const numberFormat = new Intl.NumberFormat(locale);

export function formatNumber(value: number): string {
	return numberFormat.format(value);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${timeZone}|${JSON.stringify(options)}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
		formatters.set(key, f);
	}
	return f;
}

/** hh:mm (or hh:mm:ss) on the municipality's clock, whatever the browser's zone */
export function formatTime(at: number | Date, timeZone: string, seconds = false): string {
	return formatter(timeZone, {
		hour: '2-digit',
		minute: '2-digit',
		...(seconds ? { second: '2-digit' } : {}),
		hourCycle: 'h23'
	}).format(at);
}

/** «23 ноября» on the municipality's calendar */
export function formatDate(at: number | Date, timeZone: string): string {
	return formatter(timeZone, { day: 'numeric', month: 'long' }).format(at);
}

/** «понедельник, 23 ноября» on the municipality's calendar */
export function formatDay(at: number | Date, timeZone: string): string {
	return formatter(timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(at);
}
