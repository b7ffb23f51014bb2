import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { outboxRepository } from '../../server/db/repositories/outbox.repository.ts';
import { buildSync, type SyncDeps } from '../../server/realtime/sync.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { incidentInput } from '../support/factories.ts';

// No relay runs here, so the relay's cursor stays where it is while rows commit: the moment between the relay
// showing a batch on the screens and moving its cursor, held open.
describe('the sync of a (re)connecting screen', () => {
	let env: TestEnv;
	let ctx: AppContext;
	let deps: SyncDeps;
	beforeAll(async () => {
		env = await createTestEnv();
		ctx = await createTestContext(env.config());
		deps = { db: ctx.db, toIncident: ctx.toIncident, stats: ctx.stats, maxCatchUpEvents: 5000, window: { days: 7, maxPoints: 20_000 }, now: ctx.now };
	});
	afterAll(async () => {
		await ctx?.close();
		await env?.cleanup();
	});

	it('reaches every committed row, even those above the relay’s cursor', async () => {
		const before = await outboxRepository.maxSeq(ctx.db);
		const results = await ctx.ingest([incidentInput(), incidentInput(), incidentInput()]);
		expect(await outboxRepository.cursor(ctx.db)).toBeLessThan(before + 3);

		const sync = await buildSync(deps, before);
		expect(sync.events.map((e) => e.incident.id)).toEqual(results.map((r) => r.row.id));
		expect(sync.events.map((e) => e.seq)).toEqual([before + 1, before + 2, before + 3]);
		expect(sync.upTo).toBe(before + 3);
	});

	it('a fresh screen’s snapshot covers the same rows and says so in upTo', async () => {
		const [r] = await ctx.ingest([incidentInput({ receivedAt: new Date().toISOString() })]);
		const sync = await buildSync(deps, null);
		expect(sync.snapshot?.some((i) => i.id === r.row.id)).toBe(true);
		expect(sync.upTo).toBe(await outboxRepository.maxSeq(ctx.db));
	});
});
