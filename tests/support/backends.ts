import { createTestDatabase, postgresReachable, skippedWithoutPostgres } from './postgres.ts';

export type Backend = 'PGlite' | 'PostgreSQL';

/**
 * The backends a test file runs on: PGlite always, PostgreSQL when the machine's answers, else one line says so.
 * `what` names the tests with their verb ('ingest runs', 'SLA jobs run'), as that line reads.
 */
export async function backendsUnderTest(what: string): Promise<Backend[]> {
	if (await postgresReachable()) return ['PGlite', 'PostgreSQL'];
	console.log(skippedWithoutPostgres(`${what} on PGlite only`));
	return ['PGlite'];
}

/**
 * The config overrides that put one test file on `backend`: nothing for PGlite (a private data dir comes with the
 * test env), a fresh PostgreSQL database otherwise; `drop` removes it at the end.
 */
export async function databaseFor(backend: Backend): Promise<{ overrides: Record<string, string>; drop(): Promise<void> }> {
	if (backend === 'PGlite') return { overrides: {}, drop: async () => {} };
	const db = await createTestDatabase();
	return { overrides: { DATABASE_URL: db.url }, drop: db.drop };
}
