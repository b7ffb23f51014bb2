import { describe, expect, it } from 'vitest';
import { FEATHER_STEPS, extentEdgeBands, mixHex } from '../../../../src/lib/components/map/extent-edge.ts';

const TUAPSE: [number, number, number, number] = [38.4, 43.85, 39.65, 44.6];

describe('the map beyond the basemap extent', () => {
	it('covers the world outside the extent fully and fades over a feather inside its edge', () => {
		const bands = extentEdgeBands(TUAPSE);
		expect(bands.features).toHaveLength(FEATHER_STEPS + 1);
		const opacities = bands.features.map((f) => f.properties.opacity);
		expect(opacities[0]).toBe(1);
		for (let i = 1; i < opacities.length; i++) expect(opacities[i]).toBeLessThan(opacities[i - 1]);
		expect(opacities.at(-1)).toBeGreaterThan(0);
	});

	it('keeps the feather at the edge: the settlements inside stay untouched', () => {
		const innermost = extentEdgeBands(TUAPSE).features.at(-1)!.geometry.coordinates[1];
		const lons = innermost.map(([x]) => x);
		const lats = innermost.map(([, y]) => y);
		// the Tuapse settlements span 38.625–39.505 E, 43.998–44.545 N
		expect(Math.min(...lons)).toBeLessThan(38.625);
		expect(Math.max(...lons)).toBeGreaterThan(39.505);
		expect(Math.min(...lats)).toBeLessThan(43.998);
		expect(Math.max(...lats)).toBeGreaterThan(44.545);
	});

	it('mixes the land and sea colours, or falls back', () => {
		expect(mixHex('#17212c', '#0b1a2a', '#000000')).toBe('#111e2b');
		expect(mixHex(['interpolate'], '#0b1a2a', '#111e2b')).toBe('#111e2b');
	});
});
