import { describe, expect, it } from 'vitest';
import { isStorageUnavailable } from '../../../server/db/errors.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isStorageUnavailable', () => {
	it('says a database that is down, restarting, gone or out of connections is unavailable', () => {
		for (const code of ['08006', '08001', '57P01', '57P03', '53300', '3D000', '40001', '40P01', 'ECONNREFUSED', 'ECONNRESET']) {
			expect(isStorageUnavailable(pgError(code)), code).toBe(true);
		}
		expect(isStorageUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(isStorageUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
	});

	it('leaves a fault of the statement to be a 500: a bug must not pass for an outage', () => {
		for (const code of ['42601', '42P01', '23505', '22P02']) expect(isStorageUnavailable(pgError(code)), code).toBe(false);
		expect(isStorageUnavailable(new TypeError('Cannot read properties of undefined'))).toBe(false);
		expect(isStorageUnavailable(null)).toBe(false);
		expect(isStorageUnavailable('down')).toBe(false);
	});
});
