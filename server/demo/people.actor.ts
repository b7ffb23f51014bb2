/**
 * The demo's people: a simulator actor (./simulator.ts `actors`) that plays the operator, the executors, the
 * approvers and the citizens on every incident the feed posts, through the public actions API
 * (`POST /api/v1/incidents/:id/actions`, the service token), so the wall shows real overdue items and later
 * metrics have a real history.
 *
 * - Each acknowledged incident gets a seeded trajectory (./people/plan.ts): realistic delays, scaled by the
 *   simulator's speed after the start; the share of late, reworked, unhappy, hot and dismissed items is in SHARES.
 * - Backfilled incidents replay their past steps at once, oldest first, so they start in a plausible state for
 *   their age. The server stamps those events with its own time (there is no back-dating in the API), so their
 *   history is compressed into the first minute(s) of the demo; their future steps run like live ones. At most
 *   `backfillBudget` past actions are replayed (a whole incident or none of it); the rest stay as an untouched
 *   backlog.
 * - One sender, at most `maxRequestsPerSecond`, runs in the background (a tick never waits for it, so the live
 *   feed is never held up). Right before each action the person reads the incident (`GET /api/v1/incidents/:id`)
 *   and acts on its current version: placement, SLA flips and people at the wall move it meanwhile. 409 stale
 *   version (a change between the read and the action): the version is refreshed from the returned incident and
 *   the action retried once. 409 illegal: the plan skips forward to the first planned action the server allows
 *   (or ends). 400: the step is skipped. Nothing thrown here reaches the simulator.
 * - One summary line a minute: actions by name, reads, conflicts, pending incidents.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IncidentInput } from '#domain/incident.ts';
import { russianCalendar, type WorkCalendar } from '#domain/sla.ts';
import type { IngestClient, SimulatorActor, SimulatorLogger } from './simulator.ts';
import { planTrajectory, type PlannedStep, type Role } from './people/plan.ts';

export { SHARES, planTrajectory } from './people/plan.ts';

export interface PeopleOptions {
	seed?: number | string;
	/** the simulator's speed: delays after the start are divided by it */
	speed?: number;
	/** the simulator's start, epoch ms (default: now at creation) */
	startMs?: number;
	/** epoch ms (tests) */
	now?: () => number;
	logger?: SimulatorLogger;
	logIntervalMs?: number;
	/** at most this many past (backfill) actions replayed at start */
	backfillBudget?: number;
	maxRequestsPerSecond?: number;
	/** requests in flight at once (different incidents; one incident's steps stay in order) */
	concurrency?: number;
	/** project root with static/municipalities/<m>/municipality.json */
	root?: string;
	municipality?: string;
	/** departments and routing instead of reading municipality.json (tests) */
	org?: Org;
	cal?: WorkCalendar;
}

export interface Org {
	timeZone: string;
	departments: Record<string, string>;
	/** thematic block → the department that owns its topics */
	blockDepartment: Record<string, string>;
	fallbackDepartment: string;
}

export interface PeopleStats {
	planned: number;
	skipped: number;
	pendingIncidents: number;
	pastPlanned: number;
	actions: Record<string, number>;
	/** reads of the incident before acting */
	reads: number;
	stale: number;
	illegal: number;
	replanned: number;
	invalid: number;
	failed: number;
	lastError: string | null;
}

export interface PeopleActor extends SimulatorActor {
	stats(): PeopleStats;
	/** sends every step due at `now` (awaitable; tick starts the same work without waiting) */
	drain(now: Date, client: IngestClient): Promise<void>;
	/** steps still planned */
	pending(): number;
}

interface Tracked {
	id: string;
	input: IncidentInput;
	steps: PlannedStep[];
	next: number;
	version: number;
	departmentId: string | null;
	block: string | null;
	attempts: number;
	/** the step's due time after a retry delay */
	notBefore: number;
}

const DEFAULT_BUDGET = 4_000;
const DEFAULT_RPS = 40;
const DEFAULT_CONCURRENCY = 4;
/** universal actions never used to skip forward in a plan */
const UNIVERSAL = new Set(['mark_hot', 'unmark_hot', 'change_deadline']);

export function loadOrg(root = process.cwd(), municipality = 'tuapse'): Org {
	return loadOrgFrom(resolve(root, 'static', 'municipalities', municipality));
}

