import type { Alert } from '../../repos/alerts.ts';

/** When an alert is checked on its own, in its time zone: daily alerts every morning, weekly ones on Monday morning. */
export function alertCron(alert: Pick<Alert, 'grain'>): string {
  return alert.grain === 'day' ? '0 8 * * *' : '0 8 * * 1';
}

/** The same in words, for replies. */
export function whenChecked(alert: Pick<Alert, 'grain' | 'timezone'>): string {
  return alert.grain === 'day'
    ? `after every import and every day at 08:00 ${alert.timezone}, on the latest whole day of data`
    : `after every import and every Monday at 08:00 ${alert.timezone}, on the latest whole week of data`;
}
