import { Gauge } from 'prom-client';
import type { AppContext } from '../../server/context.ts';
import { recomputeAll } from '../../server/analytics/recompute.ts';
import { metricsPusherOf } from '../../server/analytics/push.ts';
import { hourOfWeekOf } from '#domain/analytics/forecast.ts';
import type { JobPayloads } from '../../server/jobs/names.ts';

const gauges = new WeakMap<AppContext, Gauge<'part'>>();
function driftGauge(ctx: AppContext): Gauge<'part'> {
	let g = gauges.get(ctx);
	if (!g) {
		g = (ctx.metrics.registry.getSingleMetric('mcu_metrics_drift') as Gauge<'part'> | undefined) ??
			new Gauge({
				name: 'mcu_metrics_drift',
				help: 'Cells (cube) and incidents + unit-days (facts) the last full recompute found out of line with the incremental aggregates',
				labelNames: ['part'],
				registers: [ctx.metrics.registry]
			});
		gauges.set(ctx, g);
	}
	return g;
}

/**
 * Nightly and at worker start: reconciles the cube and the recent rating facts from the incidents, repairs what
 * drifted and reports it (a log line, the `mcu_metrics_drift` gauge, a metric_recomputes row). Drift should be 0.
 */
export async function metricsRecompute(ctx: AppContext, _data: JobPayloads['MetricsRecompute']): Promise<'done' | 'skipped'> {
	const now = ctx.now();
	// nightly: bucket fingerprints, then the days that differ; on Sundays every cell
	const exact = hourOfWeekOf(now, ctx.calendar.timeZone) >= 6 * 24;
	const r = await recomputeAll(ctx, { now, exact });
	const g = driftGauge(ctx);
	g.set({ part: 'cube' }, r.cube.drift);
	g.set({ part: 'facts' }, r.facts.drift);
	const log = { exact, driftBuckets: r.cube.buckets, cubeCells: r.cube.cells, cubeDrift: r.cube.drift, factsIncidents: r.facts.incidents, factsDrift: r.facts.drift, ms: r.durationMs, caughtUp: r.caughtUp };
	if (r.cube.drift > 0 || r.facts.drift > 0) ctx.logger.warn({ ...log, sample: r.cube.sample.slice(0, 3) }, 'metric aggregates had drifted; repaired');
	else ctx.logger.info(log, 'metric aggregates recomputed, no drift');
	if (r.cube.drift > 0 || r.facts.drift > 0 || r.caughtUp > 0) metricsPusherOf(ctx).dirty();
	return 'done';
}
