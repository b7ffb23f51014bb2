import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { incidentInput } from '../support/factories.ts';

const TOKEN = 'e2e-ingest-token';
let redis: PrivateRedis;
let server: ServerProcess;
let dataDir: string;

const post = (body: unknown, headers: Record<string, string> = {}) =>
	fetch(`${server.url}/api/v1/incidents`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});

beforeAll(async () => {
	redis = await startPrivateRedis();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-e2e-api-'));
	server = await startServerProcess({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN, DATA_DIR: dataDir, RUN_WORKERS: 'true' });
});
afterAll(async () => {
	await server?.stop();
	await redis?.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('ingest API over HTTP', () => {
	it('creates an incident with 201 and answers a repeat with 200 and the same id', async () => {
		const input = incidentInput();
		const first = await post(input);
		expect(first.status).toBe(201);
		const a = await first.json();
		expect(a.incident.id).toMatch(/^[0-9a-f-]{36}$/);
		const again = await post(input);
		expect(again.status).toBe(200);
		const b = await again.json();
		expect(b.incident.id).toBe(a.incident.id);
		expect(b.created).toBe(false);
	});

	it('stores a batch and reports each item', async () => {
		const items = [incidentInput(), incidentInput({ channel: 'im', source: 'im.cur23' })];
		const res = await post(items);
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body.created).toBe(2);
		expect(body.results.map((r: { incident: { channel: string } }) => r.incident.channel)).toEqual(['pos', 'im']);
	});

	it('answers only ids and keys when the sender prefers a minimal answer, and stores the same', async () => {
		const fresh = incidentInput();
		const known = incidentInput();
		await post(known);
		const res = await post([fresh, known], { prefer: 'respond-async, return=minimal' });
		expect(res.status).toBe(201);
		expect(res.headers.get('preference-applied')).toBe('return=minimal');
		const body = await res.json();
		expect(body).toMatchObject({ ok: true, created: 1, duplicates: 1 });
		expect(body.results.map((r: { created: boolean; incident: object }) => [r.created, Object.keys(r.incident).sort()])).toEqual([
			[true, ['externalId', 'id', 'source']],
			[false, ['externalId', 'id', 'source']]
		]);
		expect(body.results.map((r: { incident: { externalId: string } }) => r.incident.externalId)).toEqual([fresh.externalId, known.externalId]);
		// what was stored is the whole incident, read back by its id
		const stored = await (await fetch(`${server.url}/api/v1/incidents/${body.results[0].incident.id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
		expect(stored.incident).toMatchObject({ externalId: fresh.externalId, text: fresh.text, channel: fresh.channel });
		// no preference, or another one: the whole wall view as before
		const full = await (await post(fresh, { prefer: 'return=representation' })).json();
		expect(full.incident).toMatchObject({ id: body.results[0].incident.id, text: fresh.text, settlementId: expect.any(String) });
	});

	it('answers a page nobody has with a Russian 404 page, not an «internal error» in the log', async () => {
		const res = await fetch(`${server.url}/no-such-page`, { headers: { accept: 'text/html' } });
		expect(res.status).toBe(404);
		const html = await res.text();
		expect(html).toContain('Такой страницы нет');
		expect(html).not.toContain('internal error');
		expect(server.output()).not.toContain('unhandled error');
	});

	it('refuses a missing or wrong token with 401', async () => {
		const none = await fetch(`${server.url}/api/v1/incidents`, { method: 'POST', body: JSON.stringify(incidentInput()) });
		expect(none.status).toBe(401);
		const wrong = await post(incidentInput(), { authorization: 'Bearer nope' });
		expect(wrong.status).toBe(401);
		expect((await wrong.json()).issues[0].path).toEqual(['authorization']);
	});

	it('names every bad field with 400 and stores nothing', async () => {
		const res = await post({ source: 'pos', externalId: 'bad-1', channel: 'telegram', receivedAt: '2026-11-23 10:00', lat: 44 });
		expect(res.status).toBe(400);
		const body = await res.json();
		const paths = body.issues.map((i: { path: string[] }) => i.path.join('.'));
		expect(paths).toEqual(expect.arrayContaining(['channel', 'text', 'receivedAt', 'lon']));
		const batch = await post([incidentInput(), { ...incidentInput(), receivedAt: 'вчера' }]);
		expect(batch.status).toBe(400);
		expect((await batch.json()).issues[0].path).toEqual([1, 'receivedAt']);
	});

	it('answers broken JSON, empty and oversized batches with 400, never 500', async () => {
		expect((await post('{"source": ')).status).toBe(400);
		expect((await post([])).status).toBe(400);
		expect((await post(Array.from({ length: 1001 }, () => ({ x: 1 })))).status).toBe(400);
		expect((await post('"just a string"')).status).toBe(400);
	});

	it('stores text with a NUL byte or half an emoji instead of failing, and refuses a year outside 2000–2099 by name', async () => {
		// PostgreSQL refuses both in text and JSON: this was a 500, and the citizen's message lost
		const res = await post(incidentInput({ externalId: 'unstorable-1', text: 'нет\u0000 воды \ud83d', title: 'а\u0000б' }));
		expect(res.status).toBe(201);
		const { incident } = await res.json();
		expect(incident.text).toBe('нет воды \ufffd');
		expect(incident.title).toBe('аб');
		const ancient = await post(incidentInput({ externalId: 'ancient-1', receivedAt: '0001-01-01T00:00:00+03:00' }));
		expect(ancient.status).toBe(400);
		expect((await ancient.json()).issues).toEqual([{ path: ['receivedAt'], message: 'expected a date between 2000 and 2099' }]);
	});

	it('refuses a body over 1 MB with 413', async () => {
		const huge = incidentInput({ text: 'я'.repeat(600_000) });
		const res = await post(huge);
		expect(res.status).toBe(413);
	});

	it('reads an incident by id and the change feed by seq', async () => {
		const created = await (await post(incidentInput())).json();
		const one = await fetch(`${server.url}/api/v1/incidents/${created.incident.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(one.status).toBe(200);
		expect((await one.json()).incident.id).toBe(created.incident.id);
		const missing = await fetch(`${server.url}/api/v1/incidents/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(missing.status).toBe(404);
		for (const path of ['not-a-uuid', 'not-a-uuid/events']) {
			const malformed = await fetch(`${server.url}/api/v1/incidents/${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
			expect(malformed.status).toBe(400);
			expect((await malformed.json()).issues).toEqual([{ path: ['id'], message: 'expected a UUID' }]);
		}
		const feed = await (await fetch(`${server.url}/api/v1/incidents?afterSeq=0&limit=1000`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
		const seqs = feed.events.map((e: { seq: number }) => e.seq);
		expect(seqs).toEqual([...seqs].sort((a: number, b: number) => a - b));
		expect(feed.events.some((e: { incident: { id: string } }) => e.incident.id === created.incident.id)).toBe(true);
		const bad = await fetch(`${server.url}/api/v1/incidents?afterSeq=-1`, { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(bad.status).toBe(400);
	});

	it('reports health, readiness and metrics', async () => {
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		const ready = await (await fetch(`${server.url}/readyz`)).json();
		expect(ready).toMatchObject({ ok: true, db: true, redis: true });
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/mcu_ingested_total\{channel="pos"\} \d+/);
		expect(metrics).toMatch(/mcu_ingest_rejected_total\{reason="unauthorized"\} \d+/);
		expect(metrics).toContain('mcu_ingest_duration_seconds_bucket');
		expect(metrics).toContain('mcu_outbox_lag');
	});

	it('keeps accepted incidents across a restart and stops cleanly on SIGTERM', async () => {
		const created = await (await post(incidentInput())).json();
		expect(await server.stop()).toBe(0);
		server = await startServerProcess({ REDIS_URL: redis.url, INGEST_TOKEN: TOKEN, DATA_DIR: dataDir, RUN_WORKERS: 'true' });
		const again = await post({ ...incidentInput(), externalId: created.incident.externalId, source: created.incident.source });
		expect(again.status).toBe(200);
		expect((await again.json()).incident.id).toBe(created.incident.id);
	});
});
