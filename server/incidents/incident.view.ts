import type { Channel, Incident, IncidentStatus, Placement, SlaClock, SlaClockName } from '#domain/incident.ts';
import { CLOCKS, type LifecycleState } from '#domain/lifecycle.ts';
import { maskFlatNumber } from '#domain/masking.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';
import { clockStartsOf, dueSoonAt } from './incident-sla.ts';

export type SettlementNames = (id: string) => string | undefined;

// stored JSON already holds UTC ISO strings of this exact form: passed on instead of being parsed and printed again
// (a view has up to a dozen instants; at a 20k snapshot or a 500-incident batch that was most of its time)
const UTC_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const iso = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' && UTC_ISO.test(d) ? d : new Date(d).toISOString());

/**
 * The wall-safe view: masked text, no flat number, no author. Every screen and every API answer goes through here.
 * It reads stored columns only (no clock), so a replayed event shows exactly what the live one showed;
 * "due soon" is left to the screen's clock through `clocks[].dueSoonAt` (see `isDueSoon`).
 */
export function toIncident(row: IncidentRow, settlementName: SettlementNames): Incident {
	// written by our own code only; a cheap shape check instead of a parse keeps 20k-incident snapshots fast
	const stored = row.lifecycle as Partial<LifecycleState> | null;
	const state = stored && typeof stored.status === 'string' && stored.stopped ? (stored as LifecycleState) : null;
	const deadlines = (row.deadlines ?? {}) as Record<string, string>;
	const overdueClocks = ((row.overdue_clocks ?? []) as SlaClockName[]).slice().sort((a, b) => Date.parse(deadlines[a]) - Date.parse(deadlines[b]));
	const starts = clockStartsOf(row);
	const clocks: SlaClock[] = [];
	let nextDueAt: string | null = null;
	for (const clock of CLOCKS) {
		const due = deadlines[clock];
		if (!due) continue;
		const stoppedAt = state?.stopped[clock] ?? null;
		const startedAt = starts[clock] ?? iso(row.received_at)!;
		const overdue = overdueClocks.includes(clock);
		clocks.push({ clock, startedAt: iso(startedAt)!, dueAt: iso(due)!, stoppedAt: iso(stoppedAt), dueSoonAt: dueSoonAt(startedAt, due), overdue });
		if (stoppedAt === null && !overdue && clock !== 'satisfaction' && (nextDueAt === null || Date.parse(due) < Date.parse(nextDueAt))) nextDueAt = iso(due);
	}
	return {
		id: row.id,
		source: row.source,
		externalId: row.external_id,
		channel: row.channel as Channel,
		receivedAt: iso(row.received_at)!,
		title: row.title,
		text: row.text_public,
		category: row.category,
		block: row.block,
		settlementId: row.settlement_id,
		settlementName: row.settlement_id ? (settlementName(row.settlement_id) ?? row.settlement_id) : null,
		placement: row.placement as Placement,
		departmentId: row.department_id,
		lat: row.lat,
		lon: row.lon,
		address: row.address === null ? null : maskFlatNumber(row.address),
		status: row.status as IncidentStatus,
		urgent: row.urgent,
		hot: row.hot,
		dueAt: iso(row.due_at),
		deadlines,
		overdue: row.overdue,
		overdueSince: iso(row.overdue_since),
		overdueClocks,
		overdueClock: overdueClocks[0] ?? null,
		clocks,
		nextDueAt,
		resolution: state?.resolution ?? null,
		reopenCount: state?.reopenCount ?? 0,
		reworkCount: state?.reworkCount ?? 0,
		promisedAt: state?.promisedAt ?? null,
		version: row.version,
		createdAt: iso(row.created_at)!,
		updatedAt: iso(row.updated_at)!
	};
}
