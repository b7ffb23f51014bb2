import type { AppContext } from '../server/context.ts';

declare global {
	namespace App {
		interface Locals {
			ctx: AppContext;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
