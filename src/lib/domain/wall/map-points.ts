/**
 * The older part of a wall's snapshot: only what the map and the counts read, as columns. A screen that connects
 * gets up to 20,000 incidents of the last 7 days; as whole incidents that was a 20 MB frame the server built and
 * the screen parsed before its first frame. As columns with repeated strings numbered it is about a ninth.
 */
import type { Channel, Incident, IncidentStatus } from '../incident.ts';

/** The fields of an incident the wall's map, tiles, settlement counts and tickers read. */
export type MapIncident = Pick<
	Incident,
	'id' | 'version' | 'channel' | 'receivedAt' | 'createdAt' | 'block' | 'settlementId' | 'departmentId' | 'lat' | 'lon' | 'status' | 'urgent' | 'hot' | 'overdue' | 'overdueSince'
>;

/** A string column: each value's index in `dict`, -1 for null. */
export interface CodedColumn {
	dict: string[];
	codes: number[];
}

export interface MapPoints {
	id: string[];
	version: number[];
	channel: CodedColumn;
	status: CodedColumn;
	block: CodedColumn;
	settlementId: CodedColumn;
	departmentId: CodedColumn;
	/** epoch ms */
	receivedAt: number[];
	createdAt: number[];
	/** epoch ms, null when not overdue */
	overdueSince: Array<number | null>;
	lat: Array<number | null>;
	lon: Array<number | null>;
	/** URGENT | HOT | OVERDUE */
	flags: number[];
}

const URGENT = 1;
const HOT = 2;
const OVERDUE = 4;

function coded(values: Iterable<string | null>): CodedColumn {
	const index = new Map<string, number>();
	const dict: string[] = [];
	const codes: number[] = [];
	for (const v of values) {
		if (v === null) {
			codes.push(-1);
			continue;
		}
		let code = index.get(v);
		if (code === undefined) {
			code = dict.length;
			index.set(v, code);
			dict.push(v);
		}
		codes.push(code);
	}
	return { dict, codes };
}

const decoded = (c: CodedColumn, i: number): string | null => (c.codes[i] === -1 ? null : (c.dict[c.codes[i]] ?? null));
const msOrNull = (iso: string | null) => (iso === null ? null : Date.parse(iso));

export function encodeMapPoints(incidents: readonly MapIncident[]): MapPoints {
	return {
		id: incidents.map((i) => i.id),
		version: incidents.map((i) => i.version),
		channel: coded(incidents.map((i) => i.channel)),
		status: coded(incidents.map((i) => i.status)),
		block: coded(incidents.map((i) => i.block)),
		settlementId: coded(incidents.map((i) => i.settlementId)),
		departmentId: coded(incidents.map((i) => i.departmentId)),
		receivedAt: incidents.map((i) => Date.parse(i.receivedAt)),
		createdAt: incidents.map((i) => Date.parse(i.createdAt)),
		overdueSince: incidents.map((i) => msOrNull(i.overdueSince)),
		lat: incidents.map((i) => i.lat),
		lon: incidents.map((i) => i.lon),
		flags: incidents.map((i) => (i.urgent ? URGENT : 0) | (i.hot ? HOT : 0) | (i.overdue ? OVERDUE : 0))
	};
}

export function decodeMapPoints(p: MapPoints): MapIncident[] {
	const out: MapIncident[] = new Array(p.id.length);
	for (let i = 0; i < p.id.length; i++) {
		const since = p.overdueSince[i];
		out[i] = {
			id: p.id[i],
			version: p.version[i],
			channel: decoded(p.channel, i) as Channel,
			status: decoded(p.status, i) as IncidentStatus,
			block: decoded(p.block, i),
			settlementId: decoded(p.settlementId, i),
			departmentId: decoded(p.departmentId, i),
			receivedAt: new Date(p.receivedAt[i]).toISOString(),
			createdAt: new Date(p.createdAt[i]).toISOString(),
			overdueSince: since === null || since === undefined ? null : new Date(since).toISOString(),
			lat: p.lat[i],
			lon: p.lon[i],
			urgent: (p.flags[i] & URGENT) !== 0,
			hot: (p.flags[i] & HOT) !== 0,
			overdue: (p.flags[i] & OVERDUE) !== 0
		};
	}
	return out;
}

/** What a screen holds: whole incidents (live events, the newest of a snapshot) and map-only ones from its columns. */
export type WallIncident = MapIncident & Partial<Omit<Incident, keyof MapIncident>>;
