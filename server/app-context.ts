import type { AppContext } from './context.ts';

// SvelteKit's server bundle and the entry point load this module as two copies; a global symbol joins them
const KEY = Symbol.for('mcu.app-context');
type Holder = { [KEY]?: AppContext };

export function setAppContext(ctx: AppContext | undefined): void {
	(globalThis as Holder)[KEY] = ctx;
}

export function getAppContext(): AppContext {
	const ctx = (globalThis as Holder)[KEY];
	if (!ctx) throw new Error('the application context is not started (run through server/index.ts or vite dev)');
	return ctx;
}
