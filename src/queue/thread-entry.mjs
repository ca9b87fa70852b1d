// Worker threads start as plain Node: register tsx's loader, then run the TypeScript thread main.
import { register } from 'tsx/esm/api';

register();
await import('./thread-main.ts');
