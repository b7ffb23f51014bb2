/**
 * Wall bench (issue 5), called from bench/index.ts; prints numbers, asserts nothing. One server process (production
 * build, PGlite, private Redis) and one Chromium (SwiftShader WebGL, tests/support/browser.ts), 1920×1080:
 *   c. the wall's JS heap while n incidents stream to it over the socket, after a forced GC every 10k (target < 300 MB)
 *   b. time to first render: navigation start → the first frame that drew incidents (the wall's performance mark)
 *   d. first-load JavaScript of /wall, gzipped (target ≤ 900 kB), and the 5 biggest files
 *   a. fps of the heat (hexagons) scene during a continuous camera pan next to a bare deck.gl page with the same
 *      layer, the same rows and the same map size (bench/bare-deck; target ≥ 0.9×)
 * The wall holds a bounded window (the newest 20,000 incidents of 7 days: server sync `maxPoints`, client store cap),
 * so with 100k ingested it draws 20k; the bare page draws those same rows, and once more all 100k for reference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { io as connect } from 'socket.io-client';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startPrivateRedis } from '../server/dev/redis-server.ts';
import { createFeed } from '../server/demo/feed.ts';
import { loadMunicipalityGeo } from '../server/demo/simulator.ts';
import { launchBrowser } from '../tests/support/browser.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import type { IncidentInput } from '../src/lib/domain/incident.ts';
import type { SyncPayload } from '../src/lib/contracts/events.ts';
import { decodeMapPoints } from '../src/lib/domain/wall/map-points.ts';
import { serveBareDeck } from './bare-deck/serve.ts';

const TOKEN = 'bench-wall-token';
const VIEWPORT = { width: 1920, height: 1080 };
const DAY_MS = 86_400_000;
const MB = 1024 * 1024;
/** the mark WallMap.svelte sets on its first frame that drew incidents (FIRST_DATA_FRAME_MARK there) */
const FIRST_DATA_FRAME_MARK = 'mcu:wall:first-data-frame';

type Line = (s: string) => void;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** n realistic incidents (the demo feed: places, channels, texts) received over the last 6 days, oldest first */
function incidents(n: number): IncidentInput[] {
	const feed = createFeed({ seed: `wall-bench-${Date.now()}`, ...loadMunicipalityGeo() });
	const from = Date.now() - 6 * DAY_MS;
	const step = (6 * DAY_MS - 60_000) / n;
	return Array.from({ length: n }, (_, i) => feed.next(new Date(from + i * step)));
}

async function post(url: string, batch: IncidentInput[]): Promise<void> {
	const r = await fetch(`${url}/api/v1/incidents`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify(batch)
	});
	if (r.status !== 201 && r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
	await r.arrayBuffer();
}

/** the server's last published seq, read from the change feed onwards from `after` */
async function lastSeq(serverUrl: string, after: number): Promise<number> {
	for (;;) {
		const r = await fetch(`${serverUrl}/api/v1/incidents?afterSeq=${after}&limit=1000`, { headers: { authorization: `Bearer ${TOKEN}` } });
		const body = (await r.json()) as { events: Array<{ seq: number }>; nextAfterSeq: number };
		if (body.events.length === 0) return after;
		after = body.nextAfterSeq;
	}
}

async function openWall(ctx: BrowserContext, url: string): Promise<Page> {
	const page = await ctx.newPage();
	await page.goto(url);
	// generous: a 20k snapshot can take the server long enough for the socket to reconnect (see the first render)
	await page.waitForFunction(() => window.__mcuWall?.ready === true, null, { timeout: 300_000 });
	return page;
}

async function heapMb(cdp: CDPSession): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	return usedSize / MB;
}

