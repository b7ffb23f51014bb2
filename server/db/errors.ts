/**
 * Whether an error says the database cannot be reached or cannot take the write now (down, restarting, dropped,
 * out of connections, a serialization conflict), as opposed to a fault of the statement: a sender is told to
 * try again later, and its retry is harmless since ingest is idempotent.
 */
export function isStorageUnavailable(err: unknown): boolean {
	if (typeof err !== 'object' || err === null) return false;
	const { code, message } = err as { code?: unknown; message?: unknown };
	if (typeof code === 'string') {
		// SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown,
		// cannot connect now); 3D000 the database is gone; 40001/40P01 a conflict a retry resolves
		if (/^(08|53|57P)/.test(code) || code === '3D000' || code === '40001' || code === '40P01') return true;
		if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
	}
	// node-postgres's own wording for a connection that died or never came
	return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}
