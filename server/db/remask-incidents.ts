import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { maskPersonalData } from '#domain/masking.ts';

const BATCH = 1000;

/**
 * Masks again what walls and restricted roles read of the stored incidents, with the masking of this version: a
 * code migration calls it each time masking learns a new form. `text` keeps the original, so `text_public` is made
 * anew; the original title was never kept, so the stored (masked) title is masked once more. Only changed rows
 * are written.
 */
export async function remaskStoredIncidents(trx: Transaction<Database>): Promise<void> {
	let after: string | null = null;
	for (;;) {
		let q = trx
			.selectFrom('incidents as i')
			.leftJoin('incident_authors as a', 'a.incident_id', 'i.id')
			.select(['i.id', 'i.text', 'i.text_public', 'i.title', 'a.name', 'a.phone', 'a.email'])
			.orderBy('i.id')
			.limit(BATCH);
		if (after) q = q.where('i.id', '>', after);
		const rows = await q.execute();
		const changed: { id: string; text_public: string; title: string | null }[] = [];
		for (const r of rows) {
			const author = { name: r.name, phone: r.phone, email: r.email };
			const textPublic = maskPersonalData(r.text, author);
			const title = r.title === null ? null : maskPersonalData(r.title, author);
			if (textPublic !== r.text_public || title !== r.title) changed.push({ id: r.id, text_public: textPublic, title });
		}
		// one statement per batch: 20,000 changed rows took 13.5 s an UPDATE at a time on PostgreSQL (19.5 s on PGlite),
		// 1.6 s (2.4 s) this way
		if (changed.length > 0) {
			await sql`update incidents i set text_public = c.text_public, title = c.title
				from json_to_recordset(${JSON.stringify(changed)}::json) as c(id uuid, text_public text, title text)
				where i.id = c.id`.execute(trx);
		}
		if (rows.length < BATCH) return;
		after = rows[rows.length - 1].id;
	}
}