/** c. streams `all` through the ingest API while the wall is open; heap after a GC every `every` incidents */
async function heapWhileStreaming(line: Line, ctx: BrowserContext, serverUrl: string, all: IncidentInput[], every: number): Promise<void> {
	await ctx.addInitScript(TIMELINE);
	const page = await openWall(ctx, `${serverUrl}/wall`);
	const cdp = await ctx.newCDPSession(page);
	const series: string[] = [`0: ${(await heapMb(cdp)).toFixed(1)} MB`];
	const batch = 1000;
	const t0 = performance.now();
	let peak = 0;
	let last = 0;
	let seq = 0;
	for (let done = 0; done < all.length; ) {
		const upTo = Math.min(all.length, done + every);
		// two senders, as a busy district's systems would
		const chunks: IncidentInput[][] = [];
		for (let i = done; i < upTo; i += batch) chunks.push(all.slice(i, Math.min(upTo, i + batch)));
		let next = 0;
		await Promise.all([0, 1].map(async () => { while (next < chunks.length) await post(serverUrl, chunks[next++]); }));
		done = upTo;
		seq = await lastSeq(serverUrl, seq);
		try {
			await page.waitForFunction((n) => (window.__mcuWall?.lastSeq() ?? 0) >= n, seq, { timeout: 180_000, polling: 250 });
		} catch {
			const at = await page.evaluate(() => ({ seq: window.__mcuWall?.lastSeq(), state: window.__mcuWall?.connectionState() }));
			line(`wall heap: after ${done} incidents the wall stood at seq ${at.seq} of ${seq} for 3 min (socket ${at.state}, ${await page.evaluate(() => (window as unknown as { __benchTimeline: { reconnects: number } }).__benchTimeline.reconnects)} reconnects); series cut here`);
			break;
		}
		last = await heapMb(cdp);
		peak = Math.max(peak, last);
		const rows = await page.evaluate(() => window.__mcuWall?.layerDataLength() ?? 0);
		series.push(`${done / 1000}k: ${last.toFixed(1)} MB (${rows} rows)`);
	}
	const secs = (performance.now() - t0) / 1000;
	line(`wall heap: used JS heap after a forced GC, every ${every / 1000}k incidents streamed over the socket (${(all.length / secs).toFixed(0)}/s end to end):`);
	line(`  ${series.join(' · ')}`);
	const reconnects = await page.evaluate(() => (window as unknown as { __benchTimeline: { reconnects: number } }).__benchTimeline.reconnects);
	line(`wall heap: last ${last.toFixed(1)} MB, peak ${peak.toFixed(1)} MB (target < 300 MB); the wall's socket reconnected ${reconnects} times meanwhile`);
	await page.close();
}

/** what a page waited for, in page time: map loaded, first sync applied; and socket reconnects (polled every 20 ms) */
const TIMELINE = `(() => {
	const t = (window.__benchTimeline = { map: 0, sync: 0, reconnects: 0 });
	let state = '';
	setInterval(() => {
		const h = window.__mcuWall;
		if (!h) return;
		const now = Math.round(performance.now());
		if (!t.map && h.canvasSize().width > 0) t.map = now;
		if (!t.sync && h.lastSeq() > 0) t.sync = now;
		const s = h.connectionState();
		if (s !== state && s === 'reconnecting') t.reconnects++;
		state = s;
	}, 20);
})()`;

/** b + d. cold loads of /wall: the first frame with incidents, and every JS file it fetched */
async function firstLoad(line: Line, browser: Awaited<ReturnType<typeof launchBrowser>>, serverUrl: string, loads: number): Promise<void> {
	const frames: number[] = [];
	const dcl: number[] = [];
	const steps: string[] = [];
	let scripts = new Map<string, number>();
	for (let i = 0; i < loads; i++) {
		const ctx = await browser.newContext({ viewport: VIEWPORT });
		const seen = new Map<string, number>();
		const bodies: Promise<void>[] = [];
		ctx.on('response', (r) => {
			const url = r.url();
			const type = r.request().resourceType();
			if (type !== 'script' && !/\.m?js(\?|$)/.test(new URL(url).pathname)) return;
			bodies.push(r.body().then((b) => void seen.set(url, zlib.gzipSync(b).length), () => undefined));
		});
		await ctx.addInitScript(TIMELINE);
		const page = await ctx.newPage();
		let syncBytes = 0;
		page.on('websocket', (ws) => ws.on('framereceived', (f) => (syncBytes = Math.max(syncBytes, f.payload.length))));
		await page.goto(`${serverUrl}/wall`);
		await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FIRST_DATA_FRAME_MARK, { timeout: 300_000 });
		await page.waitForFunction(() => window.__mcuWall?.ready === true, null, { timeout: 300_000 });
		const t = await page.evaluate((mark) => {
			const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
			const timeline = (window as unknown as { __benchTimeline: { map: number; sync: number; reconnects: number } }).__benchTimeline;
			return { frame: performance.getEntriesByName(mark)[0].startTime, dcl: nav.domContentLoadedEventEnd, ...timeline };
		}, FIRST_DATA_FRAME_MARK);
		frames.push(t.frame);
		dcl.push(t.dcl);
		steps.push(`map loaded ${t.map} ms, first sync applied ${t.sync} ms (largest socket frame ${(syncBytes / MB).toFixed(1)} MB), socket reconnects ${t.reconnects}`);
		// the lazily loaded chunks of the first scene count too; nothing else is asked for once the network is quiet
		await page.waitForLoadState('networkidle');
		await Promise.all(bodies);
		scripts = seen;
		await ctx.close();
	}
	line(`wall first render: navigation start → first frame drawing incidents ${median(frames).toFixed(0)} ms (median of ${loads} cold loads: ${frames.map((f) => f.toFixed(0)).join(', ')}), DOMContentLoaded ${median(dcl).toFixed(0)} ms`);
	for (const [i, step] of steps.entries()) line(`  load ${i + 1}: ${step}`);
	const sizes = [...scripts].sort((a, b) => b[1] - a[1]);
	const total = sizes.reduce((s, [, n]) => s + n, 0);
	const worker = sizes.filter(([url]) => url.includes('worker')).reduce((s, [, n]) => s + n, 0);
	line(`wall first-load JS: ${(total / 1000).toFixed(1)} kB gzipped in ${sizes.length} files (target ≤ 900 kB), of which maplibre's worker ${(worker / 1000).toFixed(1)} kB; biggest:`);
	for (const [url, n] of sizes.slice(0, 5)) line(`  ${(n / 1000).toFixed(1).padStart(7)} kB  ${new URL(url).pathname}`);
}

