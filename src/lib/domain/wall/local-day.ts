/** Local midnight without the SLA calendar (keeps the wall bundle small). */
const formats = new Map<string, Intl.DateTimeFormat>();

function offsetMs(atMs: number, timeZone: string): number {
	let f = formats.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
		formats.set(timeZone, f);
	}
	const p = Object.fromEntries(f.formatToParts(atMs).map((x) => [x.type, x.value]));
	const local = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
	return local - Math.floor(atMs / 1000) * 1000;
}

/** the instant local midnight began on the day of `atMs` in `timeZone` */
export function startOfLocalDayMs(atMs: number, timeZone: string): number {
	const off = offsetMs(atMs, timeZone);
	const local = new Date(atMs + off);
	const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
	// the offset at midnight may differ from the one now (a DST switch during the day)
	return midnightLocal - offsetMs(midnightLocal - off, timeZone);
}
