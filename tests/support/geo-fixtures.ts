/** Small hand-made settlements files for the GeoJSON import tests. */

/** Two settlements around Tashtagol (lon 87.9, lat 52.76), with their admin centres. */
export function tashtagolGeoJson(): Record<string, unknown> {
	return {
		type: 'FeatureCollection',
		features: [
			{
				type: 'Feature',
				properties: { name: 'Таштагольское городское поселение', population: 22_000, admin_centre_ru: 'г. Таштагол', admin_centre_lonlat: [87.89, 52.77] },
				geometry: { type: 'Polygon', coordinates: [[[87.8, 52.7], [87.95, 52.7], [87.95, 52.85], [87.8, 52.85], [87.8, 52.7]]] }
			},
			{
				type: 'Feature',
				properties: { name: 'Шерегешское городское поселение', population: 9_000, admin_centre_ru: 'пгт Шерегеш', admin_centre_lonlat: [87.98, 52.92] },
				geometry: { type: 'Polygon', coordinates: [[[87.95, 52.7], [88.1, 52.7], [88.1, 53.0], [87.95, 53.0], [87.95, 52.7]]] }
			}
		]
	};
}
