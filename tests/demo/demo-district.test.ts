import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../../demo/cases.js';
import { demoEnterprises } from '../../demo/enterprises.js';
import { seedDemoEnterprises } from '../../demo/seed-enterprises.js';
import { seedDemoMatters } from '../../demo/matters.js';
import { seedDemoTrades } from '../../demo/trades.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';
import { LicenceStatus } from '../../entities/licence-status.js';
import { verifyLicence, VerificationOutcome } from '../../domain/licence/verify-licence.js';
import { checkUscc } from '../../domain/uscc.js';
import { Licence } from '../../entities/licence.js';
import { graphql } from '../support/graphql-client.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let written: number;

beforeAll(async () => {
  hub = await startTestHub();
  written = await hub.orm.em.fork().transactional(async (tx) => {
    await seedDemoMatters(tx);
    const enterprises = await seedDemoEnterprises(tx);
    await seedDemoTrades(tx);
    await seedDemoCases(tx, { perWorkingDay: 5 });
    return enterprises;
  });
}, 120_000);
afterAll(() => hub?.stop());

const sql = <T>(query: string) => hub.orm.em.fork().execute<T[]>(query);

describe('the demo district', () => {
  it('shows a department system a registry of every kind, with the facts SW, RS and TJ sent', async () => {
    expect(written).toBeGreaterThanOrEqual(250);
    const response = await graphql<any>(
      hub.url,
      `
        {
          enterprises(first: 500) {
            totalCount
            nodes {
              uscc
              kind
              status
              taxpayerType
              taxStatus
              insuredEmployees
              statisticsUnitCode
              licences {
                name
                status
              }
            }
          }
        }
      `,
      { token: hub.tokens.system.SW },
    );
    expect(response.body.errors).toBeUndefined();
    const { totalCount, nodes } = response.body.data.enterprises;
    expect(totalCount).toBe(written);
    expect(new Set(nodes.map((node: any) => node.kind))).toEqual(new Set(Object.values(EnterpriseKind)));
    expect(new Set(nodes.map((node: any) => node.status))).toEqual(new Set(['ACTIVE', 'DEREGISTERED', 'REVOKED']));
    for (const node of nodes) {
      expect(checkUscc(node.uscc, { knownExceptions: [] }).valid, node.uscc).toBe(true);
      expect(node.taxpayerType).toMatch(/^(GENERAL|SMALL_SCALE)$/);
    }
    const active = nodes.filter((node: any) => node.status === 'ACTIVE' && node.kind === 'COMPANY' && node.licences.length > 0);
    expect(active.length).toBeGreaterThan(50);
    for (const node of active) {
      expect(node.insuredEmployees).toBeGreaterThan(0);
      expect(node.statisticsUnitCode).toBe(node.uscc.slice(8, 17));
      expect(node.licences.filter((licence: any) => licence.name === '营业执照' && licence.status === 'VALID')).toHaveLength(1);
    }
    for (const node of nodes.filter((node: any) => node.status === 'REVOKED')) {
      expect(node.licences.find((licence: any) => licence.name === '营业执照').status).toBe('REVOKED');
    }
    for (const node of nodes.filter((node: any) => node.status === 'DEREGISTERED')) {
      expect(node.taxStatus).toBe('CANCELLED');
      expect(node.licences.filter((licence: any) => licence.status === 'VALID' || licence.status === 'SUSPENDED')).toEqual([]);
    }
  });

  it('holds only licences whose signatures verify, each verifying as its status says', async () => {
    const licences = await hub.orm.em.fork().find(Licence, {});
    expect(new Set(licences.map((licence) => licence.licenceTypeCode))).toEqual(
      new Set(['BUSINESS_LICENCE', 'FOOD_BUSINESS_LICENCE', 'TAX_REGISTRATION', 'CONSTRUCTION_PERMIT']),
    );
    const outcomes = new Map<string, number>();
    for (const licence of licences) {
      const { outcome } = await verifyLicence(hub.orm.em.fork(), licence.identifier);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      expect(outcome, licence.identifier).not.toBe(VerificationOutcome.BAD_SIGNATURE);
      if (licence.supersededBy) expect(outcome).toBe(VerificationOutcome.SUPERSEDED);
      else if (licence.status === LicenceStatus.VALID) expect([VerificationOutcome.VALID, VerificationOutcome.EXPIRED]).toContain(outcome);
      else expect(outcome).toBe(licence.status);
    }
    for (const outcome of [
      VerificationOutcome.VALID,
      VerificationOutcome.SUPERSEDED,
      VerificationOutcome.REVOKED,
      VerificationOutcome.CANCELLED,
      VerificationOutcome.SUSPENDED,
    ]) {
      expect(outcomes.get(outcome), outcome).toBeGreaterThan(0);
    }
  });

  it('keeps each entity’s history: registrations with receipts, changes, and every licence step', async () => {
    const [counts] = await sql<Record<string, number>>(
      `select (select count(*)::int from registration where kind = 'CHANGE') as changes,
              (select count(*)::int from registration where kind = 'DEREGISTRATION') as deregistrations,
              (select count(*)::int from enterprise_change where field <> 'status') as changed_fields,
              (select count(*)::int from enterprise e where e.status = 'REVOKED' and not exists (
                 select 1 from registration r join enterprise_change c on c.registration_id = r.id
                  where r.enterprise_id = e.id and r.kind = 'REVOCATION' and c.new_value = 'REVOKED')) as revoked_without_history,
              (select count(*)::int from registration r where r.registered_at >= '2016-10-01' and r.kind = 'ESTABLISHMENT'
                 and exists (select 1 from enterprise e where e.id = r.enterprise_id and e.kind = 'COMPANY')
                 and (select count(*) from registration_receipt x where x.registration_id = r.id) <> 4) as companies_without_four_receipts,
              (select count(*)::int from licence l where not exists (select 1 from licence_status_change c where c.licence_id = l.id and c.to_status = 'VALID')) as licences_without_issue,
              (select count(*)::int from licence l where l.status <> 'VALID'
                 and not exists (select 1 from licence_status_change c where c.licence_id = l.id and c.to_status = l.status)) as statuses_without_step`,
    );
    expect(counts.changes).toBeGreaterThan(10);
    expect(counts.changed_fields).toBe(counts.changes);
    expect(counts.deregistrations).toBeGreaterThan(5);
    expect(counts.revoked_without_history).toBe(0);
    expect(counts.companies_without_four_receipts).toBe(0);
    expect(counts.licences_without_issue).toBe(0);
    expect(counts.statuses_without_step).toBe(0);
  });

  it('registers every trade winner and agency, and every organisation that filed a case', async () => {
    const [unregistered] = await sql<{ winners: number; agencies: number; applicants: number; cases: number }>(
      `select (select count(*)::int from trade t where t.winner_uscc is not null and not exists (select 1 from enterprise e where e.uscc = t.winner_uscc and e.name = t.winner_name)) as winners,
              (select count(*)::int from trade t where t.agency_uscc is not null and not exists (select 1 from enterprise e where e.uscc = t.agency_uscc)) as agencies,
              (select count(*)::int from service_case c where c.applicant_code_type = 'USCC' and not exists (select 1 from enterprise e where e.uscc = c.applicant_code and e.name = c.applicant_name)) as applicants,
              (select count(*)::int from service_case c where c.applicant_code_type = 'USCC') as cases`,
    );
    expect(unregistered).toEqual({ winners: 0, agencies: 0, applicants: 0, cases: expect.any(Number) });
    expect(unregistered.cases).toBeGreaterThan(100);
    const winner = await graphql<any>(
      hub.url,
      `
        {
          trades(first: 1, filter: { statuses: [AWARDED] }) {
            nodes {
              winnerEnterprise {
                uscc
                name
              }
            }
          }
        }
      `,
      { token: hub.tokens.system.SW },
    );
    expect(winner.body.errors).toBeUndefined();
    expect(winner.body.data?.trades.nodes[0].winnerEnterprise).toMatchObject({ uscc: expect.any(String) });
  });

  it('is the same district on every load, and loading it again writes nothing', async () => {
    expect(demoEnterprises()).toHaveLength(written);
    expect(await hub.orm.em.fork().transactional((tx) => seedDemoEnterprises(tx))).toBe(0);
  });
});
