import type { IncidentInput } from '#domain/incident.ts';
import { maskPersonalData } from '#domain/masking.ts';
import type { Db } from '../db/client.ts';
import { incidentRepository, type IncidentRow, type IngestRow } from '../db/repositories/incident.repository.ts';
import type { OutboxEntry } from '../db/repositories/outbox.repository.ts';
import type { PlacedIncident } from '#domain/geo/place-incident.ts';
import { GroupCommit } from './group-commit.ts';
import { initialClockStarts, initialLifecycle, stateValues } from '../incidents/incident-sla.ts';

export interface IngestDeps {
	db: Db;
	/** category/text → thematic block and department; pure, from the municipality's data */
	route(input: { category?: string | null; text: string }): { block: string | null; departmentId: string | null };
	/** channel rules → deadlines as ISO strings; pure */
	deadlines(input: IncidentInput): Record<string, string>;
	/** coordinates → settlement; pure. Null leaves the incident to the placing job (address, settlement name) */
	place(input: IncidentInput): PlacedIncident | null;
	/**
	 * The outbox rows of each storing statement, once, right after its commit and before its callers resolve: the
	 * relay's hand-off. A statement merges several callers' batches, and they share this one call.
	 */
	committed(outbox: OutboxEntry[]): void;
}

export interface IngestResult {
	created: boolean;
	row: IncidentRow;
}

/**
 * Stores a batch idempotently on (source, externalId): new incidents, their authors, a history event and
 * an outbox row are committed together, in one statement, before it resolves. Results follow the input order.
 */
export type Ingest = (inputs: IncidentInput[]) => Promise<IngestResult[]>;

/** The ingest of one process: concurrent callers share statements through one group commit. */
export function createIngest(deps: IngestDeps): Ingest {
	const group = new GroupCommit<IngestRow, Stored>(
		async (rows) => {
			const { created, existing, outbox } = await incidentRepository.ingest(deps.db, rows);
			if (outbox.length > 0) deps.committed(outbox);
			return { created, existing };
		},
		splitStored,
		{ maxInFlight: 2, maxRows: 2000 }
	);
	return (inputs) => ingestWith(deps, group, inputs);
}

async function ingestWith(deps: IngestDeps, group: GroupCommit<IngestRow, Stored>, inputs: IncidentInput[]): Promise<IngestResult[]> {
	const rows = inputs.map((input) => toRow(deps, input));
	const { created: inserted, existing } = await group.submit(rows);

	const created = new Map(inserted.map((r) => [key(r.source, r.external_id), r]));
	const old = new Map(existing.map((r) => [key(r.source, r.external_id), r]));
	// a key another sender committed while this batch waited for it: visible to a new statement
	const raced = inputs.filter((i) => !created.has(key(i.source, i.externalId)) && !old.has(key(i.source, i.externalId)));
	for (const r of await incidentRepository.findByKeys(deps.db, raced)) old.set(key(r.source, r.external_id), r);
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

/** what one statement stored, or a caller's share of it */
type Stored = { created: IncidentRow[]; existing: IncidentRow[] };

/**
 * A merged statement's rows, per caller: a key created by the statement belongs to the first caller that sent it
 * (the statement keeps the first occurrence); to later callers it is an existing incident, as for a resend.
 */
function splitStored(out: Stored, callers: IngestRow[][]): Stored[] {
	const created = new Map(out.created.map((r) => [key(r.source, r.external_id), r]));
	const existing = new Map(out.existing.map((r) => [key(r.source, r.external_id), r]));
	const claimed = new Set<string>();
	return callers.map((rows) => {
		const mine: Stored = { created: [], existing: [] };
		const seen = new Set<string>();
		for (const r of rows) {
			const k = key(r.source, r.external_id);
			if (seen.has(k)) continue;
			seen.add(k);
			const row = created.get(k);
			if (row && !claimed.has(k)) {
				claimed.add(k);
				mine.created.push(row);
			} else if (row) mine.existing.push(row);
			else if (existing.has(k)) mine.existing.push(existing.get(k)!);
		}
		return mine;
	});
}

function toRow(deps: IngestDeps, input: IncidentInput): IngestRow {
	const { block, departmentId } = deps.route({ category: input.category ?? null, text: input.text });
	// the life-cycle state is the source of truth; `deadlines` and the SLA columns mirror it
	const deadlines = deps.deadlines(input);
	const placed = deps.place(input);
	const { values } = stateValues(initialLifecycle(input, deadlines), initialClockStarts(input.receivedAt, deadlines), new Date(input.receivedAt));
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
		settlement_id: placed?.settlementId ?? null,
		placement: placed?.placement ?? 'pending',
		urgent: input.urgent ?? false,
		due_at: input.dueAt ?? null,
		deadlines: values.deadlines,
		lifecycle: values.lifecycle as unknown as Record<string, unknown>,
		sla_started: values.sla_started,
		// judged at the instant of receipt; a deadline already passed is flagged by its SLA job right away
		overdue_clocks: values.overdue_clocks,
		overdue: values.overdue,
		overdue_since: values.overdue_since,
		sla_next_at: values.sla_next_at,
		author: input.author ?? null
	};
}

const key = (source: string, externalId: string) => `${source}\u0000${externalId}`;
