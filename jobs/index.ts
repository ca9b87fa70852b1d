import { createJobRegistry } from '../src/queue/job.ts';
import { allocateJob } from './allocate.ts';
import { forecastJob } from './forecast.ts';
import { retrainJob } from './retrain.ts';
import { segmentJob } from './segment.ts';

/** Every job processor, by name. One file per job. Worker threads import this module. */
export const jobRegistry = createJobRegistry([segmentJob, forecastJob, allocateJob, retrainJob]);
