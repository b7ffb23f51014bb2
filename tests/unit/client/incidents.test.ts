import { describe, expect, it } from 'vitest';
import type { Incident } from '#domain/incident.ts';
import type { SyncPayload } from '#contracts/events.ts';
import { IncidentsStore } from '../../../src/lib/client/incidents.svelte.ts';
import { decodeMapPoints, encodeMapPoints } from '../../../src/lib/domain/wall/map-points.ts';

const NOW = Date.parse('2026-11-23T10:00:00+03:00');

function incident(n: number, overrides: Partial<Incident> = {}): Incident {
	const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	const at = new Date(NOW - n * 1000).toISOString();
	return {
		id, source: 't', externalId: String(n), channel: 'pos', receivedAt: at, title: null, text: 'Яма на дороге',
		category: null, block: null, settlementId: null, settlementName: null, placement: 'coordinates',
		departmentId: null, lat: 44.1, lon: 39.07, address: null, status: 'received', urgent: false, hot: false,
		dueAt: null, deadlines: {}, overdue: false, overdueSince: null, version: 1, createdAt: at, updatedAt: at,
		...overrides
	};
}

const stats = { today: 0, open: 0, hot: 0, overdue: 0 };
function sync(p: Partial<SyncPayload>): SyncPayload {
	return { events: [], snapshot: null, points: null, upTo: 0, stats, serverTime: new Date(NOW).toISOString(), ...p };
}
const created = (seq: number, n: number) => ({ type: 'incident:created' as const, seq, incident: incident(n) });

describe('incidents store', () => {
	it('maps the columns of a snapshot’s older incidents, and takes them whole from their next event', () => {
		const s = new IncidentsStore();
		const older = [
			incident(3, { status: 'in_work', hot: true, block: 'roads', settlementId: 'shepsi', overdue: true, overdueSince: new Date(NOW - 60_000).toISOString() }),
			incident(4, { lat: null, lon: null, urgent: true, block: 'roads' })
		];
		s.applySync(sync({ upTo: 4, snapshot: [incident(1), incident(2)], points: encodeMapPoints(older) }));
		// the map draws what has coordinates; the counts read the rest through incident()
		expect(s.rows.map((r) => [r.id, r.status, r.hot, r.overdue])).toEqual([
			[incident(1).id, 'received', false, false],
			[incident(2).id, 'received', false, false],
			[incident(3).id, 'in_work', true, true]
		]);
		expect(s.incident(incident(3).id)).toMatchObject({ block: 'roads', settlementId: 'shepsi', overdueSince: older[0].overdueSince });
		expect(s.incident(incident(4).id)).toMatchObject({ urgent: true, lat: null });
		expect(s.incident(incident(4).id)).not.toHaveProperty('text');
		s.applyIncident({ seq: 5, incident: incident(3, { version: 2, status: 'closed' }) }, false);
		expect(s.incident(incident(3).id)).toMatchObject({ text: 'Яма на дороге', status: 'closed' });
		expect(s.rows.find((r) => r.id === incident(3).id)!.status).toBe('closed');
	});

	it('round-trips the map fields through the columns, repeated strings numbered once', () => {
		const many = Array.from({ length: 50 }, (_, n) => incident(n, { block: n % 2 ? 'roads' : null, departmentId: 'transport_roads', hot: n % 7 === 0 }));
		const points = encodeMapPoints(many);
		expect(points.block.dict).toEqual(['roads']);
		expect(points.departmentId.dict).toEqual(['transport_roads']);
		const back = decodeMapPoints(JSON.parse(JSON.stringify(points)));
		for (const [k, i] of many.entries()) {
			const { id, version, channel, receivedAt, createdAt, block, settlementId, departmentId, lat, lon, status, urgent, hot, overdue, overdueSince } = i;
			expect(back[k]).toEqual({ id, version, channel, receivedAt, createdAt, block, settlementId, departmentId, lat, lon, status, urgent, hot, overdue, overdueSince });
		}
	});

	it('holds live events until the sync and shows every incident once', () => {
		const s = new IncidentsStore();
		s.applySync(sync({ upTo: 2, snapshot: [incident(1), incident(2)] }));
		s.expectSync();
		// reconnect: live 4 and 5 beat the sync, which covers 3..4
		s.applyIncident({ seq: 4, incident: incident(4) }, true);
		s.applyIncident({ seq: 5, incident: incident(5) }, true);
		expect(s.rows).toHaveLength(2);
		s.applySync(sync({ upTo: 4, events: [created(3, 3), created(4, 4)] }));
		expect(s.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5].map((n) => incident(n).id));
		expect(s.lastSeq).toBe(5);
		s.applyIncident({ seq: 5, incident: incident(5) }, true);
		expect(s.rows).toHaveLength(5);
	});

	it('replaces an updated incident in place and reports only the changed rows', () => {
		const s = new IncidentsStore();
		s.applySync(sync({ upTo: 3, events: [created(1, 1), created(2, 2), created(3, 3)] }));
		const data = s.rows;
		const v = s.version;
		s.applyIncident({ seq: 4, incident: incident(2, { status: 'closed', version: 2 }) }, false);
		s.applyIncident({ seq: 5, incident: incident(6) }, true);
		s.applyIncident({ seq: 6, incident: incident(7) }, true);
		expect(s.rows).toBe(data);
		expect(s.rows[1].status).toBe('closed');
		expect(s.rangesSince(v)).toEqual([
			{ startRow: 1, endRow: 2 },
			{ startRow: 3, endRow: 5 }
		]);
	});

	it('never lets an older version overwrite a newer one', () => {
		const s = new IncidentsStore();
		s.applySync(sync({ upTo: 1, events: [{ type: 'incident:updated', seq: 1, incident: incident(1, { version: 3 }) }] }));
		s.applyRepair(sync({ upTo: 1, events: [created(0, 1)] }));
		expect(s.rows[0]).toMatchObject({ status: 'received' });
		expect(s.size).toBe(1);
	});

	it('keeps at most the cap, newest first, in a new array', () => {
		const s = new IncidentsStore({ cap: 10 });
		s.applySync(sync({ upTo: 0, snapshot: [] }));
		const data = s.rows;
		for (let n = 1; n <= 11; n++) s.applyIncident({ seq: n, incident: incident(100 - n) }, true);
		expect(s.rows).not.toBe(data);
		expect(s.size).toBeLessThanOrEqual(10);
		expect(s.rows.some((r) => r.id === incident(99).id)).toBe(false);
	});

	it('takes a snapshot as the whole truth, even below its seq', () => {
		const s = new IncidentsStore();
		s.applySync(sync({ upTo: 50, events: [created(50, 1)] }));
		s.expectSync();
		s.applySync(sync({ upTo: 3, snapshot: [incident(2)] }));
		expect(s.lastSeq).toBe(3);
		expect(s.rows.map((r) => r.id)).toEqual([incident(2).id]);
		s.applyIncident({ seq: 4, incident: incident(4) }, true);
		expect(s.rows).toHaveLength(2);
	});
});
