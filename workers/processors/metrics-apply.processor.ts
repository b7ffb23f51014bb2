import type { AppContext } from '../../server/context.ts';
import { applyPending } from '../../server/analytics/aggregation.ts';
import { metricsPusherOf } from '../../server/analytics/push.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';

/**
 * Applies the outbox rows committed after the aggregation cursor to the metric aggregates, then asks for a
 * coalesced `metrics:update`. A second worker, a retry or the 5 s safety net finds the cursor moved: 'skipped'.
 */
export async function metricsApply(ctx: AppContext, _data: JobPayloads['MetricsApply']): Promise<'done' | 'skipped'> {
	const r = await applyPending(ctx);
	if (r.rows === 0) return 'skipped';
	metricsPusherOf(ctx).dirty();
	return 'done';
}
