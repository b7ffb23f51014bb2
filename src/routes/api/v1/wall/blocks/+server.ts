import type { RequestHandler } from './$types';
import { handleWallBlocks } from '#server/wall/wall.handlers.ts';

export const GET: RequestHandler = ({ locals }) => handleWallBlocks(locals.ctx);
