#!/usr/bin/env node
// `npm run bench -- <name> [args]` runs bench/<name>.ts, whose default export takes the remaining args.
import { register } from 'tsx/esm/api';

register();
const { runBench } = await import('../bench/index.ts');
process.exitCode = await runBench(process.argv.slice(2));
