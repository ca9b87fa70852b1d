import { createJobRegistry } from '../src/queue/job.ts';
import { allocateJob } from './allocate.ts';
import { forecastJob } from './forecast.ts';
import { importJob } from './import.ts';
import { retrainJob } from './retrain.ts';
import { segmentJob } from './segment.ts';
import { segmentExportJob } from './segment-export.ts';

/** Every job processor, by name. One file per job. Worker threads import this module. */
export const jobRegistry = createJobRegistry([segmentJob, segmentExportJob, forecastJob, allocateJob, importJob, retrainJob]);
