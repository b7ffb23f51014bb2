import { fail } from './responses.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A 400 naming `id` when a path's incident id is not a UUID (the database would reject it), else null.
 * Checked here rather than by a SvelteKit param matcher: the router loads matchers with a dynamic import on every
 * request, which under the production loader (tsx) is a round trip to its hooks thread on the ingest path.
 */
export function invalidIncidentId(id: string): Response | null {
	return UUID.test(id) ? null : fail(400, 'invalid incident id', [{ path: ['id'], message: 'expected a UUID' }]);
}
