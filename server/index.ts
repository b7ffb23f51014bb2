import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.ts';
import { startApp } from './app.ts';
import { createLogger } from './logger.ts';

// adapter-node's own limit applies before our routes see a body: the admin geo upload takes 20 MB, ingest enforces its own 1 MB
process.env.BODY_SIZE_LIMIT ??= '21M';

async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (err) {
		console.error((err as Error).message);
		process.exit(2);
	}
	const logger = createLogger(config.logLevel);
	const { handler } = await import(pathToFileURL(path.resolve('build/handler.js')).href).catch((err) => {
		logger.fatal({ err }, 'build/handler.js is missing: run `npm run build` first');
		process.exit(2);
	});
	// the responses still to be sent: shutdown waits for these, not for connections with nothing in flight
	const inFlight = new Set<http.ServerResponse>();
	const server = http.createServer((req, res) => {
		inFlight.add(res);
		res.once('close', () => inFlight.delete(res));
		handler(req, res);
	});
	server.keepAliveTimeout = 65_000;
	const app = await startApp(config, server, { logger });
	await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
	const addr = server.address();
	const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
	logger.info({ port, db: app.ctx.dbKind, workers: Boolean(app.workers) }, `listening on http://${config.http.host}:${port}`);
	// a line for whoever started us (the demo and the tests read it)
	process.stdout.write(`MCU_LISTENING port=${port}\n`);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		logger.info({ signal }, 'shutting down');
		const force = setTimeout(() => {
			logger.warn('shutdown timed out; exiting');
			process.exit(1);
		}, config.shutdownTimeoutMs);
		force.unref();
		server.close();
		// keep-alive connections would hold the server open for keepAliveTimeout: close each one as soon as its
		// request is answered, so requests in flight finish and the app closes right after (io.close waits for it).
		// Once nothing is in flight, close the rest too: a connection whose request never got past its headers
		// (a client that gave up) is not idle and would hold the server open until the shutdown timeout.
		const closeAnswered = () => (inFlight.size === 0 ? server.closeAllConnections() : server.closeIdleConnections());
		const idle = setInterval(closeAnswered, 50);
		closeAnswered();
		await app.close();
		clearInterval(idle);
		server.closeAllConnections();
		logger.info('stopped');
		process.exit(0);
	};
	// SIGHUP too: the terminal or session that started us went away; Node's default would end the process without
	// finishing the requests in flight
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
	// started with an IPC channel (the demo): its closing means the starter is gone, however it ended
	if (process.channel) process.once('disconnect', () => void stop('disconnect'));
}

void main();
