// Worker threads start as plain Node: register tsx's loader, then run the TypeScript side of the bench.
import { register } from 'tsx/esm/api';

register();
await import('./slack-side.ts');
