/**
 * Finds the settlement an address or a settlement field names, from the municipality's own places
 * and settlements: «п. Джубга», «пгт Новомихайловский», «Туапсе, ул. Карла Маркса 5»,
 * «Шепсинское с/п», «в Джубге», «Туапсинского поселения».
 *
 * How a name matches (case- and ё/е-insensitive, hyphens count as spaces):
 * - exactly, word for word («Агуй-Шапсуг» = «агуй шапсуг»);
 * - or inflected, by stem: a name word minus its final vowels/й/ь («Джубга» → «джубг») matches any
 *   word that starts with that stem and adds at most 4 letters («Джубге», «Туапсинского»). Stems
 *   shorter than 5 letters never match by stem («Шепси» → «шепс» is exact only). An inflected match
 *   counts only where it is clearly a place: after a type word («в посёлке Джубге») or a locative
 *   preposition («в Джубге», «из Агуй-Шапсуга»), or, for a settlement, before «поселение», «с/п», «ГП» …
 *   — so «Красная улица» or «пригородный автобус» do not become villages.
 * Words after a street word («ул. Шепсинская 5») up to the next comma are not names of places, and a
 * name followed by «район», «р-н», «округ» is the municipality itself («Туапсинский район»).
 *
 * The best candidate wins: an explicit one first (a type word before a place, a settlement word after
 * a settlement), then a place over a settlement (more specific), then more matched letters, then an
 * exact match, then the larger population, then the earlier position.
 */
import type { PlaceCollection, SettlementCollection } from './municipality.schema.ts';
import { isBreak, normalizeRu, wordsAndBreaksRu, wordsRu } from './ru-text.ts';

export interface GazetteerMatch {
	settlementId: string;
	placeId?: string;
	via: 'place' | 'settlement';
}

export interface Gazetteer {
	match(text: string): GazetteerMatch | null;
}

interface Entry {
	words: string[];
	// null: this word matches exactly only
	stems: (string | null)[];
	kind: 'place' | 'settlement';
	settlementId: string;
	placeId?: string;
	population: number;
}

interface Candidate {
	entry: Entry;
	position: number;
	// a type word before a place or a settlement word after a settlement
	explicit: boolean;
	letters: number;
	exact: boolean;
}

const MIN_STEM = 5;
const MAX_ENDING = 4;

// type words before a place name, with their common case forms («в селе», «в посёлке»)
const PLACE_TYPE_WORDS = new Set(
	(
		'г гор город города городе городу пгт рп кп п пос поселок поселка поселке поселку поселков ' +
		'с село села селе селу аул аула ауле аулу а х хут хутор хутора хуторе ст станица станицы станице ' +
		'д дер деревня деревни деревне нп'
	).split(' ')
);
const LOCATIVE_PREPOSITIONS = new Set('в во из у под около возле близ до от по'.split(' '));
// «… сельское поселение», «… с/п», «… ГП», «… городского поселения»
const SETTLEMENT_WORD_PREFIXES = ['поселен', 'сельск', 'городск', 'муниципальн', 'территориальн'];
const SETTLEMENT_WORDS = new Set(['сп', 'гп', 'мо', 'со', 'то']);
const STREET_WORDS = new Set(
	(
		'ул улица улице улицы пер переулок переулке пр просп проспект проспекте пл площадь площади ' +
		'ш шоссе наб набережная набережной бул бульвар проезд туп тупик мкр мкрн микрорайон кв квартал ' +
		'аллея снт тер территория'
	).split(' ')
);
const DISTRICT_WORD_PREFIXES = ['район', 'округ', 'муниципальн'];
const SETTLEMENT_QUALIFIER_WORDS = new Set(['городское', 'сельское', 'поселение', 'городского', 'сельского', 'поселения', 'сп', 'гп']);

