import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../../server/node-flags.ts';

// the tests and the bench start the server with NODE_FLAGS: production must run it the same way
describe('node flags', () => {
	const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;

	it('are the ones npm start and npm run workers give node', () => {
		expect(scripts.start).toBe(`node ${NODE_FLAGS.join(' ')} server/index.ts`);
		expect(scripts.workers).toBe(`node ${NODE_FLAGS.join(' ')} workers/index.ts`);
	});
});
