import type { Channel, Incident, IncidentStatus, Placement } from '#domain/incident.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';

export type SettlementNames = (id: string) => string | undefined;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** The wall-safe view: masked text, no author. Every screen and every API answer goes through here. */
export function toIncident(row: IncidentRow, settlementName: SettlementNames): Incident {
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
		address: row.address,
		status: row.status as IncidentStatus,
		urgent: row.urgent,
		hot: row.hot,
		dueAt: iso(row.due_at),
		deadlines: row.deadlines ?? {},
		overdue: row.overdue,
		overdueSince: iso(row.overdue_since),
		version: row.version,
		createdAt: iso(row.created_at)!,
		updatedAt: iso(row.updated_at)!
	};
}