/** The same from a municipality folder (a shipped one or one an administrator imported under DATA_DIR). */
export function loadOrgFrom(dir: string): Org {
	const m = JSON.parse(readFileSync(resolve(dir, 'municipality.json'), 'utf8')) as {
		timeZone: string;
		departments: Array<{ id: string; name: string }>;
		categories?: Array<{ block?: string; departmentId?: string }>;
	};
	const departments = Object.fromEntries(m.departments.map((d) => [d.id, d.name]));
	const blockDepartment: Record<string, string> = {};
	for (const c of m.categories ?? []) if (c.block && c.departmentId && !blockDepartment[c.block]) blockDepartment[c.block] = c.departmentId;
	const fallbackDepartment = departments.public_reception ? 'public_reception' : m.departments[0]!.id;
	return { timeZone: m.timeZone, departments, blockDepartment, fallbackDepartment };
}

/** A min-heap of incidents by the due time of their next step. */
class Queue {
	readonly #a: Tracked[] = [];
	get size(): number {
		return this.#a.length;
	}
	static due(t: Tracked): number {
		return Math.max(t.steps[t.next]!.at, t.notBefore);
	}
	push(t: Tracked): void {
		const a = this.#a;
		a.push(t);
		let i = a.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (Queue.due(a[p]!) <= Queue.due(a[i]!)) break;
			[a[p], a[i]] = [a[i]!, a[p]!];
			i = p;
		}
	}
	peek(): Tracked | undefined {
		return this.#a[0];
	}
	pop(): Tracked | undefined {
		const a = this.#a;
		const top = a[0];
		const last = a.pop();
		if (a.length && last) {
			a[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < a.length && Queue.due(a[l]!) < Queue.due(a[m]!)) m = l;
				if (r < a.length && Queue.due(a[r]!) < Queue.due(a[m]!)) m = r;
				if (m === i) break;
				[a[m], a[i]] = [a[i]!, a[m]!];
				i = m;
			}
		}
		return top;
	}
}

type ActionBody = { ok?: boolean; error?: string; incident?: { version?: number; departmentId?: string | null; block?: string | null; status?: string }; allowed?: string[] };

