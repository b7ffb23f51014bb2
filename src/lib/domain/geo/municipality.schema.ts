/**
 * Zod schemas of a municipality folder: municipality.json, settlements.geojson, places.geojson.
 * Parsing happens once, where the files are read (server/municipality/load.ts, the GeoJSON import).
 */
import { z } from 'zod';

const Lon = z.number().min(-180, 'longitude below −180: is the file in WGS 84 lon/lat?').max(180, 'longitude above 180: is the file in WGS 84 lon/lat?');
const Lat = z.number().min(-90, 'latitude below −90: is the file in WGS 84 lon/lat?').max(90, 'latitude above 90: is the file in WGS 84 lon/lat?');
export const LonLatSchema = z.tuple([Lon, Lat]);
export type LonLat = z.infer<typeof LonLatSchema>;

// [minLon, minLat, maxLon, maxLat]
export const BboxSchema = z
	.tuple([Lon, Lat, Lon, Lat])
	.refine(([x0, y0, x1, y1]) => x0 < x1 && y0 < y1, 'bbox must be [minLon, minLat, maxLon, maxLat]');
export type Bbox = z.infer<typeof BboxSchema>;

const Slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a latin slug (a-z, 0-9, _ or -)');
const Name = z.string().trim().min(1);

// ---------------------------------------------------------------- GeoJSON

// a position may carry an altitude; we only read lon/lat
const PositionSchema = z.tuple([Lon, Lat], z.number());
const RingSchema = z
	.array(PositionSchema)
	.min(4, 'a ring needs at least 4 positions')
	.refine((r) => r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1], 'ring is not closed (first and last positions differ)');
export type Ring = z.infer<typeof RingSchema>;

const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(RingSchema).min(1, 'polygon has no rings') });
const MultiPolygonSchema = z.object({
	type: z.literal('MultiPolygon'),
	coordinates: z.array(z.array(RingSchema).min(1, 'polygon has no rings')).min(1, 'multipolygon has no polygons')
});
export const AreaGeometrySchema = z.discriminatedUnion('type', [PolygonSchema, MultiPolygonSchema], {
	error: 'geometry must be a Polygon or MultiPolygon'
});
export type AreaGeometry = z.infer<typeof AreaGeometrySchema>;

// rfc 7946 drops `crs`; old files still carry it, and anything but WGS 84 lon/lat is refused
const CrsSchema = z
	.object({ type: z.string(), properties: z.object({ name: z.string() }).loose() })
	.loose()
	.refine((c) => /CRS84|EPSG:{1,2}4326$|^EPSG:4326$/i.test(c.properties.name), {
		message: 'wrong CRS: expected WGS 84 lon/lat (urn:ogc:def:crs:OGC:1.3:CRS84 or EPSG:4326); reproject the file first'
	});

function uniqueIds<T extends { properties: { id: string } }>(features: T[], ctx: z.RefinementCtx): void {
	const seen = new Map<string, number>();
	features.forEach((f, i) => {
		const first = seen.get(f.properties.id);
		if (first !== undefined) {
			ctx.addIssue({ code: 'custom', path: ['features', i, 'properties', 'id'], message: `duplicate id '${f.properties.id}' (also features[${first}])` });
		} else seen.set(f.properties.id, i);
	});
}

export const SettlementSchema = z
	.object({
		id: Slug,
		name_ru: z.string({ error: 'settlement has no name (name_ru)' }).trim().min(1, 'settlement has no name (name_ru)'),
		short_name_ru: Name.optional(),
		kind: z.enum(['urban', 'rural']).optional(),
		admin_centre_ru: Name.nullish(),
		admin_centre_lonlat: LonLatSchema.nullish(),
		label_lonlat: LonLatSchema.nullish(),
		population: z.number().int().nonnegative().nullable().default(null),
		approximate: z.boolean().optional()
	})
	.loose();
export type Settlement = z.infer<typeof SettlementSchema>;

export const SettlementFeatureSchema = z.object({
	type: z.literal('Feature'),
	id: z.union([z.string(), z.number()]).optional(),
	properties: SettlementSchema,
	geometry: AreaGeometrySchema
});
export type SettlementFeature = z.infer<typeof SettlementFeatureSchema>;

export const SettlementCollectionSchema = z
	.object({
		type: z.literal('FeatureCollection'),
		name: z.string().optional(),
		crs: CrsSchema.optional(),
		bbox: z.array(z.number()).optional(),
		features: z.array(SettlementFeatureSchema).min(1, 'no settlements in the file')
	})
	.loose()
	.superRefine((fc, ctx) => uniqueIds(fc.features, ctx));
export type SettlementCollection = z.infer<typeof SettlementCollectionSchema>;

export const PlaceSchema = z
	.object({
		id: Slug,
		name_ru: z.string({ error: 'place has no name (name_ru)' }).trim().min(1, 'place has no name (name_ru)'),
		// город, пгт, село, посёлок, аул …
		type_ru: Name.optional(),
		settlement_id: Slug,
		is_admin_centre: z.boolean().default(false),
		population: z.number().int().nonnegative().nullable().default(null),
		inside_settlement_polygon: z.boolean().optional()
	})
	.loose();
export type Place = z.infer<typeof PlaceSchema>;

export const PlaceFeatureSchema = z.object({
	type: z.literal('Feature'),
	id: z.union([z.string(), z.number()]).optional(),
	properties: PlaceSchema,
	geometry: z.object({ type: z.literal('Point', { error: 'place geometry must be a Point' }), coordinates: PositionSchema })
});
export type PlaceFeature = z.infer<typeof PlaceFeatureSchema>;

export const PlaceCollectionSchema = z
	.object({
		type: z.literal('FeatureCollection'),
		crs: CrsSchema.optional(),
		features: z.array(PlaceFeatureSchema)
	})
	.loose()
	.superRefine((fc, ctx) => uniqueIds(fc.features, ctx));
