/**
 * Common Russian first names and their case forms, for masking «Иван Петров» in citizen text: a surname is known
 * by its ending, but a first name is not, and without one a capitalised word before «Петров» may be anything
 * («Возле Петрова дома»). Pure data; the list covers the names most people in the district carry, not every name.
 */
const MALE = [
	'Александр', 'Алексей', 'Анатолий', 'Андрей', 'Антон', 'Аркадий', 'Арсений', 'Артём', 'Артем', 'Артур', 'Богдан',
	'Борис', 'Вадим', 'Валентин', 'Валерий', 'Василий', 'Вениамин', 'Виктор', 'Виталий', 'Владимир', 'Владислав',
	'Всеволод', 'Вячеслав', 'Геннадий', 'Георгий', 'Глеб', 'Григорий', 'Даниил', 'Денис', 'Дмитрий', 'Евгений', 'Егор',
	'Захар', 'Иван', 'Игорь', 'Илья', 'Кирилл', 'Константин', 'Леонид', 'Максим', 'Марк', 'Матвей', 'Михаил', 'Никита',
	'Николай', 'Олег', 'Павел', 'Пётр', 'Петр', 'Роман', 'Ростислав', 'Руслан', 'Семён', 'Семен', 'Сергей', 'Станислав',
	'Степан', 'Тимофей', 'Тимур', 'Фёдор', 'Федор', 'Филипп', 'Эдуард', 'Юрий', 'Ярослав', 'Лев',
	// the Black Sea coast's Armenian and Adyghe names
	'Армен', 'Арсен', 'Ашот', 'Вардан', 'Гагик', 'Давид', 'Карен', 'Левон', 'Рубен', 'Самвел', 'Тигран', 'Аслан',
	'Азамат', 'Заур', 'Мурат'
];
const FEMALE = [
	'Александра', 'Алёна', 'Алена', 'Алина', 'Алла', 'Анастасия', 'Ангелина', 'Анна', 'Антонина', 'Арина', 'Валентина',
	'Валерия', 'Варвара', 'Вера', 'Вероника', 'Виктория', 'Галина', 'Дарья', 'Диана', 'Евгения', 'Екатерина', 'Елена',
	'Елизавета', 'Жанна', 'Зинаида', 'Зоя', 'Инна', 'Ирина', 'Карина', 'Кира', 'Кристина', 'Ксения', 'Лариса', 'Лидия',
	'Любовь', 'Людмила', 'Маргарита', 'Марина', 'Мария', 'Милана', 'Надежда', 'Наталья', 'Наталия', 'Нина', 'Оксана',
	'Ольга', 'Полина', 'Раиса', 'Светлана', 'Софья', 'София', 'Таисия', 'Тамара', 'Татьяна', 'Ульяна', 'Эльвира',
	'Юлия', 'Яна',
	'Анаит', 'Армине', 'Гаяне', 'Карине', 'Лилит', 'Сусанна', 'Зарема', 'Мадина', 'Фатима'
];
/** names whose stem changes in the other cases: Пётр → Петра, Павел → Павла, Лев → Льва, Любовь → Любови */
const IRREGULAR: Record<string, string[]> = {
	Пётр: ['Пётр', 'Петра', 'Петру', 'Петром', 'Петре'],
	Петр: ['Петр', 'Петра', 'Петру', 'Петром', 'Петре'],
	Павел: ['Павел', 'Павла', 'Павлу', 'Павлом', 'Павле'],
	Лев: ['Лев', 'Льва', 'Льву', 'Львом', 'Льве'],
	Любовь: ['Любовь', 'Любови', 'Любовью']
};

const FEMALE_INDECLINABLE = new Set(['Анаит', 'Армине', 'Гаяне', 'Карине', 'Лилит']);

/** a name's forms in the six cases, by the ending of its nominative */
export function caseForms(name: string): string[] {
	if (IRREGULAR[name]) return IRREGULAR[name];
	// Армине, Гаяне, Анаит, Лилит: a woman's name that does not end in -а/-я keeps one form
	if (FEMALE_INDECLINABLE.has(name)) return [name];
	const stem = name.slice(0, -1);
	const forms = (endings: string[]) => endings.map((e) => stem + e);
	if (name.endsWith('ия')) return forms(['я', 'и', 'ю', 'ей', 'ею']); // Мария, Марии, Марию, Марией
	if (name.endsWith('я')) return forms(['я', 'и', 'е', 'ю', 'ей', 'ею']); // Наталья, Илья
	if (name.endsWith('а')) return forms(['а', 'ы', 'и', 'е', 'у', 'ой', 'ою']); // Анна, Ольги, Никите
	if (name.endsWith('ий')) return forms(['й', 'я', 'ю', 'ем', 'и']); // Юрий, Юрия, Юрием, о Юрии
	if (name.endsWith('й')) return forms(['й', 'я', 'ю', 'ем', 'е']); // Сергей, Николаю
	if (name.endsWith('ь')) return forms(['ь', 'я', 'ю', 'ем', 'е']); // Игорь, Игоря
	return [name, ...['а', 'у', 'ом', 'е'].map((e) => name + e)]; // Иван, Ивана, Иваном
}

/** every form of every name, longest first, so an alternation never stops at a shorter form («Анна» in «Анной») */
export const FIRST_NAME_FORMS: readonly string[] = [...new Set([...MALE, ...FEMALE].flatMap(caseForms))].sort((a, b) => b.length - a.length);
