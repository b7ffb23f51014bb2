import { createTestDatabase } from './postgres.ts';

export type Backend = 'PGlite' | 'PostgreSQL';

/**
 * The config overrides that put one test file on `backend`: nothing for PGlite (a private data dir comes with the
 * test env), a fresh PostgreSQL database otherwise; `drop` removes it at the end.
 */
export async function databaseFor(backend: Backend): Promise<{ overrides: Record<string, string>; drop(): Promise<void> }> {
	if (backend === 'PGlite') return { overrides: {}, drop: async () => {} };
	const db = await createTestDatabase();
	return { overrides: { DATABASE_URL: db.url }, drop: db.drop };
}
