import type { IncidentInput } from '#domain/incident.ts';
import { maskPersonalData } from '#domain/masking.ts';
import type { Db } from '../db/client.ts';
import { incidentRepository, type IncidentRow, type NewIncidentRow } from '../db/repositories/incident.repository.ts';
import { initialClockStarts, initialLifecycle, stateColumns } from '../incidents/incident-sla.ts';

export interface IngestDeps {
	db: Db;
	/** category/text → thematic block and department; pure, from the municipality's data */
	route(input: { category?: string | null; text: string }): { block: string | null; departmentId: string | null };
	/** channel rules → deadlines as ISO strings; pure */
	deadlines(input: IncidentInput): Record<string, string>;
}

export interface IngestResult {
	created: boolean;
	row: IncidentRow;
}

/**
 * Stores a batch idempotently on (source, externalId): new incidents, their authors, a history event and
 * an outbox row are committed in one transaction before this resolves. Results follow the input order.
 */
export async function ingestIncidents(deps: IngestDeps, inputs: IncidentInput[]): Promise<IngestResult[]> {
	const rows = inputs.map((input) => toRow(deps, input));
	const authors = new Map(inputs.map((i) => [key(i.source, i.externalId), i.author]));

	const { inserted, existing } = await deps.db.transaction().execute(async (trx) => {
		const inserted = await incidentRepository.insertNew(trx, rows);
		if (inserted.length > 0) {
			await incidentRepository.insertAuthors(
				trx,
				inserted.flatMap((r) => {
					const a = authors.get(key(r.source, r.external_id));
					return a && (a.name || a.phone || a.email) ? [{ incidentId: r.id, ...a }] : [];
				})
			);
			await incidentRepository.appendEvents(
				trx,
				inserted.map((r) => ({ incidentId: r.id, type: 'created', actor: r.source, data: { channel: r.channel } }))
			);
			await incidentRepository.appendOutbox(
				trx,
				inserted.map((r) => ({ event: 'incident:created' as const, incidentId: r.id }))
			);
		}
		const insertedKeys = new Set(inserted.map((r) => key(r.source, r.external_id)));
		const missing = inputs.filter((i) => !insertedKeys.has(key(i.source, i.externalId)));
		const existing = await incidentRepository.findByKeys(trx, missing);
		return { inserted, existing };
	});

	const created = new Map(inserted.map((r) => [key(r.source, r.external_id), r]));
	const old = new Map(existing.map((r) => [key(r.source, r.external_id), r]));
	const seen = new Set<string>();
	return inputs.map((i) => {
		const k = key(i.source, i.externalId);
		const row = created.get(k);
		// the same key twice in one batch: the first is the creation, the rest are duplicates
		if (row && !seen.has(k)) {
			seen.add(k);
			return { created: true, row };
		}
		return { created: false, row: row ?? old.get(k)! };
	});
}

function toRow(deps: IngestDeps, input: IncidentInput): NewIncidentRow {
	const { block, departmentId } = deps.route({ category: input.category ?? null, text: input.text });
	// the life-cycle state is the source of truth; `deadlines` and the SLA columns mirror it
	const deadlines = deps.deadlines(input);
	const { columns } = stateColumns(initialLifecycle(input, deadlines), initialClockStarts(input.receivedAt, deadlines), new Date(input.receivedAt));
	return {
		source: input.source,
		external_id: input.externalId,
		channel: input.channel,
		received_at: input.receivedAt,
		title: input.title ? maskPersonalData(input.title, input.author) : null,
		text: input.text,
		text_public: maskPersonalData(input.text, input.author),
		category: input.category ?? null,
		block,
		department_id: departmentId,
		lat: input.lat ?? null,
		lon: input.lon ?? null,
		address: input.address ?? null,
		settlement_hint: input.settlement ?? null,
		urgent: input.urgent ?? false,
		due_at: input.dueAt ?? null,
		deadlines: columns.deadlines,
		lifecycle: columns.lifecycle,
		sla_started: columns.sla_started,
		// judged at the instant of receipt; a deadline already passed is flagged by its SLA job right away
		overdue_clocks: columns.overdue_clocks,
		overdue: columns.overdue,
		overdue_since: columns.overdue_since,
		sla_next_at: columns.sla_next_at
	};
}

const key = (source: string, externalId: string) => `${source}\u0000${externalId}`;
