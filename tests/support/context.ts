import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.ts';
import { createContext, type AppContext } from '../../server/context.ts';
import { createLogger } from '../../server/logger.ts';
import { startPrivateRedis, type PrivateRedis } from '../../server/dev/redis-server.ts';

export interface TestEnv {
	redis: PrivateRedis;
	dataDir: string;
	config(overrides?: Record<string, string>): Config;
	cleanup(): Promise<void>;
}

/** A private redis-server and a temp data dir for one test file. */
export async function createTestEnv(): Promise<TestEnv> {
	const redis = await startPrivateRedis();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcu-test-'));
	return {
		redis,
		dataDir,
		config: (overrides = {}) =>
			loadConfig({
				REDIS_URL: redis.url,
				INGEST_TOKEN: 'test-ingest-token',
				DATA_DIR: dataDir,
				LOG_LEVEL: 'silent',
				REDIS_PREFIX: `t${Math.random().toString(36).slice(2, 8)}`,
				...overrides
			}),
		async cleanup() {
			await redis.stop();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export async function createTestContext(config: Config, now?: () => Date): Promise<AppContext> {
	return createContext(config, { logger: createLogger('silent'), now });
}
