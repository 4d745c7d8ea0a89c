#!/usr/bin/env node
// Thin launcher of the built CLI (run `npm run build` first; `npm start` and `npm test` do it for you).
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
