import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'expected postgres://…')
		.optional(),
	REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected redis://…'),
	INGEST_TOKEN: z.string().min(8, 'expected at least 8 characters'),
	DATA_DIR: z.string().min(1).default('./data'),
	MUNICIPALITY: z
		.string()
		.regex(/^[a-z0-9_-]+$/, 'expected a municipality folder name like "tuapse"')
		.default('tuapse'),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	/** prefix of every Redis key, so several deployments (or test runs) can share one Redis */
	REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default('mcu'),
	RUN_WORKERS: z
		.enum(['true', 'false', '1', '0'])
		.default('false')
		.transform((v) => v === 'true' || v === '1'),
	SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000)
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
	http: { port: number; host: string };
	db: { url: string | null; dataDir: string };
	redis: { url: string; prefix: string };
	ingest: { token: string; maxBodyBytes: number; maxBatch: number };
	municipality: string;
	logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
	runWorkers: boolean;
	shutdownTimeoutMs: number;
	/** how many events a reconnecting screen may be behind before it gets a snapshot instead */
	maxCatchUpEvents: number;
	/** the wall's window of points */
	wall: { windowDays: number; maxPoints: number };
}

/** Parses the environment once; a bad value stops start-up naming the variable, the value and what was expected. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => {
			const key = String(i.path[0]);
			const value = env[key];
			return value === undefined
				? `Missing ${key} (${i.message})`
				: `Invalid value for ${key}: ${JSON.stringify(value)} (${i.message})`;
		});
		throw new Error(lines.join('\n'));
	}
	const e = parsed.data;
	return {
		http: { port: e.PORT, host: e.HOST },
		db: { url: e.DATABASE_URL ?? null, dataDir: path.resolve(e.DATA_DIR) },
		redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
		ingest: { token: e.INGEST_TOKEN, maxBodyBytes: 1024 * 1024, maxBatch: 1000 },
		municipality: e.MUNICIPALITY,
		logLevel: e.LOG_LEVEL,
		runWorkers: e.RUN_WORKERS,
		shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
		maxCatchUpEvents: 5000,
		wall: { windowDays: 7, maxPoints: 20_000 }
	};
}
