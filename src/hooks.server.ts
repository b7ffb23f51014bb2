import type { Handle, HandleServerError } from '@sveltejs/kit';
import { getAppContext } from '#server/app-context.ts';

export const handle: Handle = async ({ event, resolve }) => {
	Object.defineProperty(event.locals, 'ctx', { get: getAppContext, enumerable: true });
	return resolve(event);
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	// a page nobody has (404) or a refused method is the visitor's mistake, not the server's: no error log, and the
	// error page says what happened
	if (status < 500) return { message };
	try {
		getAppContext().logger.error({ err: error, path: event.url.pathname }, 'unhandled error');
	} catch {
		console.error(error);
	}
	return { message: 'internal error' };
};
