import type { WallOverdue, WallOverdueCount, WallOverdueItem } from '#contracts/wall-overdue.ts';
import { dueSoonClocks } from '#domain/incident.ts';
import { sortCounts } from '#domain/wall/overdue-format.ts';
import { departmentWallName } from '#domain/wall/unit-names.ts';
import type { AppContext } from '../context.ts';
import type { IncidentRow } from '../db/repositories/incident.repository.ts';
import { json } from '../http/responses.ts';
import { overdueRepository } from './overdue.repository.ts';

/** rows the ticker can page through; the counts always cover every overdue incident */
export const OVERDUE_LIMIT = 200;

/**
 * GET /api/v1/wall/overdue: the wall's overdue ticker. No auth, like the wall's socket: wall-safe fields only
 * (no citizen text, no author). Due soon is evaluated at request time on `ctx.now()` from the stored clocks;
 * an overdue incident counts as overdue only, so the two states never double-count.
 */
export async function handleWallOverdue(ctx: AppContext): Promise<Response> {
	const now = ctx.now();
	const { municipality } = ctx.municipality;
	const blockNames = new Map(municipality.blocks.map((b) => [b.id, b.name]));
	// the wall's names: rows read across the room fit about 24 characters
	const departmentNames = new Map(municipality.departments.map((d) => [d.id, departmentWallName(d)]));

	const [rows, overdueCounts, candidates] = await Promise.all([
		overdueRepository.longestOverdue(ctx.db, OVERDUE_LIMIT),
		overdueRepository.overdueCounts(ctx.db),
		overdueRepository.withRunningDeadline(ctx.db)
	]);

	const byBlock = new Map<string | null, WallOverdueCount>();
	const byDepartment = new Map<string | null, WallOverdueCount>();
	const bump = (map: Map<string | null, WallOverdueCount>, id: string | null, name: string | null, key: 'overdue' | 'dueSoon', n: number) => {
		let row = map.get(id);
		if (!row) map.set(id, (row = { id, name, overdue: 0, dueSoon: 0 }));
		row[key] += n;
	};

	let overdueTotal = 0;
	for (const c of overdueCounts) {
		overdueTotal += c.n;
		bump(byBlock, c.block, nameOf(blockNames, c.block), 'overdue', c.n);
		bump(byDepartment, c.departmentId, nameOf(departmentNames, c.departmentId), 'overdue', c.n);
	}

	let dueSoonTotal = 0;
	for (const row of candidates) {
		// the view builds the clocks (start, due, due-soon instant, stopped) exactly as every screen sees them
		const incident = ctx.toIncident({ ...row, text: '', text_public: '' } satisfies IncidentRow);
		if (dueSoonClocks(incident, now).length === 0) continue;
		dueSoonTotal += 1;
		bump(byBlock, row.block, nameOf(blockNames, row.block), 'dueSoon', 1);
		bump(byDepartment, row.department_id, nameOf(departmentNames, row.department_id), 'dueSoon', 1);
	}

	const items: WallOverdueItem[] = rows.map((row) => {
		const incident = ctx.toIncident(row);
		return {
			id: incident.id,
			channel: incident.channel,
			status: incident.status,
			urgent: incident.urgent,
			hot: incident.hot,
			receivedAt: incident.receivedAt,
			overdueSince: incident.overdueSince ?? incident.receivedAt,
			overdueClock: incident.overdueClock ?? null,
			block: incident.block,
			blockName: nameOf(blockNames, incident.block),
			settlementId: incident.settlementId,
			settlementName: incident.settlementName,
			departmentId: incident.departmentId,
			departmentName: nameOf(departmentNames, incident.departmentId)
		};
	});

	const body: WallOverdue = {
		ok: true,
		serverTime: now.toISOString(),
		timeZone: municipality.timeZone,
		overdueTotal,
		dueSoonTotal,
		limit: OVERDUE_LIMIT,
		items,
		byBlock: sortCounts([...byBlock.values()]),
		byDepartment: sortCounts([...byDepartment.values()])
	};
	return json(body);
}

// an id the municipality file no longer lists (an import renamed it) is still shown, as its id
function nameOf(names: Map<string, string>, id: string | null): string | null {
	return id === null ? null : (names.get(id) ?? id);
}
