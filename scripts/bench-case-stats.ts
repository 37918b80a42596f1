/**
 * Times caseStats over a year of 100 000 cases on PostgreSQL: `npm run bench:case-stats`.
 *
 * Creates a database of its own on the server (BENCH_DATABASE_URL, default the local test
 * server), migrates it, writes the demo year of cases at about 100 000 rows, runs caseStats for
 * the year, a month and one department five times each, prints the timings, and drops the
 * database again.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedDemoCases } from '../demo/cases.js';
import { seedDemoMatters } from '../demo/matters.js';
import { demoDepartments } from '../demo/departments.js';
import { createDepartment } from '../domain/auth/manage-credentials.js';
import { Role } from '../entities/role.js';
import type { Principal } from '../domain/auth/principal.js';
import { caseStats } from '../domain/cases/case-stats.js';
import { addCalendarDays, todayInShanghai } from '../domain/working-days.js';
import { initOrm } from '../server/orm.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const name = `hub_bench_${randomBytes(4).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
})();

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
try {
  const orm = await initOrm({ driver: 'postgresql', url: databaseUrl, poolMax: 4 });
  try {
    const em = orm.em.fork();
    for (const department of demoDepartments) await createDepartment(em, department);
    await seedDemoMatters(em);
    let started = performance.now();
    const written = await em.fork().transactional((tx) => seedDemoCases(tx, { perWorkingDay: 412 }));
    console.log(`wrote ${written} cases in ${Math.round(performance.now() - started)} ms`);
    await em.execute('analyze service_case');

    const principal = { roles: [Role.DASHBOARD], department: { code: 'ZWFW' } } as unknown as Principal;
    const today = todayInShanghai();
    const filters = {
      year: { from: addCalendarDays(today, -364), to: today },
      month: { from: `${today.slice(0, 8)}01`, to: today },
      'year, one department': { from: addCalendarDays(today, -364), to: today, departmentCode: 'SCJG' },
    };
    for (const [label, filter] of Object.entries(filters)) {
      const times: number[] = [];
      let accepted = 0;
      for (let run = 0; run < 5; run++) {
        started = performance.now();
        accepted = (await caseStats(orm.em.fork(), principal, filter)).accepted;
        times.push(performance.now() - started);
      }
      console.log(`caseStats (${label}, ${accepted} accepted): ${times.map((time) => `${time.toFixed(1)} ms`).join(', ')}`);
    }
  } finally {
    await orm.close(true);
  }
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
