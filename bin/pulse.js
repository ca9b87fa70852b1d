#!/usr/bin/env node
// Entry point of the `pulse` command. TypeScript sources run through tsx's loader,
// registered here so that `npx pulse`, `npm start` and worker threads all behave alike.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
