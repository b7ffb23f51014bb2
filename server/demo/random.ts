/**
 * Seeded randomness for the demo: the feed and the people's plans are functions of a seed, identical on every
 * platform, so a demo run and a test see the same timeline.
 */

/** mulberry32: a tiny 32-bit PRNG, good enough for a demo. */
export function mulberry32(seed: number): () => number {
	let a = seed | 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** murmur3-style mix of 32-bit parts into one seed. */
export function hash32(...parts: number[]): number {
	let h = 0x9747b28c;
	for (const part of parts) {
		let k = Math.imul(part | 0, 0xcc9e2d51);
		k = (k << 15) | (k >>> 17);
		k = Math.imul(k, 0x1b873593);
		h ^= k;
		h = (h << 13) | (h >>> 19);
		h = (Math.imul(h, 5) + 0xe6546b64) | 0;
	}
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** The UTF-16 code units of a string, to hash it. */
export function charCodes(s: string): number[] {
	const out: number[] = [];
	for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
	return out;
}

export class Rng {
	readonly #next: () => number;
	constructor(seed: number) {
		this.#next = mulberry32(seed);
	}
	float(): number {
		return this.#next();
	}
	chance(p: number): boolean {
		return this.#next() < p;
	}
	/** integer in [lo, hi] */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.#next() * (hi - lo + 1));
	}
	/** real in [lo, hi) */
	between(lo: number, hi: number): number {
		return lo + this.#next() * (hi - lo);
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.#next() * items.length)]!;
	}
	/** standard normal (Box–Muller) */
	normal(): number {
		const u = 1 - this.#next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.#next());
	}
	/** log-normal with the given median and spread */
	logNormal(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.normal());
	}
}
