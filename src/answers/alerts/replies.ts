import type { ChartRef, Reply } from '../../core/reply.ts';
import type { Alert } from '../../repos/alerts.ts';
import { parseIsoDay } from '../../time/calendar.ts';
import { bucketText } from '../forecast/dates.ts';
import { formatMetricValue } from '../metric/reply.ts';
import { describeCondition, type AlertGrain } from './condition.ts';
import type { Evaluation } from './evaluate.ts';
import { metricLabel, metricOfAlert, metricUnit } from './metric.ts';
import { whenChecked } from './timing.ts';
import { inSentence } from '../wording.ts';

/** Words for one alert's figures: money with the CURRENCY symbol, counts as whole numbers. */
export function alertFormat(alert: Pick<Alert, 'metric'>, currency?: string): (value: number) => string {
  const unit = metricUnit(metricOfAlert(alert.metric));
  return (value) => formatMetricValue(value, unit, currency);
}

/** "Daily revenue in Germany", "Weekly orders". */
export function alertSubject(alert: Pick<Alert, 'metric' | 'grain' | 'country'>): string {
  const label = metricLabel(metricOfAlert(alert.metric));
  return `${alert.grain === 'day' ? 'Daily' : 'Weekly'} ${inSentence(label)}${alert.country ? ` in ${alert.country}` : ''}`;
}

export function periodText(period: string, grain: AlertGrain): string {
  return bucketText(parseIsoDay(period), grain);
}

type Judged = Extract<Evaluation, { status: 'breach' | 'normal' }>;

/** What the value was held against, in words: "below 5,000", "down 34.2 % from 93,100 (the previous week)". */
function measured(alert: Alert, evaluation: Judged, format: (v: number) => string): string {
  const { reference } = evaluation;
  switch (reference.kind) {
    case 'threshold':
      return `${evaluation.value < reference.threshold ? 'below' : evaluation.value > reference.threshold ? 'above' : 'at'} the threshold of ${format(reference.threshold)}`;
    case 'change': {
      const direction = reference.change < 0 ? 'down' : 'up';
      return `${direction} ${Math.abs(reference.change).toFixed(1)} % from ${format(reference.base)} in ${periodText(reference.basePeriod, alert.grain)}`;
    }
    case 'anomaly': {
      const { band } = reference;
      const where = evaluation.value < band.lower ? 'below' : evaluation.value > band.upper ? 'above' : 'inside';
      return `${where} the forecast's ${band.level} % range of ${format(band.lower)} – ${format(band.upper)} (expected ${format(band.point)})`;
    }
  }
}

export function breachReply(alert: Alert, evaluation: Judged, currency: string | undefined, chart?: ChartRef): Reply {
  const format = alertFormat(alert, currency);
  return {
    text:
      `*Alert #${alert.id}*: ${inSentence(alertSubject(alert))} was *${format(evaluation.value)}* in ${periodText(evaluation.period, alert.grain)}, ` +
      `${measured(alert, evaluation, format)}.\n` +
      `The alert: ${describeCondition(alert.condition, alert.grain, format)}. I'll say when it is back to normal; \`alert pause ${alert.id}\` stops it.`,
    ...(chart ? { charts: [chart] } : {}),
  };
}

export function recoveryReply(alert: Alert, evaluation: Judged, currency: string | undefined, chart?: ChartRef): Reply {
  const format = alertFormat(alert, currency);
  return {
    text: `*Alert #${alert.id}* is back to normal: ${inSentence(alertSubject(alert))} was ${format(evaluation.value)} in ${periodText(evaluation.period, alert.grain)}, ${measured(alert, evaluation, format)}.`,
    ...(chart ? { charts: [chart] } : {}),
  };
}

export function createdReply(alert: Alert, currency: string | undefined): Reply {
  const format = alertFormat(alert, currency);
  return {
    text:
      `Alert *#${alert.id}* set: ${inSentence(alertSubject(alert))} ${describeCondition(alert.condition, alert.grain, format)}.\n` +
      `Checked ${whenChecked(alert)}. A breach is posted here once, with a chart, then "back to normal" when it recovers. ` +
      `\`alert pause ${alert.id}\`, \`alert delete ${alert.id}\`.`,
  };
}

export function listReply(alerts: Alert[], currency: string | undefined): Reply {
  if (alerts.length === 0) return { text: 'No alerts in this channel. Add one with `alert create revenue by=day below 5000` or `alert create orders by=week anomaly`.' };
  return {
    text: `${alerts.length} alert${alerts.length === 1 ? '' : 's'} in this channel.`,
    tables: [
      {
        columns: ['id', 'watches', 'condition', 'state', 'last period checked', 'time zone', 'created by'],
        rows: alerts.map((a) => [
          a.id,
          alertSubject(a),
          describeCondition(a.condition, a.grain, alertFormat(a, currency)),
          a.paused ? 'paused' : a.state === 'breached' ? 'breached' : 'normal',
          a.lastPeriod ?? '–',
          a.timezone,
          a.createdBy,
        ]),
        align: ['right', 'left', 'left', 'left', 'left', 'left', 'left'],
      },
    ],
  };
}
