import { CommandRegistry } from '../src/core/registry.ts';
import { alertCommand } from './alert.ts';
import { allocateCommand } from './allocate.ts';
import { auditCommand } from './audit.ts';
import { clvCommand } from './clv.ts';
import { feedbackCommand } from './feedback.ts';
import { forecastCommand } from './forecast.ts';
import { helpCommand } from './help.ts';
import { importCommand } from './import.ts';
import { metricCommand } from './metric.ts';
import { retrainCommand } from './retrain.ts';
import { scheduleCommand } from './schedule.ts';
import { segmentCommand } from './segment.ts';

/** Every command, in the order `help` lists them. One file per command. */
export const commandRegistry = new CommandRegistry([
  segmentCommand,
  forecastCommand,
  clvCommand,
  metricCommand,
  allocateCommand,
  scheduleCommand,
  alertCommand,
  helpCommand,
  feedbackCommand,
  importCommand,
  retrainCommand,
  auditCommand,
]);
