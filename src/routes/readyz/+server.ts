import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const checks = await locals.ctx.ready();
	const ok = checks.db && checks.redis;
	return new Response(JSON.stringify({ ok, ...checks }), { status: ok ? 200 : 503, headers: { 'content-type': 'application/json' } });
};
