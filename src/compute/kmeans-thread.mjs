// k-means worker thread: register tsx's loader, then run the TypeScript thread main.
import { register } from 'tsx/esm/api';

register();
await import('./kmeans-thread-main.ts');
