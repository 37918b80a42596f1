import type { MikroORM } from '@mikro-orm/sql';
import { onEstimatedDueDate } from '../calendar/estimated-due-dates.js';
import { recountDueDatesThrough } from '../calendar/recount-due-dates.js';
import { seedCalendar } from '../calendar/seed-calendar.js';
import { CASE_ALERT, claimDueAlerts } from './case-alerts.js';
import type { Logger } from '../../support/logger.js';
import { type HubPubSub } from '../../support/pubsub.js';
import { COUNTS_CHANGED, type CountsChanged } from '../live-counts/counts-changed.js';
import { listen } from '../../support/shared-pubsub.js';

export interface CaseServicesOptions {
  /** How often the alert scheduler looks for cases reaching their last working day or going overdue. */
  alertIntervalMs?: number;
}

/**
 * What the cases need running beside the API: the working-day calendar entered for every year the
 * published data holds (a no-op once present) with the due dates of cases that ran through those
 * years recounted on it, a warning in the log for each case whose due dates had to be counted
 * Monday–Friday, and the alert scheduler (电子监察 预警).
 *
 * The scheduler wakes every minute, which catches the day turning at midnight in China, and also
 * a second after a case commits, so a case accepted already due today (即办件) or reported late
 * is announced at once. Each alert is claimed in the database before it is published, so with
 * several hub instances each alert is raised by exactly one of them, and reaches every
 * instance's subscribers through the shared PubSub.
 */
export async function startCaseServices(
  orm: MikroORM,
  pubSub: HubPubSub,
  logger: Logger,
  options: CaseServicesOptions = {},
): Promise<{ close(): Promise<void> }> {
  const seeding = await seedCalendar(orm.em.fork());
  const stopWarning = onEstimatedDueDate((estimate) =>
    logger.warn(
      estimate,
      `case ${estimate.caseNo}: due dates counted Monday–Friday through ${estimate.missingYears.join(', ')}, which the working-day calendar has no holidays for; enter them with addCalendarDay`,
    ),
  );
  if (seeding.seeded.length > 0) logger.info({ years: seeding.seeded }, 'working-day calendar entered from the published arrangements');
  const recounted = await recountDueDatesThrough(orm.em.fork(), seeding.seeded);
  if (recounted > 0)
    logger.info(
      { cases: recounted, years: seeding.seeded },
      'due dates counted Monday–Friday through the years just entered are recounted on their calendar',
    );
  if (seeding.unavailable.length > 0) {
    logger.warn(
      { years: seeding.unavailable },
      'no published holiday arrangement for these years: enter them with addCalendarDay; until then Monday–Friday count as working days',
    );
  }

  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const runOnce = async () => {
    try {
      const alerts = await claimDueAlerts(orm.em.fork());
      for (const alert of alerts) pubSub.publish(CASE_ALERT, alert);
      if (alerts.length > 0) logger.info({ alerts: alerts.length }, 'case alerts raised');
    } catch (error) {
      if (!closed) logger.error({ err: error }, 'case alert scheduler failed; retrying at the next tick');
    }
  };
  const run = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce().finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
  };
  const interval = setInterval(run, options.alertIntervalMs ?? 60_000);
  interval.unref();
  let soon: NodeJS.Timeout | null = null;
  const stopListening = listen(pubSub, COUNTS_CHANGED, (change) => {
    if ((change as CountsChanged).kind !== 'case' || soon) return;
    soon = setTimeout(() => {
      soon = null;
      run();
    }, 1000);
    soon.unref();
  });
  run();

  return {
    async close() {
      closed = true;
      stopWarning();
      clearInterval(interval);
      if (soon) clearTimeout(soon);
      stopListening();
      await running;
    },
  };
}
