/**
 * How node runs the server and the workers: `npm start` and `npm run workers` (package.json spells these out, and a
 * unit test holds it to this list), the demo, and the tests' and the bench's server processes.
 *
 * Semi-spaces of 32 MB instead of V8's 16: a batch's objects (the parsed request, its rows, the statement's JSON and
 * its result) live across a database round trip, and with 16 MB the scavenger copied them and promoted many to the
 * old generation. A bulk ingest then spent 16 % of the server's CPU in GC; with 32 MB, 11 %, and 71 instead of 83 µs
 * of CPU per incident (+15 % throughput). The cost is 32 MB more heap per process.
 */
export const NODE_FLAGS = ['--max-semi-space-size=32', '--import', 'tsx'] as const;
