/**
 * Russian text normalisation shared by the gazetteer and the router: lower case, ё → е,
 * words are runs of letters and digits (hyphens, dots and slashes separate words).
 */
export function normalizeRu(text: string): string {
	return text.toLowerCase().replace(/ё/g, 'е');
}

/** The first letter upper-cased: «упр. транспорта» → «Упр. транспорта». */
export function capitalise(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

const WORD = /[\p{L}\p{N}]+/gu;

export function wordsRu(text: string): string[] {
	return normalizeRu(text).match(WORD) ?? [];
}

/** Words plus the separators that end an address part (comma, semicolon, brackets, new line). */
const WORD_OR_BREAK = /[\p{L}\p{N}]+|[,;()\n]/gu;

export function wordsAndBreaksRu(text: string): string[] {
	return normalizeRu(text).match(WORD_OR_BREAK) ?? [];
}

export const isBreak = (token: string): boolean => token.length === 1 && ',;()\n'.includes(token);
