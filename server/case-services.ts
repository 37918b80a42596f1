import type { MikroORM } from '@mikro-orm/sql';
import { seedCalendar } from '../domain/calendar/seed-calendar.js';
import type { Logger } from './logger.js';

/**
 * What the cases need running beside the API: the working-day calendar entered for the years
 * around today (a no-op once present), and — added as they arrive — the alert scheduler.
 */
export async function startCaseServices(orm: MikroORM, logger: Logger): Promise<{ close(): Promise<void> }> {
  const seeding = await seedCalendar(orm.em.fork());
  if (seeding.seeded.length > 0) logger.info({ years: seeding.seeded }, 'working-day calendar entered from the published arrangements');
  if (seeding.unavailable.length > 0) {
    logger.warn({ years: seeding.unavailable }, 'no published holiday arrangement for these years: enter them with addCalendarDay; until then Monday–Friday count as working days');
  }
  return { close: async () => {} };
}
