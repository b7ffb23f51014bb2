import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

const MARK = '/* prepare: ';

/**
 * A statement whose text starts with `/* prepare: <name> *\/` runs as a named prepared statement on PostgreSQL:
 * parsed and planned once per connection instead of on every call. For the ingest statement that was half the
 * time of storing one incident (about 1 ms of 2). The text of such a statement must never vary: PostgreSQL knows
 * it by its name only. Nor may its result follow a table (`*`, `returning *`): after a migration adds a column,
 * PostgreSQL refuses a prepared statement whose result type changed, on every connection that prepared it.
 */
export function preparedName(text: string): string | null {
	if (!text.startsWith(MARK)) return null;
	const end = text.indexOf(' */', MARK.length);
	return end > MARK.length ? text.slice(MARK.length, end) : null;
}

/** The pool Kysely's PostgresDialect uses, running the marked statements prepared. */
export function preparingPool(pool: pg.Pool): PostgresPool {
	return {
		async connect(): Promise<PostgresPoolClient> {
			const client = await pool.connect();
			const query = (text: string | object, values?: readonly unknown[]) => {
				const name = typeof text === 'string' ? preparedName(text) : null;
				if (name) return client.query({ name, text: text as string, values: values as unknown[] });
				// a plain statement, or a cursor (Kysely's stream)
				return client.query(text as string, values as unknown[]);
			};
			return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
		},
		end: () => pool.end()
	};
}
