import type { RequestHandler } from './$types';
import { handleWallOverdue } from '#server/wall/overdue.handler.ts';

export const GET: RequestHandler = ({ locals }) => handleWallOverdue(locals.ctx);
