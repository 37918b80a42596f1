import type { EntityManager } from '@mikro-orm/sql';
import { DEMO_WINNERS } from '../../demo/trades.js';
import { normalise, searchGrams } from '../../domain/search-grams.js';
import { Department } from '../../entities/department.js';
import { Enterprise } from '../../entities/enterprise.js';
import { EnterpriseKind } from '../../entities/enterprise-kind.js';

/**
 * Registers demo trade winners as enterprises (straight into the registry, as an import would), so
 * their awarded trades have an enterprise to hang off. Returns their USCCs.
 */
export async function registerDemoWinners(em: EntityManager, winners = DEMO_WINNERS): Promise<string[]> {
  const scjg = await em.findOneOrFail(Department, { code: 'SCJG' });
  for (const winner of winners) {
    em.create(Enterprise, {
      uscc: winner.uscc,
      name: winner.name,
      nameGrams: searchGrams(winner.name),
      searchName: normalise(winner.name),
      kind: EnterpriseKind.COMPANY,
      legalRepresentative: '王强',
      registeredCapitalWanYuan: '1000.125000',
      address: '广元市昭化区',
      divisionCode: '510811',
      industryCode: 'E47',
      businessScope: '建筑工程施工',
      establishedOn: '2010-01-01',
      registeringAuthority: scjg,
    });
  }
  await em.flush();
  return winners.map((winner) => winner.uscc);
}
