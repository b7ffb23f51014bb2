
import type { Db } from '../db/client.ts';

const HOUR_MS = 3_600_000;

type CubeDim = 'block' | 'settlement_id';

/** Σ n of the cube's cells of one bucket size in [from, to), per bucket and the given dimensions. */
async function cubeSums<D extends CubeDim>(db: Db, size: 'hour' | 'day', dims: readonly D[], from: Date, to: Date): Promise<Array<Record<D, string> & { bucket: Date; n: number }>> {
	const rows = await db
		.selectFrom('metric_counts')
		.select([...(dims as readonly CubeDim[]), 'bucket', (eb) => eb.fn.sum<number>('n').as('n')])
		.where('size', '=', size)
		.where('bucket', '>=', from)
		.where('bucket', '<', to)
		.groupBy([...(dims as readonly CubeDim[]), 'bucket'])
		.execute();
	return rows.map((r) => ({ ...(r as unknown as Record<D, string>), bucket: new Date(r.bucket), n: Number(r.n) }));
}

/** Reads of the metric aggregates; SQL lives here only. */
export const metricsRepository = {
	/** Incidents per hour bucket in [from, to), as a dense array (missing hours are 0). */
	async hourly(db: Db, from: Date, to: Date): Promise<number[]> {
		const out = new Array<number>(Math.max(0, Math.round((to.getTime() - from.getTime()) / HOUR_MS))).fill(0);
		for (const r of await cubeSums(db, 'hour', [], from, to)) {
			const i = Math.round((r.bucket.getTime() - from.getTime()) / HOUR_MS);
			if (i >= 0 && i < out.length) out[i] += r.n;
		}
		return out;
	},

	/** The first hour with an incident: where the history of this installation begins (null: none yet). */
	async firstHour(db: Db): Promise<Date | null> {
		const row = await db.selectFrom('metric_counts').select((eb) => eb.fn.min('bucket').as('first')).where('size', '=', 'hour').executeTakeFirst();
		return row?.first ? new Date(row.first) : null;
	},

	/** Incidents per local day in [from, to) by block or settlement. */
	async dailyBy(db: Db, dim: CubeDim, from: Date, to: Date): Promise<Array<{ key: string; bucket: Date; n: number }>> {
		const rows = await cubeSums(db, 'day', [dim], from, to);
		return rows.map((r) => ({ key: r[dim], bucket: r.bucket, n: r.n }));
	},

	/** Incidents per hour bucket in [from, to) by block × settlement. */
	async hourlyByBlockSettlement(db: Db, from: Date, to: Date): Promise<Array<{ block: string; settlementId: string; bucket: Date; n: number }>> {
		const rows = await cubeSums(db, 'hour', ['block', 'settlement_id'], from, to);
		return rows.map((r) => ({ block: r.block, settlementId: r.settlement_id, bucket: r.bucket, n: r.n }));
	},

	/** Per-unit facts summed over local days [fromDay, toDay], one row per unit (and channel when not combined). */
	async unitDays(db: Db, kind: string, fromDay: string, toDay: string, channel: string | null) {
		let q = db
			.selectFrom('metric_unit_days')
			.selectAll()
			.where('kind', '=', kind)
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay);
		if (channel) q = q.where('channel', '=', channel);
		return q.execute();
	},

	async cursor(db: Db): Promise<{ seq: number; applied: number }> {
		const row = await db.selectFrom('metric_cursor').select(['seq', 'applied']).where('name', '=', 'aggregate').executeTakeFirst();
		return { seq: Number(row?.seq ?? 0), applied: Number(row?.applied ?? 0) };
	},

	/** Texts (masked, wall-safe) of incidents in [from, to) of one block and settlement, newest first. */
	async texts(db: Db, block: string | null, settlementId: string | null, from: Date, to: Date, limit: number): Promise<string[]> {
		let q = db.selectFrom('incidents').select('text_public').where('received_at', '>=', from).where('received_at', '<', to);
		q = block ? q.where('block', '=', block) : q.where('block', 'is', null);
		q = settlementId ? q.where('settlement_id', '=', settlementId) : q.where('settlement_id', 'is', null);
		const rows = await q.orderBy('received_at', 'desc').limit(limit).execute();
		return rows.map((r) => r.text_public);
	},

	/** Complaints of the window for the escalation signals: address, place and topic, no author data. */
	async complaints(db: Db, from: Date, to: Date, limit: number) {
		return db
			.selectFrom('incidents')
			.select(['id', 'received_at', 'settlement_id', 'address', 'category', 'block'])
			.where('received_at', '>=', from)
			.where('received_at', '<', to)
			.orderBy('received_at', 'desc')
			.limit(limit)
			.execute();
	},

	/** Citizen reactions of the window with the department the incident was with. */
	async reactions(db: Db, from: Date, to: Date, limit: number) {
		return db
			.selectFrom('incident_events as e')
			.innerJoin('incidents as i', 'i.id', 'e.incident_id')
			.select(['e.incident_id', 'e.type', 'e.at', 'e.data', 'i.department_id'])
			.where('e.type', 'in', ['citizen_reaction', 'reopen'])
			.where('e.at', '>=', from)
			.where('e.at', '<', to)
			.orderBy('e.id', 'desc')
			.limit(limit)
			.execute();
	},

	async lastRecompute(db: Db) {
		return db.selectFrom('metric_recomputes').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
	}
};

