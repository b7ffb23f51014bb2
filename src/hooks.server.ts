import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getAppContext } from '#server/app-context.ts';

export const handle: Handle = async ({ event, resolve }) => {
	Object.defineProperty(event.locals, 'ctx', { get: getAppContext, enumerable: true });
	return resolve(event);
};

export const handleError: HandleServerError = ({ error, event }) => {
	try {
		getAppContext().logger.error({ err: error, path: event.url.pathname }, 'unhandled error');
	} catch {
		console.error(error);
	}
	return { message: 'internal error' };
};
