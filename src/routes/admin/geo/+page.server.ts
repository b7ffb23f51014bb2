import { fail } from '@sveltejs/kit';
import { formText as text, sameToken } from '#server/http/auth.ts';
import { importMunicipality, MAX_UPLOAD_BYTES } from '#server/municipality/import.ts';
import type { Actions } from './$types';

export interface GeoUploadValues {
	id: string;
	name: string;
	timeZone: string;
	timeZoneOther: string;
	approximate: boolean;
}

export type GeoUploadReason = 'token' | 'noFile' | 'tooLarge' | 'unavailable' | 'invalid';

/** What the page gets back: a refusal with every problem, or what was imported. */
export interface GeoUploadForm {
	reason?: GeoUploadReason;
	values?: GeoUploadValues;
	errors?: { message: string; feature: number | null; code: string }[];
	imported?: {
		id: string;
		name: string;
		timeZone: string;
		bbox: number[];
		settlements: number;
		places: number;
		replaced: boolean;
		dir: string;
	};
}

const refuse = (status: number, reason: GeoUploadReason, values?: GeoUploadValues, errors: GeoUploadForm['errors'] = []) =>
	fail(status, { reason, values, errors } satisfies GeoUploadForm);

export const actions: Actions = {
	default: async ({ request, locals }) => {
		let ctx;
		try {
			ctx = locals.ctx;
		} catch {
			return refuse(503, 'unavailable');
		}
		const data = await request.formData();
		const values: GeoUploadValues = {
			id: text(data, 'id'),
			name: text(data, 'name'),
			timeZone: text(data, 'timeZone'),
			timeZoneOther: text(data, 'timeZoneOther'),
			approximate: data.get('approximate') === 'on'
		};
		if (!sameToken(text(data, 'token'), ctx.config.ingest.token)) return refuse(401, 'token', values);

		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0) return refuse(400, 'noFile', values);
		if (file.size > MAX_UPLOAD_BYTES) return refuse(413, 'tooLarge', values);

		const result = await importMunicipality({
			geojson: await file.text(),
			sourceName: file.name,
			id: values.id,
			name: values.name,
			timeZone: values.timeZoneOther || values.timeZone,
			approximate: values.approximate,
			dataDir: ctx.config.db.dataDir
		});
		if (!result.ok) {
			const errors = result.errors.map((e) => ({ message: e.message, feature: e.feature, code: e.code }));
			return refuse(400, 'invalid', values, errors);
		}
		ctx.logger.info({ id: values.id, dir: result.dir, settlements: result.summary.settlements }, 'municipality imported');
		const m = result.municipality;
		return {
			imported: {
				id: m.id,
				name: m.name,
				timeZone: m.timeZone,
				bbox: [...m.bbox],
				settlements: result.summary.settlements,
				places: result.places,
				replaced: result.replaced,
				dir: result.dir
			}
		} satisfies GeoUploadForm;
	}
};
