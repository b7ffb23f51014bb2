/** Russian sentences of the analytics (spike and escalation summaries); every string goes through t(). */
import { t } from './index.ts';

const roundCount = (x: number) => (x >= 10 ? Math.round(x) : Math.round(x * 10) / 10);

/** «рост обращений: ЖКХ, Шепсинское +180 % к обычному», or «новая тема: …» when there was nothing before. */
export function spikeSummary(s: { blockName: string; settlementName: string; growthPct: number | null; observed: number }): string {
	if (s.growthPct === null) return t('analytics.spikes.summaryNew', { block: s.blockName, settlement: s.settlementName, n: s.observed });
	return t('analytics.spikes.summary', { block: s.blockName, settlement: s.settlementName, growth: s.growthPct });
}

export function spikeCounts(s: { observed: number; expected: number }): string {
	return t('analytics.spikes.counts', { observed: s.observed, expected: roundCount(s.expected) });
}

export function escalationSummary(s: {
	kind: 'repeat_address' | 'repeat_topic' | 'repeat_author' | 'negative_reactions';
	label: string;
	count: number;
	total?: number;
	windowDays: number;
}): string {
	return t(`analytics.escalations.${s.kind}`, { label: s.label, n: s.count, total: s.total ?? s.count, days: s.windowDays });
}
