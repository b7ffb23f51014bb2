import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApp, type App } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import type { ContextOptions } from '../../server/context.ts';
import { createLogger } from '../../server/logger.ts';

export interface ListeningApp {
	app: App;
	url: string;
	server: http.Server;
}

/** The app on a bare HTTP server at a free port of 127.0.0.1 (404 to all but Socket.IO); silent unless `opts` logs. */
export async function listenApp(config: Config, opts: ContextOptions = {}): Promise<ListeningApp> {
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	const app = await startApp(config, server, { logger: createLogger('silent'), ...opts });
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { app, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Stops accepting, closes the app, then ends the connections it left open: ending them is the caller's (see App.close). */
export async function closeApp(s: ListeningApp): Promise<void> {
	s.server.close();
	await s.app.close();
	s.server.closeAllConnections();
}
