/**
 * Routes an incident to a thematic block and a default department from the municipality's own
 * category table (municipality.json → categories), so another municipality edits data, not code.
 *
 * Order: the category field naming a category or block exactly («Отопление», «ЖКХ»); then keywords
 * in the category field («Ямы на дороге»); then keywords in the text; else the fallback block with no
 * department (the operator's triage queue).
 *
 * A keyword is one or more words matched on consecutive words of the text, case- and ё/е-insensitive:
 * a keyword word of 4+ letters is a stem that matches any word starting with it («вывоз мусор» matches
 * «вывозом мусора»), a word of up to 3 letters must match a whole word («ук», «тко», «сад»).
 * Each category scores the letters of its distinct matched keywords plus those of its group's keywords;
 * a group's own keywords alone route to the group's block and department. The highest score wins; on a
 * tie a category beats a bare group, then the earlier entry in the table wins.
 */
import type { Municipality } from './municipality.schema.ts';
import { wordsRu } from './ru-text.ts';

export interface RouteInput {
	category?: string | null;
	text?: string | null;
}

export interface Route {
	block: string;
	departmentId: string | null;
	/** the matched category's id; null when only a block or nothing matched */
	categoryId: string | null;
	via: 'category' | 'text' | 'fallback';
}

interface Target {
	block: string;
	departmentId: string | null;
	categoryId: string | null;
}

interface Keyword {
	words: string[];
	letters: number;
	group: number;
	// -1: the group's own keyword
	item: number;
}

interface Router {
	byName: Map<string, Target>;
	keywordsByPrefix: Map<string, Keyword[]>;
	targets: { group: Target; items: Target[] }[];
	fallback: Target;
}

const EXACT_WORD_MAX = 3;
const routers = new WeakMap<Municipality, Router>();

export function routeIncident(input: RouteInput, municipality: Municipality): Route {
	let router = routers.get(municipality);
	if (!router) {
		router = compile(municipality);
		routers.set(municipality, router);
	}

	const category = input.category?.trim() ? wordsRu(input.category) : [];
	if (category.length > 0) {
		const named = router.byName.get(category.join(' '));
		if (named) return { ...named, via: 'category' };
		const found = bestByKeywords(router, category);
		if (found) return { ...found, via: 'category' };
	}
	const text = input.text ? wordsRu(input.text) : [];
	const found = text.length > 0 ? bestByKeywords(router, text) : null;
	if (found) return { ...found, via: 'text' };
	return { ...router.fallback, via: 'fallback' };
}

function compile(m: Municipality): Router {
	const byName = new Map<string, Target>();
	const keywordsByPrefix = new Map<string, Keyword[]>();
	const addName = (name: string, target: Target) => {
		const key = wordsRu(name).join(' ');
		if (key && !byName.has(key)) byName.set(key, target);
	};
	const addKeyword = (keyword: string, group: number, item: number) => {
		const words = wordsRu(keyword);
		if (words.length === 0) return;
		const prefix = words[0].slice(0, 2);
		const list = keywordsByPrefix.get(prefix) ?? [];
		list.push({ words, letters: words.reduce((n, w) => n + w.length, 0), group, item });
		keywordsByPrefix.set(prefix, list);
	};

	const targets = m.categories.map((g, gi) => {
		const group: Target = { block: g.block, departmentId: g.departmentId, categoryId: null };
		g.keywords.forEach((k) => addKeyword(k, gi, -1));
		const items = g.items.map((c, ci) => {
			const target: Target = { block: g.block, departmentId: c.departmentId !== undefined ? c.departmentId : g.departmentId, categoryId: c.id };
			addName(c.name, target);
			addName(c.id, target);
			c.keywords.forEach((k) => addKeyword(k, gi, ci));
			return target;
		});
		return { group, items };
	});
	for (const b of m.blocks) {
		const group = m.categories.find((g) => g.block === b.id);
		const target: Target = { block: b.id, departmentId: group?.departmentId ?? null, categoryId: null };
		addName(b.name, target);
		if (b.fullName) addName(b.fullName, target);
		addName(b.id, target);
	}
	return { byName, keywordsByPrefix, targets, fallback: { block: m.fallbackBlock, departmentId: null, categoryId: null } };
}

function bestByKeywords(router: Router, words: string[]): Target | null {
	// distinct keywords only: «мусор» said five times is still one piece of evidence
	const matched = new Set<Keyword>();
	for (let i = 0; i < words.length; i++) {
		const candidates = router.keywordsByPrefix.get(words[i].slice(0, 2));
		if (!candidates) continue;
		for (const k of candidates) if (!matched.has(k) && matchesAt(words, i, k.words)) matched.add(k);
	}
	if (matched.size === 0) return null;

	const groupScore = new Map<number, number>();
	const itemScore = new Map<string, number>();
	for (const k of matched) {
		if (k.item === -1) groupScore.set(k.group, (groupScore.get(k.group) ?? 0) + k.letters);
		else itemScore.set(`${k.group}:${k.item}`, (itemScore.get(`${k.group}:${k.item}`) ?? 0) + k.letters);
	}

	// walked in table order and replaced only when strictly better, so the earlier entry wins a tie
	let best: Target | null = null;
	let bestScore = 0;
	let bestIsItem = false;
	for (const [gi, { group, items }] of router.targets.entries()) {
		const g = groupScore.get(gi) ?? 0;
		const candidates: [Target, number, boolean][] = g > 0 ? [[group, g, false]] : [];
		for (const [ci, item] of items.entries()) {
			const s = itemScore.get(`${gi}:${ci}`);
			if (s !== undefined) candidates.push([item, s + g, true]);
		}
		for (const [target, score, isItem] of candidates) {
			if (!best || score > bestScore || (score === bestScore && isItem && !bestIsItem)) {
				best = target;
				bestScore = score;
				bestIsItem = isItem;
			}
		}
	}
	return best;
}

function matchesAt(words: string[], start: number, keyword: string[]): boolean {
	if (start + keyword.length > words.length) return false;
	for (let k = 0; k < keyword.length; k++) {
		const w = words[start + k];
		const kw = keyword[k];
		if (kw.length <= EXACT_WORD_MAX ? w !== kw : !w.startsWith(kw)) return false;
	}
	return true;
}
