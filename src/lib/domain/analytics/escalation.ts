/**
 * Conflict and escalation signals (ratings-and-analytics.md A5, issue 6): repeat complaints on one address, on one
 * topic or from one author, and many negative citizen reactions for one unit, within a sliding window up to `now`.
 * Pure and O(items): the worker passes the window's complaints and reactions.
 */
import { z } from 'zod';

const DAY_MS = 86_400_000;

export const EscalationConfigSchema = z.object({
	windowDays: z.number().positive().max(366).default(7),
	/** this many complaints on one address / topic / author within the window is a signal */
	minRepeats: z.number().int().min(2).default(3),
	negative: z
		.object({
			minCount: z.number().int().min(1).default(5),
			/** negative ÷ all reactions for the unit in the window */
			minShare: z.number().min(0).max(1).default(0.3)
		})
		.prefault({})
});
export type EscalationConfig = z.infer<typeof EscalationConfigSchema>;
export const DEFAULT_ESCALATION_CONFIG: EscalationConfig = EscalationConfigSchema.parse({});

// ---- address keys -----------------------------------------------------------------------------------------

const TOKEN = /[\p{L}\p{N}]+(?:[-/][\p{L}\p{N}]+)*/gu;
// the word before these is a region or district name: «Краснодарский край», «Туапсинский р-н»
const REGION_AFTER = new Set(['край', 'область', 'обл', 'район', 'р-н', 'округ', 'ао']);
// the word after these is a region name: «Республика Адыгея»
const REGION_BEFORE = new Set(['республика', 'респ']);
// settlement and street types: dropped, so «ул. Ленина, д. 5» and «Ленина 5» are one address
const TYPE_WORDS = new Set([
	'г', 'гор', 'город', 'пгт', 'пос', 'поселок', 'п', 'с', 'село', 'ст', 'станица', 'ст-ца', 'х', 'хутор', 'д', 'дер', 'деревня',
	'дом', 'ул', 'улица', 'пр', 'пр-т', 'просп', 'проспект', 'пер', 'переулок', 'пл', 'площадь', 'ш', 'шоссе', 'б-р', 'бул',
	'бульвар', 'наб', 'набережная', 'проезд', 'пр-д', 'туп', 'тупик', 'мкр', 'мкр-н', 'микрорайон', 'кв-л', 'квартал',
	'аллея', 'им', 'имени', 'россия', 'рф'
]);
// these and the number after them are inside a building: not part of "one address"
const INSIDE_WORDS = new Set(['кв', 'квартира', 'оф', 'офис', 'пом', 'помещение', 'подъезд', 'под', 'эт', 'этаж', 'комн', 'комната']);
const BUILDING = new Map([
	['к', 'к'], ['корп', 'к'], ['корпус', 'к'], ['стр', 'с'], ['строение', 'с'], ['лит', 'л'], ['литера', 'л']
]);
const isNumberish = (t: string) => /^\d/.test(t);

/**
 * A comparable key of an address: lower case, ё → е, no postcode, region, settlement or street-type words, no
 * flat or office; house letters glued («5 а», «5-а» → «5а»), corpus as «к2». Null when nothing is left.
 */
export function normalizeAddress(address: string | null | undefined): string | null {
	if (!address) return null;
	const raw = address.toLowerCase().replace(/ё/g, 'е').match(TOKEN) ?? [];
	const out: string[] = [];
	for (let i = 0; i < raw.length; i++) {
		const t = raw[i];
		if (/^\d{6}$/.test(t)) continue;
		if (REGION_AFTER.has(t)) {
			if (out.length > 0 && !isNumberish(out[out.length - 1])) out.pop();
			continue;
		}
		if (REGION_BEFORE.has(t)) {
			i++;
			continue;
		}
		if (INSIDE_WORDS.has(t)) {
			if (i + 1 < raw.length && isNumberish(raw[i + 1])) i++;
			continue;
		}
		const building = BUILDING.get(t);
		if (building && i + 1 < raw.length && isNumberish(raw[i + 1])) {
			out.push(building + raw[++i]);
			continue;
		}
		if (TYPE_WORDS.has(t)) continue;
		if (isNumberish(t)) {
			out.push(t.replace(/-/g, ''));
			continue;
		}
		// a single letter right after a house number is its letter; elsewhere it is an initial
		if (t.length === 1) {
			if (out.length > 0 && /^\d+$/.test(out[out.length - 1])) out[out.length - 1] += t;
			continue;
		}
		out.push(t);
	}
	return out.length > 0 ? out.join(' ') : null;
}

// ---- signals ----------------------------------------------------------------------------------------------

export interface ComplaintFact {
	incidentId: string;
	at: Date | number | string;
	settlementId?: string | null;
	address?: string | null;
	/** e.g. category, a root cause or a social-media thread; the caller decides what "one topic" is */
	topicKey?: string | null;
	/** a stable pseudonymous author id (never the name) */
	authorKey?: string | null;
}

