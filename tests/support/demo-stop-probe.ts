/** A stand-in for scripts/demo.ts in tests/integration/demo-signals.test.ts: says when it is asked to stop, and why. */
import { onStopRequest } from '../../scripts/demo-signals.ts';

onStopRequest((reason) => {
	process.stdout.write(`stop: ${reason}\n`);
	process.exit(0);
});
process.stdout.write('ready\n');
// stay up until asked
setInterval(() => undefined, 60_000);
