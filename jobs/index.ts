import { createJobRegistry } from '../src/queue/job.ts';

/** Every job processor, by name. One file per job. Worker threads import this module. */
export const jobRegistry = createJobRegistry([]);