export interface ReactionFact {
	incidentId: string;
	/** the department or settlement the reaction is about */
	unit: string;
	at: Date | number | string;
	negative: boolean;
}

export const ESCALATION_KINDS = ['repeat_address', 'repeat_topic', 'repeat_author', 'negative_reactions'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export interface EscalationSignal {
	kind: EscalationKind;
	/** the address key (`settlementId|address`), the topic key, the author key or the unit */
	key: string;
	/** repeat complaints, or negative reactions */
	count: number;
	/** negative_reactions only: all reactions for the unit in the window, and the negative share */
	total?: number;
	share?: number;
	/** the latest complaint's own address, for display */
	label?: string;
	firstAt: string;
	lastAt: string;
	incidentIds: string[];
}

interface Group {
	count: number;
	total: number;
	first: number;
	last: number;
	label?: string;
	ids: string[];
}

const toMs = (at: Date | number | string) => (typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime());

function add(groups: Map<string, Group>, key: string, ms: number, id: string, label?: string): void {
	let g = groups.get(key);
	if (!g) groups.set(key, (g = { count: 0, total: 0, first: ms, last: ms, ids: [] }));
	g.count++;
	if (ms < g.first) g.first = ms;
	if (ms >= g.last) {
		g.last = ms;
		if (label !== undefined) g.label = label;
	}
	g.ids.push(id);
}

function signal(kind: EscalationKind, key: string, g: Group): EscalationSignal {
	return {
		kind,
		key,
		count: g.count,
		...(g.label !== undefined ? { label: g.label } : {}),
		firstAt: new Date(g.first).toISOString(),
		lastAt: new Date(g.last).toISOString(),
		incidentIds: g.ids
	};
}

const bySize = (a: EscalationSignal, b: EscalationSignal) =>
	b.count - a.count || (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Repeat complaints in (now − windowDays, now]: ≥ minRepeats on one address (with a house number, within one
 * settlement), on one topic key, or from one author.
 */
export function repeatComplaints(
	complaints: readonly ComplaintFact[],
	now: Date,
	config: EscalationConfig = DEFAULT_ESCALATION_CONFIG
): EscalationSignal[] {
	const to = now.getTime();
	const from = to - config.windowDays * DAY_MS;
	const address = new Map<string, Group>();
	const topic = new Map<string, Group>();
	const author = new Map<string, Group>();
	for (const c of complaints) {
		const ms = toMs(c.at);
		if (!(ms > from && ms <= to)) continue;
		const a = normalizeAddress(c.address);
		// a street without a house number is not "one address"
		if (a !== null && /\d/.test(a)) add(address, `${c.settlementId ?? ''}|${a}`, ms, c.incidentId, c.address ?? undefined);
		if (c.topicKey) add(topic, c.topicKey, ms, c.incidentId);
		if (c.authorKey) add(author, c.authorKey, ms, c.incidentId);
	}
	const out: EscalationSignal[] = [];
	for (const [kind, groups] of [
		['repeat_address', address],
		['repeat_topic', topic],
		['repeat_author', author]
	] as const) {
		for (const [key, g] of groups) if (g.count >= config.minRepeats) out.push(signal(kind, key, g));
	}
	return out.sort(bySize);
}

/** Units with ≥ negative.minCount negative reactions in the window that are ≥ negative.minShare of their reactions. */
export function negativeReactions(
	reactions: readonly ReactionFact[],
	now: Date,
	config: EscalationConfig = DEFAULT_ESCALATION_CONFIG
): EscalationSignal[] {
	const to = now.getTime();
	const from = to - config.windowDays * DAY_MS;
	const units = new Map<string, Group>();
	for (const r of reactions) {
		const ms = toMs(r.at);
		if (!(ms > from && ms <= to)) continue;
		let g = units.get(r.unit);
		if (!g) units.set(r.unit, (g = { count: 0, total: 0, first: ms, last: ms, ids: [] }));
		g.total++;
		if (!r.negative) continue;
		if (g.count === 0 || ms < g.first) g.first = ms;
		if (g.count === 0 || ms > g.last) g.last = ms;
		g.count++;
		g.ids.push(r.incidentId);
	}
	const out: EscalationSignal[] = [];
	for (const [unit, g] of units) {
		const share = g.count / g.total;
		if (g.count >= config.negative.minCount && share >= config.negative.minShare) {
			out.push({ ...signal('negative_reactions', unit, g), total: g.total, share });
		}
	}
	return out.sort(bySize);
}

/** All escalation signals at `now`: repeat complaints (biggest first), then negative reactions (biggest first). */
export function escalationSignals(
	input: { complaints?: readonly ComplaintFact[]; reactions?: readonly ReactionFact[] },
	now: Date,
	config: EscalationConfig = DEFAULT_ESCALATION_CONFIG
): EscalationSignal[] {
	return [...repeatComplaints(input.complaints ?? [], now, config), ...negativeReactions(input.reactions ?? [], now, config)];
}
