import { describe, expect, it } from 'vitest';
import { itemRanges, parseJsonBody } from '../../../server/http/json-body.ts';

const bytes = (s: string) => Buffer.from(s, 'utf8');
/** a body long enough to be split (64 kB and over) */
const padded = (json: string) => json + ' '.repeat(Math.max(0, 70_000 - Buffer.byteLength(json)));
const outcome = (f: () => unknown) => {
	try {
		return { value: f() };
	} catch (err) {
		return { error: (err as Error).name };
	}
};
/** the body's value or error, as JSON.parse of the whole decoded body gives it (a lone surrogate is sent as U+FFFD) */
const sameAsJsonParse = (s: string) =>
	expect(outcome(() => parseJsonBody(bytes(s))), s.slice(0, 80)).toEqual(outcome(() => JSON.parse(bytes(s).toString('utf8'))));

// citizens' texts hold every kind of punctuation the splitter looks for
const hostileTexts = ['Во дворе, у дома [12], {мусор}', 'кавычки " и \\" и \\\\', 'в конце обратная черта \\', 'эмодзи 🚧, и ещё ]}', '', ' , '];

describe('JSON request bodies', () => {
	it('splits a top-level array at its own commas only', () => {
		const body = '[ {"a":"x,]}"} , [1,[2]] ,"s\\"," , 3 ]';
		const ranges = itemRanges(bytes(body))!;
		const items = [];
		for (let i = 0; i < ranges.length; i += 2) items.push(body.slice(ranges[i], ranges[i + 1]).trim());
		expect(items).toEqual(['{"a":"x,]}"}', '[1,[2]]', '"s\\","', '3']);
		expect(itemRanges(bytes(' [ ] '))).toEqual([]);
		expect(itemRanges(bytes('{"a":[1]}'))).toBeNull();
	});

	it('reads a batch of incidents as JSON.parse does, whatever the citizens wrote', () => {
		const batch = Array.from({ length: 600 }, (_, i) => ({
			externalId: `e-${i}`,
			text: hostileTexts[i % hostileTexts.length].repeat(1 + (i % 5)),
			author: i % 3 ? null : { name: 'Иванов И.И.', phone: '+7 (918) 000-00-00' },
			tags: [[i], { nested: ['[', ']'] }]
		}));
		for (const json of [JSON.stringify(batch), JSON.stringify(batch, null, 2), `\n\t ${JSON.stringify(batch)} \r\n`]) {
			expect(json.length).toBeGreaterThan(64 * 1024);
			sameAsJsonParse(json);
		}
		sameAsJsonParse(padded('[]'));
		sameAsJsonParse(padded(JSON.stringify({ one: 'incident', text: 'x'.repeat(70_000) })));
	});

	it('refuses what JSON.parse refuses, with a SyntaxError', () => {
		const valid = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ i, text: hostileTexts[i % hostileTexts.length] })));
		for (const broken of [
			valid + ' x', // something after the array
			valid.slice(0, -1), // never closed
			valid.replace('},{', '},,{'), // an empty item
			valid.replace('},{', '}{'), // a missing comma
			'[{]}' + ' '.repeat(70_000), // brackets crossed
			valid.replace('"text":"', '"text":'), // a string never opened
			'[' + ' '.repeat(70_000) // nothing but an opening bracket
		]) {
			expect(outcome(() => parseJsonBody(bytes(padded(broken)))).error, broken.slice(-40)).toBe('SyntaxError');
		}
	});

	it('agrees with JSON.parse on 300 random bodies, broken ones among them', () => {
		let seed = 11;
		const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
		const atoms = ['0', '-1.5e3', 'true', 'null', '"a,b"', '"[{"', '"\\""', '"\\\\"', '"ё🚧"', '""'];
		const value = (depth: number): string => {
			const k = depth > 2 ? 0 : rand(3);
			if (k === 0) return atoms[rand(atoms.length)];
			const n = rand(4);
			if (k === 1) return `[${Array.from({ length: n }, () => value(depth + 1)).join(',')}]`;
			return `{${Array.from({ length: n }, (_, i) => `"k${i}":${value(depth + 1)}`).join(',')}}`;
		};
		const punctuation = ['[', ']', '{', '}', ',', '"', '\\', ' '];
		for (let t = 0; t < 300; t++) {
			const items = Array.from({ length: 1 + rand(40) }, () => value(0));
			let json = padded(`[${items.join(rand(2) ? ',' : ' , ')}]`);
			// a third of them broken: a byte of punctuation inserted or a byte removed
			if (t % 3 === 1) {
				const at = rand(json.length);
				json = json.slice(0, at) + punctuation[rand(punctuation.length)] + json.slice(at);
			} else if (t % 3 === 2) {
				const at = rand(70);
				json = json.slice(0, at) + json.slice(at + 1);
			}
			sameAsJsonParse(json);
		}
	});
});