/**
 * The wall keeps its maplibre map private; the DevTools protocol finds it on the heap (the class with maplibre's
 * `jumpTo` and `getCanvas`, then its live instance), so the bench pans it exactly as it pans the bare page's.
 */
async function exposeWallMap(page: Page): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	const objectId = async (expression: string) => (await cdp.send('Runtime.evaluate', { expression })).result.objectId!;
	const fns = await cdp.send('Runtime.queryObjects', { prototypeObjectId: await objectId('Function.prototype') });
	await cdp.send('Runtime.callFunctionOn', {
		objectId: fns.objects.objectId!,
		functionDeclaration: `function () { window.__benchMapClass = this.find((f) => f.prototype && typeof f.prototype.jumpTo === 'function' && typeof f.prototype.getCanvas === 'function'); }`
	});
	const maps = await cdp.send('Runtime.queryObjects', { prototypeObjectId: await objectId('window.__benchMapClass.prototype') });
	await cdp.send('Runtime.callFunctionOn', {
		objectId: maps.objects.objectId!,
		functionDeclaration: `function () { window.__benchMap = this.find((m) => m.getCanvas().isConnected); }`
	});
	await cdp.detach();
	if (!(await page.evaluate(() => '__benchMap' in window && (window as { __benchMap?: unknown }).__benchMap !== undefined))) throw new Error('wall map not found on the heap');
}

/** counts requestAnimationFrame callbacks for `ms` while the camera pans every frame (same code on both pages) */
// a plain string: tsx would wrap the named functions of a callback in a `__name` helper the page does not have
const PAN_FPS = `(ms) => new Promise((resolve) => {
	const map = window.__benchMap;
	const c0 = map.getCenter();
	let renders = 0;
	const onRender = () => renders++;
	map.on('render', onRender);
	let frames = 0;
	let t0 = null;
	const step = (t) => {
		t0 ??= t;
		const k = ((t - t0) / 8000) * 2 * Math.PI;
		map.jumpTo({ center: [c0.lng + 0.12 * Math.sin(k), c0.lat + 0.05 * Math.sin(2 * k)] });
		if (t - t0 < ms) {
			frames++;
			requestAnimationFrame(step);
			return;
		}
		map.off('render', onRender);
		map.jumpTo({ center: c0 });
		const secs = (t - t0) / 1000;
		resolve({ fps: frames / secs, renders: renders / secs, frameMs: (secs * 1000) / frames });
	};
	requestAnimationFrame(step);
})`;

interface Fps {
	fps: number;
	renders: number;
	frameMs: number;
}

function panFps(page: Page, ms: number): Promise<Fps> {
	return page.evaluate(`(${PAN_FPS})(${ms})`) as Promise<Fps>;
}

/** the rows the wall holds, as the server hands them to a new screen (its sync snapshot) */
async function snapshotPositions(serverUrl: string): Promise<Array<{ position: [number, number] }>> {
	const socket = connect(serverUrl, { path: '/socket.io', transports: ['websocket'], auth: {} });
	const payload = await new Promise<SyncPayload>((resolve) => socket.once('sync', resolve));
	socket.close();
	// the hexagons scene bins the open incidents (WallMap.svelte hexData, no block filter)
	return [...(payload.snapshot ?? []), ...(payload.points ? decodeMapPoints(payload.points) : [])]
		.filter((i) => i.lat !== null && i.lon !== null && i.status !== 'closed')
		.map((i) => ({ position: [i.lon!, i.lat!] }));
}

