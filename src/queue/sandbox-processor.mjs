// BullMQ sandboxed processor: BullMQ loads this file in each of its worker threads, which start
// as plain Node. Register tsx's loader, then load the TypeScript processor.
import { register } from 'tsx/esm/api';

register();
const { processJob } = await import('./sandbox-main.ts');

export default processJob;
