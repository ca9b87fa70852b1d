import { createJobRegistry } from '../src/queue/job.ts';
import { alertCheckJob } from './alert-check.ts';
import { allocateJob } from './allocate.ts';
import { clvJob } from './clv.ts';
import { clvExportJob } from './clv-export.ts';
import { forecastJob } from './forecast.ts';
import { forecastAccuracyJob } from './forecast-accuracy.ts';
import { importJob } from './import.ts';
import { metricJob } from './metric.ts';
import { retrainJob } from './retrain.ts';
import { roiJob } from './roi.ts';
import { segmentJob } from './segment.ts';
import { segmentExportJob } from './segment-export.ts';
import { segmentShowJob } from './segment-show.ts';

/** Every job processor, by name. One file per job. Worker threads import this module. */
export const jobRegistry = createJobRegistry([segmentJob, segmentShowJob, segmentExportJob, forecastJob, forecastAccuracyJob, metricJob, allocateJob, roiJob, importJob, retrainJob, clvJob, clvExportJob, alertCheckJob]);