export function createPeopleActor(options: PeopleOptions = {}): PeopleActor {
	const clock = options.now ?? Date.now;
	const startMs = options.startMs ?? clock();
	const speed = options.speed ?? 1;
	if (!(speed > 0)) throw new Error(`speed must be positive, got ${speed}`);
	const seed = options.seed ?? 1;
	const org = options.org ?? loadOrg(options.root, options.municipality);
	const cal = options.cal ?? russianCalendar(org.timeZone);
	const budget = options.backfillBudget ?? DEFAULT_BUDGET;
	const minInterval = 1000 / (options.maxRequestsPerSecond ?? DEFAULT_RPS);
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
	const log = options.logger ?? consoleLogger;
	const logEvery = options.logIntervalMs ?? 60_000;

	const queue = new Queue();
	const seen = new Set<string>();
	const stats: PeopleStats = {
		planned: 0,
		skipped: 0,
		pendingIncidents: 0,
		pastPlanned: 0,
		actions: {},
		reads: 0,
		stale: 0,
		illegal: 0,
		replanned: 0,
		invalid: 0,
		failed: 0,
		lastError: null
	};
	let running: Promise<void> | null = null;
	let fatal = false;
	let nextSlot = 0;
	let lastLog = clock();
	let lastTotal = 0;
	let warned = 0;

	const warn = (obj: object, msg: string) => {
		if (warned++ < 20) (log.warn ?? log.info).call(log, obj, msg);
	};

	function onIngested(e: { input: IncidentInput; id: string | null; created: boolean; live: boolean }): void {
		if (!e.id || seen.has(e.id)) return;
		seen.add(e.id);
		let plan;
		try {
			plan = planTrajectory(e.input, { seed, cal, startMs, speed });
		} catch (err) {
			stats.lastError = `plan: ${err instanceof Error ? err.message : String(err)}`;
			return;
		}
		if (plan.steps.length === 0) return;
		const past = plan.steps.filter((s) => s.at <= startMs).length;
		if (past > 0 && stats.pastPlanned + past > budget) {
			stats.skipped++;
			return;
		}
		stats.pastPlanned += past;
		stats.planned++;
		stats.pendingIncidents++;
		queue.push({ id: e.id, input: e.input, steps: plan.steps, next: 0, version: 1, departmentId: null, block: null, attempts: 0, notBefore: 0 });
	}

	function actorName(t: Tracked, step: PlannedStep): string {
		const department = org.departments[t.departmentId ?? ''] ?? org.departments[routedDepartment(t)] ?? 'структурное подразделение';
		const role: Role = step.role;
		if (role === 'executor') return `Исполнитель — ${department}`;
		if (role === 'citizen') return 'Заявитель';
		if (role === 'moderator') return 'Модератор ПОС';
		if (role === 'approver') {
			switch (step.approvalStep) {
				case 'cur_curators':
					return 'Куратор ЦУР (внешнее согласование)';
				case 'head_consent':
					return 'Заместитель главы — владелец тематического блока';
				case 'department_head':
					return `Руководитель — ${department}`;
				case 'signing_official':
					return 'Заместитель главы — подписант ответа';
			}
		}
		// the shift on duty in the story (a replayed past step is sent later than it happened)
		return operatorName(step.storyAt, org.timeZone);
	}

	function routedDepartment(t: Tracked): string {
		if (t.departmentId) return t.departmentId;
		return (t.block && org.blockDepartment[t.block]) || org.fallbackDepartment;
	}

	/** the body of the step, with the runtime fixes: routed department, deadlines the server would refuse */
	function bodyOf(t: Tracked, step: PlannedStep, now: number): Record<string, unknown> {
		const payload: Record<string, unknown> = { ...step.payload };
		if (payload.departmentId === '$routed') payload.departmentId = routedDepartment(t);
		if (step.sets) {
			const field = step.sets.field;
			const due = Date.parse(String(payload[field]));
			// a replayed past step runs at the server's now: a deadline it met in the story must not read as missed
			if (due <= now + 30_000) {
				if (step.dueMet) payload[field] = new Date(now + Math.max(3_600_000, (due - step.at) || 0)).toISOString();
				else if (step.action === 'assign') payload[field] = new Date(now + 60_000).toISOString();
			}
		}
		return { action: step.action, version: t.version, actor: actorName(t, step), ...payload };
	}

	function remember(t: Tracked, body: ActionBody | null): void {
		const inc = body?.incident;
		if (!inc) return;
		if (typeof inc.version === 'number') t.version = inc.version;
		if (inc.departmentId) t.departmentId = inc.departmentId;
		if (inc.block !== undefined) t.block = inc.block ?? null;
	}

	function finish(t: Tracked): void {
		stats.pendingIncidents--;
		void t;
	}

	function advance(t: Tracked, to = t.next + 1): void {
		t.next = to;
		t.attempts = 0;
		t.notBefore = 0;
		if (t.next < t.steps.length) queue.push(t);
		else finish(t);
	}

	/** re-plan from what the server allows: the first remaining planned action it allows, or the end */
	function replan(t: Tracked, allowed: readonly string[]): void {
		stats.replanned++;
		for (let k = t.next; k < t.steps.length; k++) {
			const a = t.steps[k]!.action;
			if (allowed.includes(a) && (!UNIVERSAL.has(a) || k === t.next)) {
				if (k === t.next) {
					// the same action is allowed again after a refresh: one more try, then give up on the step
					if (t.attempts++ >= 2) return advance(t, k + 1);
					t.notBefore = clock() + 2_000;
					queue.push(t);
					return;
				}
				return advance(t, k);
			}
		}
		advance(t, t.steps.length);
	}

	/** one request slot every 1/maxRequestsPerSecond, shared by the senders */
	async function pace(): Promise<void> {
		const t = Date.now();
		const slot = Math.max(t, nextSlot);
		nextSlot = slot + minInterval;
		if (slot > t) await new Promise((r) => setTimeout(r, slot - t));
	}

	/**
	 * The incident's current version (and routing) from the server, and the actions it allows now; any other answer
	 * leaves it to the action.
	 */
	async function read(t: Tracked, client: IngestClient): Promise<readonly string[] | null> {
		await pace();
		const res = await client.request('GET', `/api/v1/incidents/${t.id}`);
		stats.reads++;
		if (res.status !== 200) return null;
		const body = res.body as ActionBody;
		remember(t, body);
		return Array.isArray(body?.allowed) ? body.allowed : null;
	}

	async function send(t: Tracked, client: IngestClient): Promise<void> {
		const step = t.steps[t.next]!;
		const path = `/api/v1/incidents/${t.id}/actions`;
		let res: { status: number; body: unknown };
		try {
			const allowed = await read(t, client);
			// moved on without us (a restarted demo replays incidents an earlier run already drove): re-plan, no 409
			if (allowed && !allowed.includes(step.action)) return replan(t, allowed);
			await pace();
			res = await client.request('POST', path, bodyOf(t, step, clock()));
			if (res.status === 409 && (res.body as ActionBody | null)?.error === 'stale version') {
				stats.stale++;
				remember(t, res.body as ActionBody);
				await pace();
				res = await client.request('POST', path, bodyOf(t, step, clock()));
			}
		} catch (err) {
			stats.failed++;
			stats.lastError = err instanceof Error ? err.message : String(err);
			if (t.attempts++ >= 3) return advance(t);
			t.notBefore = clock() + 10_000 * t.attempts;
			queue.push(t);
			throw err;
		}
		const body = res.body as ActionBody | null;
		remember(t, body);
		if (res.status === 200) {
			stats.actions[step.action] = (stats.actions[step.action] ?? 0) + 1;
			const allowed = body?.allowed;
			const following = t.steps[t.next + 1];
			// drive by the server: when the next planned action is not allowed any more, skip to one that is
			if (following && Array.isArray(allowed) && !allowed.includes(following.action)) {
				t.next += 1;
				return replan(t, allowed);
			}
			return advance(t);
		}
		if (res.status === 409) {
			if (body?.error === 'stale version') {
				// stale twice in a row: try again shortly with the version just learnt
				if (t.attempts++ >= 3) return advance(t);
				t.notBefore = clock() + 1_000;
				queue.push(t);
				return;
			}
			stats.illegal++;
			return replan(t, Array.isArray(body?.allowed) ? body!.allowed! : []);
		}
		if (res.status === 401 || res.status === 403) {
			fatal = true;
			stats.lastError = `HTTP ${res.status}: the API refused the token`;
			(log.error ?? log.info).call(log, { status: res.status }, 'people: the actions API refused the token, stopping');
			return;
		}
		if (res.status === 404) {
			stats.invalid++;
			return advance(t, t.steps.length);
		}
		stats.invalid++;
		stats.lastError = `HTTP ${res.status} on ${step.action}`;
		warn({ status: res.status, action: step.action, incident: t.id, body: res.body }, 'people: action refused');
		advance(t);
	}

	async function drain(now: Date, client: IngestClient): Promise<void> {
		if (running) return running;
		const sender = async () => {
			while (!fatal) {
				const head = queue.peek();
				if (!head || Queue.due(head) > Math.max(now.getTime(), clock())) break;
				queue.pop();
				try {
					await send(head, client);
				} catch {
					// network trouble or the simulator stopping: leave the rest for the next tick
					break;
				}
			}
		};
		running = Promise.all(Array.from({ length: concurrency }, sender)).then(() => undefined).finally(() => {
			running = null;
		});
		return running;
	}

	function maybeLog(now: number): void {
		if (now - lastLog < logEvery) return;
		lastLog = now;
		const total = Object.values(stats.actions).reduce((a, b) => a + b, 0);
		log.info(
			{
				lastMinute: total - lastTotal,
				actions: { ...stats.actions },
				reads: stats.reads,
				stale: stats.stale,
				illegal: stats.illegal,
				replanned: stats.replanned,
				invalid: stats.invalid,
				failed: stats.failed,
				incidents: { planned: stats.planned, pending: stats.pendingIncidents, skipped: stats.skipped },
				queued: queue.size
			},
			'people: progress'
		);
		lastTotal = total;
	}

	return {
		name: 'people',
		onIngested,
		async tick(now, client) {
			maybeLog(now.getTime());
			if (fatal) return;
			// never hold up the feed: the sender runs on its own, paced
			void drain(now, client).catch(() => undefined);
		},
		drain,
		stats: () => structuredClone(stats),
		pending: () => queue.size
	};
}

/** The shift on duty at `at` in the municipality's zone. */
function operatorName(at: number, timeZone: string): string {
	const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(at)));
	if (hour >= 8 && hour < 14) return 'Оператор МЦУ (смена 1)';
	if (hour >= 14 && hour < 20) return 'Оператор МЦУ (смена 2)';
	return 'Оператор МЦУ (дежурная смена)';
}

const consoleLogger: SimulatorLogger = {
	info: (obj, msg) => console.log(`${msg ?? ''} ${JSON.stringify(obj)}`),
	warn: (obj, msg) => console.warn(`${msg ?? ''} ${JSON.stringify(obj)}`),
	error: (obj, msg) => console.error(`${msg ?? ''} ${JSON.stringify(obj)}`)
};
