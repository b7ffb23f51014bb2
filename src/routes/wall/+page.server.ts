import { getAppContext } from '#server/app-context.ts';
import { loadMunicipality } from '#server/municipality/load.ts';
import type { PageServerLoad } from './$types';

export interface WallMunicipality {
	id: string;
	name: string;
	timeZone: string;
	/** [lon, lat] */
	centre: [number, number];
	/** [west, south, east, north] */
	bbox: [number, number, number, number];
	attribution: string | null;
}

function current() {
	// the running server already loaded it (MUNICIPALITY); outside it (e.g. a bare preview) read the files
	try {
		return getAppContext().municipality;
	} catch {
		return loadMunicipality();
	}
}

export const load: PageServerLoad = () => {
	const { municipality: m } = current();
	// only plain fields cross to the browser
	const municipality: WallMunicipality = {
		id: m.id,
		name: m.name,
		timeZone: m.timeZone,
		centre: [m.centre[0], m.centre[1]],
		bbox: [m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3]],
		attribution: m.attribution ?? null
	};
	return { municipality };
};