/** a. hexagons scene fps, wall vs bare deck.gl page with the same rows and map size, measured in turns */
async function heatFps(line: Line, browser: Awaited<ReturnType<typeof launchBrowser>>, serverUrl: string, all: IncidentInput[], ms: number, rounds: number, reference: boolean): Promise<void> {
	const bare = await serveBareDeck();
	const contexts: BrowserContext[] = [];
	const page = async () => {
		const c = await browser.newContext({ viewport: VIEWPORT });
		contexts.push(c);
		return c.newPage();
	};
	try {
		const wall = await page();
		await wall.goto(`${serverUrl}/wall?scene=hexagons`);
		await wall.waitForFunction(() => window.__mcuWall?.ready === true, null, { timeout: 300_000 });
		await wall.waitForFunction(() => window.__mcuWall?.visibleLayers().includes('incidents-hex'), null, { timeout: 60_000 });
		const held = await wall.evaluate(() => window.__mcuWall?.layerDataLength() ?? 0);
		const canvas = await wall.evaluate(() => window.__mcuWall!.canvasSize());
		await exposeWallMap(wall);

		const openBare = async (data: Array<{ position: [number, number] }>) => {
			bare.setData(JSON.stringify(data));
			const p = await page();
			await p.goto(`${bare.url}/?w=${canvas.width}&h=${canvas.height}`);
			await p.waitForFunction(() => (window as { __benchReady?: boolean }).__benchReady === true, null, { timeout: 120_000 });
			return p;
		};
		const rows = await snapshotPositions(serverUrl);
		const bareSame = await openBare(rows);
		await sleep(3000);
		// in turns, so a neighbour's load on the shared cores hits both pages alike
		const w: Fps[] = [];
		const b: Fps[] = [];
		for (let i = 0; i < rounds; i++) {
			w.push(await panFps(wall, ms));
			b.push(await panFps(bareSame, ms));
		}
		const mid = (xs: Fps[]) => [...xs].sort((x, y) => x.fps - y.fps)[Math.floor(xs.length / 2)];
		const fmt = (r: Fps) => `${r.fps.toFixed(2)} fps (${r.frameMs.toFixed(0)} ms/frame, ${r.renders.toFixed(2)} map renders/s)`;
		line(`wall heat fps: hexagons scene, ${all.length / 1000}k ingested, the wall holds ${held} rows (cap 20,000), ${rows.length} open ones binned; map ${canvas.width}×${canvas.height}, camera pan ${ms / 1000} s × ${rounds} turns each`);
		line(`wall heat fps: wall ${fmt(mid(w))} vs bare deck.gl ${fmt(mid(b))} → ratio ${(mid(w).fps / mid(b).fps).toFixed(2)}× (target ≥ 0.9×); turns wall ${w.map((x) => x.fps.toFixed(2)).join('/')}, bare ${b.map((x) => x.fps.toFixed(2)).join('/')}`);
		await bareSame.context().close();
		// what the basemap alone costs per frame under the same pan: the rest of a frame is deck.gl's
		const empty = await openBare([]);
		await sleep(3000);
		line(`wall heat fps: the bare page's basemap alone (no rows) ${fmt(await panFps(empty, ms))}`);
		await empty.context().close();
		if (reference) {
			const everything = all.filter((i) => i.lat !== undefined && i.lon !== undefined).map((i) => ({ position: [i.lon!, i.lat!] as [number, number] }));
			const p = await openBare(everything);
			await sleep(3000);
			line(`wall heat fps: reference, bare deck.gl with all ${everything.length} incidents (beyond the wall's cap) ${fmt(await panFps(p, ms))}`);
		}
	} finally {
		for (const c of contexts) await c.close().catch(() => undefined);
		await bare.close();
	}
}

export async function wallBench(line: Line, o: { quick: boolean }): Promise<void> {
	const n = o.quick ? 30_000 : 100_000;
	// the browser first: without chromium the bench stops here, before it has a server and a redis to leave behind
	const browser = await launchBrowser();
	const redis = await startPrivateRedis();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-bench-wall-'));
	const server = await startServerProcess({ REDIS_URL: redis.url, REDIS_PREFIX: 'wb', INGEST_TOKEN: TOKEN, DATA_DIR: dataDir });
	try {
		const all = incidents(n);
		const ctx = await browser.newContext({ viewport: VIEWPORT });
		await heapWhileStreaming(line, ctx, server.url, all, 10_000);
		await ctx.close();
		await firstLoad(line, browser, server.url, o.quick ? 1 : 3);
		await heatFps(line, browser, server.url, all, o.quick ? 5000 : 10_000, o.quick ? 2 : 3, !o.quick);
	} finally {
		await browser.close();
		await server.stop();
		await redis.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}
