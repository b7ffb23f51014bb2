import { describe, expect, it } from 'vitest';
import { escalationSummary, spikeSummary } from '../../../src/lib/i18n/analytics.ts';

describe('analytics sentences', () => {
	it('says a spike the way the head reads it', () => {
		expect(spikeSummary({ blockName: 'ЖКХ', settlementName: 'Шепсинское', growthPct: 180, observed: 14 })).toBe('рост обращений: ЖКХ, Шепсинское +180 % к обычному');
		expect(spikeSummary({ blockName: 'Дороги', settlementName: 'Туапсинское', growthPct: null, observed: 7 })).toBe('новая тема: Дороги, Туапсинское — 7 за сутки');
	});

	it('groups thousands in growth the Russian way', () => {
		expect(spikeSummary({ blockName: 'ЖКХ', settlementName: 'Джубгское', growthPct: 1250, observed: 50 })).toMatch(/\+1\s250 %/);
	});

	it('names repeat complaints and unhappy citizens', () => {
		expect(escalationSummary({ kind: 'repeat_address', label: 'ул. Ленина, 12 (Туапсинское)', count: 4, windowDays: 7 })).toBe('повторные жалобы: ул. Ленина, 12 (Туапсинское) — 4 за 7 дн.');
		expect(escalationSummary({ kind: 'negative_reactions', label: 'Управление ЖКХ и ТЭК', count: 5, total: 8, windowDays: 7 })).toBe('недовольны ответами: Управление ЖКХ и ТЭК — 5 из 8');
	});
});
