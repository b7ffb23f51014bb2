/**
 * Masks personal data in citizen text before it reaches a wall or a role that may not see it.
 * Pure: shared by the server (at publish time) and tests.
 */
import { FIRST_NAME_FORMS } from './first-names.ts';

// parts bounded as an address's are (local ≤ 64, domain ≤ 255): unbounded, a 20k-character text of one long
// «word@word» without a dot took a quarter of a second, the event loop blocked for every wall meanwhile
const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,255}\.\p{L}{2,24}/gu;
// russian and international phone forms: +7 (918) 123-45-67, 8 918 1234567, 89181234567, 123-45-67
// (never from inside a run of digits, nor an ISO date: «2026-12-07» has eight digits but is no phone)
const PHONE = /(?<!\d)(?!\d{4}-\d\d-\d\d(?!\d))(?:\+?\d[\s\-()]{0,3}){6,14}\d/g;
// a patronymic in any case: Иванович, Ивановичу, Ивановна, Ивановной, Ильинична … (-ов/-ев before the ending, so
// that «Главной» is not one)
const PATRONYMIC = '[А-ЯЁ][а-яё]+(?:(?:ов|ев|ёв)ич(?:а|у|ем|е)?|(?:ов|ев)н(?:а|ы|е|у|ой|ою)|ичн(?:а|ы)|оглы|кызы)';
// word edges by lookaround, not \b: \b knows only ASCII word characters, so it never matched before a cyrillic name
// a surname by its ending, in any case: Иванов, Иванову, Ивановой, Чайковского, Шевченко, Гогоберидзе …
const SURNAME = '[А-ЯЁ][а-яё]+(?:(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|ою|ом|е)?|(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ою)|ко|ук|юк|дзе|швили|ян)';
// «Иванов Иван Иванович», «Петрову Ивану Сергеевичу»
const FULL_NAME = new RegExp(`(?<!\\p{L})${SURNAME}\\s+[А-ЯЁ][а-яё]+\\s+${PATRONYMIC}(?!\\p{L})`, 'gu');
// «Иван Петрович Сидоров»: the spoken order
const NAME_PATRONYMIC_SURNAME = new RegExp(`(?<!\\p{L})[А-ЯЁ][а-яё]+\\s+${PATRONYMIC}\\s+${SURNAME}(?!\\p{L})`, 'gu');
// «Анна Сергеевна», «Анне Сергеевне»: a first name and a patronymic, how a citizen names an official or a neighbour
const NAME_PATRONYMIC = new RegExp(`(?<!\\p{L})[А-ЯЁ][а-яё]+\\s+${PATRONYMIC}(?!\\p{L})`, 'gu');
// a first name and a surname either way round («Иван Петров», «Ивану Петрову», «Смирнова Ольга»), except where it
// names a street, square or school («ул. Ивана Сусанина», «имени Николая Островского»): the address stays readable
const FIRST = new Set(FIRST_NAME_FORMS);
const IS_SURNAME = new RegExp(`^${SURNAME}$`, 'u');
const PLACE = '(?:ул|улиц[аеиуы]|им|имени|пер|переул(?:ок|ка|ке)|пр|пр-т|просп|проспект[ауе]?|пл|площад[иь]|бульвар[ауе]?|б-р|сквер[ауе]?|шоссе|наб|набережн(?:ая|ой|ую)|мкр|микрорайон[ауе]?|парк[ауе]?|школ[аеуы])\\.?';
const NOT_A_PLACE = `(?<!\\p{L})(?<!(?<!\\p{L})${PLACE}\\s+)`;
// two capitalised words in a row; `maskFirstSurname` decides whether they are a name (a set lookup: an
// alternation of the thousand-odd name forms cost every text with such a pair a third of its masking time)
const CAPITALISED_TWO = new RegExp(`${NOT_A_PLACE}([А-ЯЁ][а-яё]+)\\s+([А-ЯЁ][а-яё]+)(?!\\p{L})`, 'gu');
// a family by its name, after a word in lower case: «у Петровых», «соседи Ивановы», «к Сидоровым». At a sentence's
// start the same ending is often an ordinary word («Готовых решений нет»)
const FAMILY = /(?<=[а-яё,]\s)[А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын)(?:ы|ых|ым|ыми)(?!\p{L})/gu;
// initials first, then surname first: «Пишет И. И. Иванов» is the initials of Иванов, not of «Пишет»
const INITIALS_NAME = /(?<!\p{L})[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]{2,}(?!\p{L})/gu;
const NAME_INITIALS = /(?<!\p{L})[А-ЯЁ][а-яё]{2,}\s+[А-ЯЁ]\.\s?[А-ЯЁ]\./gu;
const DIGIT_RUN = /\d[\s\-()]*\d/;
// what every name pattern above needs somewhere: two capitalised words in a row, or an initial
const CAPITALISED_PAIR = /[А-ЯЁ][а-яё]+\s+[А-ЯЁ]/;
const INITIAL = /[А-ЯЁ]\./;
// a flat's number: with the building on the map it names a household («кв. 15», «квартира № 7»); the word stays
const FLAT_WORD = /кв/i;
const FLAT = /(?<!\p{L})(кв\.?|квартир(?:а|е|у|ы|ой))(\s*№?\s*)\d+(?:[а-яё](?!\p{L}))?/giu;

export const MASK = '***';

export function maskPersonalData(text: string, author?: { name?: string | null; phone?: string | null; email?: string | null }): string {
	// each pattern only where it can match: most texts have no '@', no run of digits and no two capitalised words
	// in a row, and each pattern otherwise tries every position of the text (the names were 5 % of an ingest's CPU)
	let out = text.includes('@') ? text.replace(EMAIL, MASK) : text;
	if (DIGIT_RUN.test(out)) out = out.replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 7 ? MASK : m));
	out = maskFlatNumber(out);
	if (CAPITALISED_PAIR.test(out)) {
		out = out.replace(FULL_NAME, MASK).replace(NAME_PATRONYMIC_SURNAME, MASK).replace(NAME_PATRONYMIC, MASK);
		out = maskFirstSurname(out);
	}
	if (INITIAL.test(out)) out = out.replace(INITIALS_NAME, MASK).replace(NAME_INITIALS, MASK);
	out = out.replace(FAMILY, MASK);
	if (author?.name) {
		for (const part of author.name.split(/\s+/).filter((p) => p.length >= 3)) {
			out = out.replace(new RegExp(`(?<![\\p{L}])${escapeRegExp(part)}(?![\\p{L}])`, 'gu'), MASK);
		}
	}
	return out;
}

/** «Иван Петров», «Смирнова Ольга»: a known first name next to a word with a surname's ending, in either order. */
function maskFirstSurname(text: string): string {
	let out = '';
	let from = 0;
	CAPITALISED_TWO.lastIndex = 0;
	for (let m = CAPITALISED_TWO.exec(text); m !== null; m = CAPITALISED_TWO.exec(text)) {
		const [whole, a, b] = m;
		if ((FIRST.has(a) && IS_SURNAME.test(b)) || (IS_SURNAME.test(a) && FIRST.has(b))) {
			out += text.slice(from, m.index) + MASK;
			from = m.index + whole.length;
		} else {
			// not a name: the second word may still start one («Возле Петрова Ивана»)
			CAPITALISED_TWO.lastIndex = m.index + a.length + 1;
		}
	}
	return from === 0 ? text : out + text.slice(from);
}

/** The address as walls show it: the building, not the flat (the stored address keeps it for the executor). */
export function maskFlatNumber(text: string): string {
	return FLAT_WORD.test(text) ? text.replace(FLAT, `$1$2${MASK}`) : text;
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