export function createGazetteer(places: PlaceCollection, settlements: SettlementCollection): Gazetteer {
	const entries: Entry[] = [];
	const populationOf = new Map<string, number>();
	const ids = new Map<string, GazetteerMatch>();

	for (const { properties: s } of settlements.features) {
		populationOf.set(s.id, s.population ?? 0);
		ids.set(s.id, { settlementId: s.id, via: 'settlement' });
		const core = s.short_name_ru ? wordsRu(s.short_name_ru) : wordsRu(s.name_ru).filter((w) => !SETTLEMENT_QUALIFIER_WORDS.has(w));
		if (core.length > 0) entries.push(entry(core, 'settlement', s.id, undefined, s.population ?? 0));
	}
	const placeNames = new Set<string>();
	for (const { properties: p } of places.features) {
		if (!populationOf.has(p.settlement_id)) continue;
		ids.set(p.id, { settlementId: p.settlement_id, placeId: p.id, via: 'place' });
		const words = wordsRu(p.name_ru);
		placeNames.add(`${p.settlement_id}|${words.join(' ')}`);
		entries.push(entry(words, 'place', p.settlement_id, p.id, p.population ?? 0));
	}
	// a municipality imported without a places file still knows each settlement's admin centre
	for (const { properties: s } of settlements.features) {
		if (!s.admin_centre_ru) continue;
		const words = stripLeadingTypeWords(wordsRu(s.admin_centre_ru));
		if (words.length === 0 || placeNames.has(`${s.id}|${words.join(' ')}`)) continue;
		entries.push(entry(words, 'place', s.id, undefined, s.population ?? 0));
	}

	return {
		match(text) {
			const trimmed = normalizeRu(text).trim();
			if (!trimmed) return null;
			const byId = ids.get(trimmed);
			if (byId) return { ...byId };
			const tokens = wordsAndBreaksRu(text);
			const skip = streetWords(tokens);
			let best: Candidate | null = null;
			for (let i = 0; i < tokens.length; i++) {
				if (skip[i] || isBreak(tokens[i])) continue;
				for (const e of entries) {
					const c = candidateAt(tokens, skip, i, e);
					if (c && (!best || better(c, best))) best = c;
				}
			}
			if (!best) return null;
			const { entry: e } = best;
			return e.kind === 'place'
				? { settlementId: e.settlementId, ...(e.placeId ? { placeId: e.placeId } : {}), via: 'place' }
				: { settlementId: e.settlementId, via: 'settlement' };
		}
	};
}

function entry(words: string[], kind: Entry['kind'], settlementId: string, placeId: string | undefined, population: number): Entry {
	const stems = words.map((w) => {
		const stem = w.replace(/[аеиоуыэюяйь]+$/u, '');
		return stem.length >= MIN_STEM ? stem : null;
	});
	return { words, stems, kind, settlementId, placeId, population };
}

function candidateAt(tokens: string[], skip: boolean[], start: number, e: Entry): Candidate | null {
	let letters = 0;
	let exact = true;
	for (let k = 0; k < e.words.length; k++) {
		const i = start + k;
		const token = tokens[i];
		if (token === undefined || skip[i] || isBreak(token)) return null;
		if (token === e.words[k]) {
			letters += token.length;
			continue;
		}
		const stem = e.stems[k];
		if (stem === null || !token.startsWith(stem) || token.length - stem.length > MAX_ENDING) return null;
		letters += stem.length;
		exact = false;
	}
	const end = start + e.words.length;
	if (isDistrictWord(tokens, end)) return null;
	const before = tokens[start - 1];
	const typed = e.kind === 'place' && before !== undefined && PLACE_TYPE_WORDS.has(before);
	const qualified = e.kind === 'settlement' && isSettlementWord(tokens, end);
	const locative = before !== undefined && (LOCATIVE_PREPOSITIONS.has(before) || PLACE_TYPE_WORDS.has(before));
	if (!exact && !typed && !qualified && !locative) return null;
	return { entry: e, position: start, explicit: typed || qualified, letters, exact };
}

function better(a: Candidate, b: Candidate): boolean {
	if (a.explicit !== b.explicit) return a.explicit;
	if (a.entry.kind !== b.entry.kind) return a.entry.kind === 'place';
	if (a.letters !== b.letters) return a.letters > b.letters;
	if (a.exact !== b.exact) return a.exact;
	if (a.entry.population !== b.entry.population) return a.entry.population > b.entry.population;
	return a.position < b.position;
}

function isSettlementWord(tokens: string[], i: number): boolean {
	const t = tokens[i];
	if (t === undefined) return false;
	if (SETTLEMENT_WORDS.has(t) || SETTLEMENT_WORD_PREFIXES.some((p) => t.startsWith(p))) return true;
	// «с/п», «г/п», «с.п.» arrive as two words
	return (t === 'с' || t === 'г') && tokens[i + 1] === 'п';
}

function isDistrictWord(tokens: string[], i: number): boolean {
	const t = tokens[i];
	if (t === undefined) return false;
	if (DISTRICT_WORD_PREFIXES.some((p) => t.startsWith(p))) return true;
	// «р-н»
	return t === 'р' && tokens[i + 1] === 'н';
}

/** Marks words that follow a street word, up to the next break or house number. */
function streetWords(tokens: string[]): boolean[] {
	const skip = new Array<boolean>(tokens.length).fill(false);
	let inStreet = false;
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (isBreak(t) || /^\d/.test(t)) inStreet = false;
		else if (STREET_WORDS.has(t)) {
			inStreet = true;
			skip[i] = true;
		} else if (inStreet) skip[i] = true;
	}
	return skip;
}

function stripLeadingTypeWords(words: string[]): string[] {
	let i = 0;
	while (i < words.length - 1 && PLACE_TYPE_WORDS.has(words[i])) i++;
	return words.slice(i);
}
