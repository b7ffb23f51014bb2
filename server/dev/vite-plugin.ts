import type { Plugin, ViteDevServer } from 'vite';
import type http from 'node:http';

/**
 * `vite dev` attaches the same realtime, relay and workers to Vite's own http server,
 * so dev and production behave alike. Modules load through Vite's SSR graph: the routes see the same context.
 */
export function realtimeDevPlugin(): Plugin {
	return {
		name: 'mcu-realtime-dev',
		async configureServer(server: ViteDevServer) {
			if (!server.httpServer) return;
			const env = { ...process.env };
			let redis: { stop(): Promise<void> } | null = null;
			if (!env.REDIS_URL) {
				const { startPrivateRedis } = await server.ssrLoadModule('/server/dev/redis-server.ts');
				const r = await startPrivateRedis();
				redis = r;
				env.REDIS_URL = r.url;
			}
			env.INGEST_TOKEN ??= 'dev-ingest-token';
			env.RUN_WORKERS ??= 'true';
			const { loadConfig } = await server.ssrLoadModule('/server/config.ts');
			const { startApp } = await server.ssrLoadModule('/server/app.ts');
			const app = await startApp(loadConfig(env), server.httpServer as http.Server);
			server.config.logger.info(`  realtime attached; ingest token: ${env.INGEST_TOKEN}`);
			server.httpServer.once('close', async () => {
				await app.close();
				await redis?.stop();
			});
		}
	};
}
