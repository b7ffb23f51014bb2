/**
 * Overdue-flip bench (issue 4), called from bench/index.ts; prints numbers, asserts nothing.
 * A server process with in-process workers (BullMQ delayed SlaCheck jobs) gets n urgent manual incidents whose
 * 60-minute first-answer deadlines fall spread over the next 20–40 s (receivedAt = now − 60 min + offset); a
 * Socket.IO screen records when each `incident:updated` with `overdue` arrives. Lag = arrival − deadline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { startPrivateRedis } from '../server/dev/redis-server.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { createTestDatabase, skippedWithoutPostgres } from '../tests/support/postgres.ts';
import type { Incident, IncidentInput } from '../src/lib/domain/incident.ts';

const TOKEN = 'bench-sla-token';
const HOUR_MS = 3_600_000;

type Line = (s: string) => void;
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function flipLag(line: Line, label: string, env: Record<string, string>, n: number, spreadMs: [number, number]): Promise<void> {
	const server = await startServerProcess({ ...env, INGEST_TOKEN: TOKEN, RUN_WORKERS: 'true' });
	const socket: Socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], auth: {} });
	const flippedAt = new Map<string, { at: number; incident: Incident }>();
	socket.on('incident:updated', (e: { incident: Incident }) => {
		if (e.incident.overdue && e.incident.source === 'bench.sla' && !flippedAt.has(e.incident.id)) flippedAt.set(e.incident.id, { at: Date.now(), incident: e.incident });
	});
	await new Promise((r) => socket.once('sync', r));
	try {
		const tag = `sla${Date.now()}`;
		const start = Date.now() + spreadMs[0];
		const step = (spreadMs[1] - spreadMs[0]) / n;
		// whole seconds: receivedAt travels as ISO with seconds, the deadline is receivedAt + 60 plain minutes
		const items: IncidentInput[] = Array.from({ length: n }, (_, i) => ({
			source: 'bench.sla',
			externalId: `${tag}-${i}`,
			channel: 'manual',
			urgent: true,
			text: 'Прорыв трубы, вода заливает подъезд',
			receivedAt: new Date(Math.floor((start + i * step - HOUR_MS) / 1000) * 1000).toISOString(),
			lat: 44.1044,
			lon: 39.0772
		}));
		const t0 = Date.now();
		for (let i = 0; i < n; i += 500) {
			const r = await fetch(`${server.url}/api/v1/incidents`, {
				method: 'POST',
				headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify(items.slice(i, i + 500))
			});
			if (r.status !== 201) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
			await r.arrayBuffer();
		}
		const postedIn = Date.now() - t0;
		const lastDue = Date.parse(items[n - 1].receivedAt) + HOUR_MS;
		// every deadline passed, then a grace of 15 s for the slowest flip
		const deadline = lastDue + 15_000;
		while (flippedAt.size < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
		const lags: number[] = [];
		let early = 0;
		for (const { at, incident } of flippedAt.values()) {
			const due = Date.parse(incident.overdueSince ?? incident.deadlines.firstAnswer ?? '');
			if (!Number.isFinite(due)) continue;
			if (at < due) early++;
			lags.push(at - due);
		}
		line(`sla flip ${label}: ${flippedAt.size}/${n} incidents flipped overdue on a socket (deadlines over the next ${spreadMs[0] / 1000}–${spreadMs[1] / 1000} s, posted in ${postedIn} ms)`);
		if (lags.length > 0) {
			line(`sla flip ${label}: lag deadline → incident:updated p50 ${pct(lags, 50).toFixed(0)} ms, p99 ${pct(lags, 99).toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms${early ? `, ${early} before their deadline` : ''}`);
		}
	} finally {
		socket.close();
		await server.stop();
	}
}

export async function slaFlipBench(line: Line, o: { quick: boolean; hasPg: boolean }): Promise<void> {
	const n = o.quick ? 300 : 1000;
	const spread: [number, number] = o.quick ? [15_000, 25_000] : [20_000, 40_000];
	const redis = await startPrivateRedis();
	try {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-bench-sla-'));
		await flipLag(line, 'PGlite', { REDIS_URL: redis.url, REDIS_PREFIX: 's1', DATA_DIR: dir }, n, spread);
		fs.rmSync(dir, { recursive: true, force: true });
		if (o.hasPg) {
			const db = await createTestDatabase();
			try {
				await flipLag(line, 'PostgreSQL', { REDIS_URL: redis.url, REDIS_PREFIX: 's2', DATABASE_URL: db.url }, n, spread);
			} finally {
				await db.drop();
			}
		} else {
			line(`sla flip: ${skippedWithoutPostgres('PostgreSQL numbers not measured')}`);
		}
	} finally {
		await redis.stop();
	}
}
