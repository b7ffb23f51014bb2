/**
 * When the demo should stop: SIGINT (Ctrl-C), SIGTERM, SIGHUP (the terminal closed), and — under
 * `npm run demo` — when npm or its script shell is gone. npm runs the script as `sh -c "bash scripts/demo.sh"`
 * and hands a SIGTERM or SIGINT to that shell, which dies of it without passing it on to us; a SIGHUP kills npm
 * itself. Either way no signal would reach this process, so it watches them instead. Linux /proc; elsewhere
 * only the signals count.
 */
import fs from 'node:fs';

const WATCH_INTERVAL_MS = 500;
/** npm → sh → us: no launcher chain is longer */
const MAX_LAUNCHERS = 3;

interface Proc {
	pid: number;
	ppid: number;
	/** clock ticks after boot: a reused pid has another */
	startTime: string;
	zombie: boolean;
	cmdline: string;
}

/** Calls `stop` once with the reason, on the first of the signals or when a launcher is gone. */
export function onStopRequest(stop: (reason: string) => void): void {
	let requested = false;
	const request = (reason: string) => {
		if (requested) return;
		requested = true;
		stop(reason);
	};

	// node resets an inherited SIG_IGN at start, so even under nohup a hangup would kill us outright: stop instead
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => request(signal));

	// scripts/demo.sh names its parent: a different one now means it died while installing or building
	const launcherPid = Number(process.env.DEMO_LAUNCHER_PID);
	if (launcherPid && launcherPid !== process.ppid) {
		request(`the launcher (${launcherPid}) is gone`);
		return;
	}
	if (!process.env.npm_lifecycle_event) return;
	const watched = launchers();
	if (watched.length === 0) return;
	const timer = setInterval(() => {
		const gone = watched.find((p) => !alive(p));
		if (!gone) return;
		clearInterval(timer);
		request(`${gone.cmdline || 'the launcher'} (${gone.pid}) is gone`);
	}, WATCH_INTERVAL_MS);
	timer.unref();
}

/** our parent up to and including npm; just the parent when no npm is among the nearest ancestors */
function launchers(): Proc[] {
	const chain: Proc[] = [];
	for (let pid = process.ppid; pid > 1 && chain.length < MAX_LAUNCHERS; ) {
		const p = readProc(pid);
		if (!p) break;
		chain.push(p);
		if (/^npm\b|npm-cli\.js/.test(p.cmdline)) return chain;
		pid = p.ppid;
	}
	return chain.slice(0, 1);
}

function alive(p: Proc): boolean {
	const now = readProc(p.pid);
	return now !== null && !now.zombie && now.startTime === p.startTime;
}

function readProc(pid: number): Proc | null {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// the command name may hold spaces and parentheses: the fields start after the last ')'
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
		return { pid, ppid: Number(fields[1]), startTime: fields[19]!, zombie: fields[0] === 'Z', cmdline };
	} catch {
		return null;
	}
}