export type PlaceCollection = z.infer<typeof PlaceCollectionSchema>;

// ---------------------------------------------------------------- municipality.json

/** Who answers for a block: a deputy head's area in Tuapse (tua_b1…b6), the МЦУ core, a deputy elsewhere. */
export const OwnerSchema = z.object({ id: Slug, name: Name, position: Name.optional() });
export type Owner = z.infer<typeof OwnerSchema>;

/** A thematic block as the wall shows it (one tile each). */
export const BlockSchema = z.object({ id: Slug, name: Name, fullName: Name.optional(), owner: Slug.nullable() });
export type Block = z.infer<typeof BlockSchema>;

/**
 * A tile of the wall's block strip: several blocks shown as one (at most 8 tiles). Its title may wrap onto two
 * lines at spaces; a long single word («Благоустройство») may carry soft hyphens (U+00AD) where it can break, or it
 * is set smaller so that it fits its tile.
 */
export const WallTileSchema = z.object({ id: Slug, name: Name, blocks: z.array(Slug).min(1, 'a tile needs at least one block') });
export type WallTile = z.infer<typeof WallTileSchema>;

export const DepartmentSchema = z.object({
	id: Slug,
	name: Name,
	/** the wall's name when the abbreviated full name is still too long for a row: «Общественная приёмная» */
	wallName: z.string().trim().min(2, 'wallName too short').max(24, 'wallName longer than 24 characters: a wall rating row fits about that many').optional(),
	kind: z.enum(['directorate', 'division', 'sector', 'body']).optional(),
	ownerBlock: Slug.nullable(),
	workingGroupMember: z.boolean().optional()
});
export type Department = z.infer<typeof DepartmentSchema>;

const Keyword = z.string().trim().min(2, 'keyword too short (at least 2 letters)');

export const CategorySchema = z.object({
	id: Slug,
	name: Name,
	keywords: z.array(Keyword).default([]),
	// overrides the group's department
	departmentId: Slug.nullable().optional()
});
export type Category = z.infer<typeof CategorySchema>;

/** A topic group (taxonomy §4): its block, its default department and its categories with keywords. */
export const CategoryGroupSchema = z.object({
	topicGroup: Slug,
	block: Slug,
	departmentId: Slug.nullable(),
	competence: z.array(z.enum(['mun', 'stl', 'reg'])).default([]),
	keywords: z.array(Keyword).default([]),
	items: z.array(CategorySchema).default([])
});
export type CategoryGroup = z.infer<typeof CategoryGroupSchema>;

export const MunicipalitySchema = z
	.object({
		id: Slug,
		name: Name,
		fullName: Name.optional(),
		kind: z.enum(['municipal_okrug', 'municipal_district', 'urban_okrug']).optional(),
		region: Name.optional(),
		timeZone: z.string().refine(isTimeZone, 'unknown IANA time zone'),
		centre: LonLatSchema,
		bbox: BboxSchema,
		attribution: Name,
		boundariesApproximate: z.boolean(),
		owners: z.array(OwnerSchema).default([]),
		blocks: z.array(BlockSchema).min(1, 'at least one block'),
		fallbackBlock: Slug,
		departments: z.array(DepartmentSchema),
		categories: z.array(CategoryGroupSchema),
		/** optional grouping of blocks into the wall's tiles; without it each block is a tile */
		wallTiles: z.array(WallTileSchema).max(8, 'the wall shows at most 8 tiles').optional()
	})
	.superRefine((m, ctx) => {
		const owners = idSet(m.owners, ['owners'], ctx);
		const blocks = idSet(m.blocks, ['blocks'], ctx);
		const departments = idSet(m.departments, ['departments'], ctx);
		const ref = (set: Set<string>, value: string | null | undefined, path: (string | number)[], what: string) => {
			if (value != null && !set.has(value)) ctx.addIssue({ code: 'custom', path, message: `unknown ${what} '${value}'` });
		};
		m.blocks.forEach((b, i) => ref(owners, b.owner, ['blocks', i, 'owner'], 'owner'));
		m.departments.forEach((d, i) => ref(owners, d.ownerBlock, ['departments', i, 'ownerBlock'], 'owner'));
		ref(blocks, m.fallbackBlock, ['fallbackBlock'], 'block');
		// a tile naming a block this municipality lacks is not an error: the wall skips it (tilesFor), so a copied
		// municipality.json with its own blocks still loads
		if (m.wallTiles) idSet(m.wallTiles, ['wallTiles'], ctx);
		const categoryIds = new Set<string>();
		m.categories.forEach((g, i) => {
			ref(blocks, g.block, ['categories', i, 'block'], 'block');
			ref(departments, g.departmentId, ['categories', i, 'departmentId'], 'department');
			g.items.forEach((c, j) => {
				ref(departments, c.departmentId, ['categories', i, 'items', j, 'departmentId'], 'department');
				if (categoryIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'items', j, 'id'], message: `duplicate category id '${c.id}'` });
				categoryIds.add(c.id);
			});
		});
		const [x0, y0, x1, y1] = m.bbox;
		const [lon, lat] = m.centre;
		if (lon < x0 || lon > x1 || lat < y0 || lat > y1) ctx.addIssue({ code: 'custom', path: ['centre'], message: 'centre lies outside bbox' });
	});
export type Municipality = z.infer<typeof MunicipalitySchema>;

function idSet(items: { id: string }[], path: string[], ctx: z.RefinementCtx): Set<string> {
	const ids = new Set<string>();
	items.forEach((item, i) => {
		if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, i, 'id'], message: `duplicate id '${item.id}'` });
		ids.add(item.id);
	});
	return ids;
}

function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}
