import type { RequestHandler } from './$types';
import { handleWallSettlements } from '#server/wall/wall.handlers.ts';

export const GET: RequestHandler = ({ locals, url }) => handleWallSettlements(locals.ctx, url);
