import type { RequestHandler } from './$types';
import { handleWallReplay } from '#server/wall/wall.handlers.ts';

export const GET: RequestHandler = ({ locals, url }) => handleWallReplay(locals.ctx, url);
