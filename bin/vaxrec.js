#!/usr/bin/env -S node --max-semi-space-size=64
// Thin launcher of the built CLI (run `npm run build` first; `npm start` and `npm test` do it for you).
// --max-semi-space-size=64 (MB; Node's default is 16): a run allocates short-lived strings and objects per row, and with
// the default young generation about a fifth of a million-dose run went to scavenges that copy survivors; a larger one
// lets them die young. Node documents the flag for this trade, a little memory for throughput: BENCHMARKS.md
// ("Young generation") has the measurement. bench:perf and bench:nightly run the CLI with the flags of this line.
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
