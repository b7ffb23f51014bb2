/**
 * Masks personal data in citizen text before it reaches a wall or a role that may not see it.
 * Pure: shared by the server (at publish time) and tests.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// russian and international phone forms: +7 (918) 123-45-67, 8 918 1234567, 89181234567, 123-45-67
const PHONE = /(?:\+?\d[\s\-()]*){6,14}\d/g;
// a patronymic in any case: Иванович, Ивановичу, Ивановна, Ивановной, Ильинична … (-ов/-ев before the ending, so
// that «Главной» is not one)
const PATRONYMIC = '[А-ЯЁ][а-яё]+(?:(?:ов|ев|ёв)ич(?:а|у|ем|е)?|(?:ов|ев)н(?:а|ы|е|у|ой|ою)|ичн(?:а|ы)|оглы|кызы)';
// word edges by lookaround, not \b: \b knows only ASCII word characters, so it never matched before a cyrillic name
// a surname by its ending, in any case: Иванов, Иванову, Ивановой, Чайковского, Шевченко, Гогоберидзе …
const SURNAME = '[А-ЯЁ][а-яё]+(?:(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|ою|ом|е)?|(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ою)|ко|ук|юк|дзе|швили|ян)';
// «Иванов Иван Иванович», «Петрову Ивану Сергеевичу»
const FULL_NAME = new RegExp(`(?<!\\p{L})${SURNAME}\\s+[А-ЯЁ][а-яё]+\\s+${PATRONYMIC}(?!\\p{L})`, 'gu');
// «Анна Сергеевна», «Анне Сергеевне»: a first name and a patronymic, how a citizen names an official or a neighbour
const NAME_PATRONYMIC = new RegExp(`(?<!\\p{L})[А-ЯЁ][а-яё]+\\s+${PATRONYMIC}(?!\\p{L})`, 'gu');
// initials first, then surname first: «Пишет И. И. Иванов» is the initials of Иванов, not of «Пишет»
const INITIALS_NAME = /(?<!\p{L})[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]{2,}(?!\p{L})/gu;
const NAME_INITIALS = /(?<!\p{L})[А-ЯЁ][а-яё]{2,}\s+[А-ЯЁ]\.\s?[А-ЯЁ]\./gu;
const DIGIT_RUN = /\d[\s\-()]*\d/;

export const MASK = '***';

export function maskPersonalData(text: string, author?: { name?: string | null; phone?: string | null; email?: string | null }): string {
	// each pattern only where it can match: most texts have no '@' and no run of digits, and the e-mail pattern
	// otherwise tries every word of the text
	let out = text.includes('@') ? text.replace(EMAIL, MASK) : text;
	if (DIGIT_RUN.test(out)) out = out.replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 7 ? MASK : m));
	out = out.replace(FULL_NAME, MASK).replace(NAME_PATRONYMIC, MASK).replace(INITIALS_NAME, MASK).replace(NAME_INITIALS, MASK);
	if (author?.name) {
		for (const part of author.name.split(/\s+/).filter((p) => p.length >= 3)) {
			out = out.replace(new RegExp(`(?<![\\p{L}])${escapeRegExp(part)}(?![\\p{L}])`, 'gu'), MASK);
		}
	}
	return out;
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
