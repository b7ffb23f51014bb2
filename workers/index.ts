import { loadConfig } from '../server/config.ts';
import { createContext } from '../server/context.ts';
import { createLogger } from '../server/logger.ts';
import { startWorkers } from './start.ts';

async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (err) {
		console.error((err as Error).message);
		process.exit(2);
	}
	if (!config.db.url) {
		console.error('npm run workers needs DATABASE_URL: embedded PGlite belongs to one process (npm run demo runs workers in-process)');
		process.exit(2);
	}
	const logger = createLogger(config.logLevel, 'mcu-workers');
	const ctx = await createContext(config, { logger });
	const workers = await startWorkers(ctx);
	logger.info('workers started');
	process.stdout.write('MCU_WORKERS_READY\n');
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
		await workers.close();
		await ctx.close();
		process.exit(0);
	};
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop());
}

void main();
