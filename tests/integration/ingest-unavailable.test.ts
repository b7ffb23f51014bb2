import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { handleIngest } from '../../server/ingest/ingest.handler.ts';
import { createTestContext, createTestEnv, type TestEnv } from '../support/context.ts';
import { createTestDatabase, postgresReachable, skippedWithoutPostgres } from '../support/postgres.ts';
import { incidentInput } from '../support/factories.ts';

const hasPostgres = await postgresReachable();
if (!hasPostgres) console.log(skippedWithoutPostgres('the unavailable-storage answer is not tested'));

const post = (body: unknown) =>
	new Request('http://mcu.test/api/v1/incidents', {
		method: 'POST',
		headers: { authorization: 'Bearer test-ingest-token', 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

describe.runIf(hasPostgres)('ingest while PostgreSQL is gone', () => {
	let env: TestEnv;
	let ctx: AppContext;
	let db: Awaited<ReturnType<typeof createTestDatabase>>;

	beforeAll(async () => {
		env = await createTestEnv();
		db = await createTestDatabase();
		ctx = await createTestContext(env.config({ DATABASE_URL: db.url }));
	});
	afterAll(async () => {
		await ctx?.close();
		await env?.cleanup();
	});

	it('answers 503 with Retry-After, not a 500, while the database is gone: nothing was stored, a resend is safe', async () => {
		const input = incidentInput();
		expect((await handleIngest(ctx, post(incidentInput()))).status).toBe(201);
		// the database dropped under the running server: its connections are cut, new ones are refused
		await db.drop();

		const res = await handleIngest(ctx, post(input));
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe('5');
		expect(await res.json()).toMatchObject({ ok: false, error: expect.stringContaining('retry later') });
		const rejected = await ctx.metrics.registry.getSingleMetricAsString('mcu_ingest_rejected_total');
		expect(rejected).toMatch(/reason="unavailable"} 1/);
	});
});
