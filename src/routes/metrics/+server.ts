import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const { registry } = locals.ctx.metrics;
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
};
