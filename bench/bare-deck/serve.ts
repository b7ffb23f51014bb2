/**
 * Builds the bare deck.gl page (index.html + main.ts here) with Vite into a temp dir and serves it with a tiny
 * static server: the build first, then the app's static/ (basemap, settlements), and /data.json from memory.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.geojson': 'application/json',
	'.pbf': 'application/x-protobuf',
	'.png': 'image/png'
};

export interface BarePage {
	url: string;
	/** what /data.json answers from now on */
	setData(json: string): void;
	close(): Promise<void>;
}

export async function serveBareDeck(): Promise<BarePage> {
	const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-bare-deck-'));
	await build({
		configFile: false,
		root: here,
		logLevel: 'error',
		// the page imports the wall's layer constants, which use the package's `#domain/*` imports
		resolve: { alias: { '#domain': path.join(repo, 'src/lib/domain') } },
		build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5000 }
	});
	let data = '[]';
	const roots = [outDir, path.join(repo, 'static')];
	const server = http.createServer((req, res) => {
		const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (pathname === '/data.json') {
			res.writeHead(200, { 'content-type': 'application/json' }).end(data);
			return;
		}
		const rel = pathname === '/' ? 'index.html' : pathname.slice(1);
		for (const root of roots) {
			const file = path.join(root, rel);
			if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
			res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
			fs.createReadStream(file).pipe(res);
			return;
		}
		res.writeHead(404).end();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		setData: (json) => (data = json),
		async close() {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
			fs.rmSync(outDir, { recursive: true, force: true });
		}
	};
}
