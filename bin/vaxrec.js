#!/usr/bin/env node
// Thin launcher of the built CLI (run `npm run build` first; `npm start` and `npm test` do it for you).
// Node runs with its default flags: a larger young generation (--max-semi-space-size=64) was measured and not kept
// (BENCHMARKS.md, "Young generation"). bench:perf and bench:nightly run the CLI with the node flags of the line above.
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
