import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
	registry: Registry;
	ingested: Counter<'channel'>;
	rejected: Counter<'reason'>;
	ingestSeconds: Histogram;
	setCollectors(c: { sockets(): number; outboxLag(): Promise<number> }): void;
}

/** One registry per context, so tests can run several servers in one process. */
export function createMetrics(): Metrics {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry });
	let collectors: { sockets(): number; outboxLag(): Promise<number> } = { sockets: () => 0, outboxLag: async () => 0 };
	const ingested = new Counter({ name: 'mcu_ingested_total', help: 'Incidents stored by the ingest API', labelNames: ['channel'], registers: [registry] });
	const rejected = new Counter({ name: 'mcu_ingest_rejected_total', help: 'Ingest requests rejected', labelNames: ['reason'], registers: [registry] });
	const ingestSeconds = new Histogram({
		name: 'mcu_ingest_duration_seconds',
		help: 'Ingest request latency, parse to commit',
		buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
		registers: [registry]
	});
	new Gauge({ name: 'mcu_connected_sockets', help: 'Screens connected to this process', registers: [registry], collect() { this.set(collectors.sockets()); } });
	new Gauge({
		name: 'mcu_outbox_lag',
		help: 'Outbox rows committed but not yet published to screens',
		registers: [registry],
		async collect() { this.set(await collectors.outboxLag()); }
	});
	return { registry, ingested, rejected, ingestSeconds, setCollectors: (c) => { collectors = c; } };
}
