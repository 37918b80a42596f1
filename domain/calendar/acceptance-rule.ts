import type { EntityManager } from '@mikro-orm/sql';
import { AcceptanceRuleSetting } from '../../entities/acceptance-rule-setting.js';
import { actorName, type Principal } from '../auth/principal.js';
import { badUserInput } from '../errors.js';
import { CLOSING_TIME, DEFAULT_ACCEPTANCE_RULE, type AcceptanceRule } from './acceptance-counting.js';
import { AcceptanceCounting } from '../../entities/acceptance-counting.js';

/** The centre's rule as stored, or the default when none was ever set. */
export async function loadAcceptanceRule(em: EntityManager): Promise<AcceptanceRule> {
  const row = await em.findOne(AcceptanceRuleSetting, { id: 1 });
  return row ? { counting: row.counting, closesAt: row.closesAt ?? null } : DEFAULT_ACCEPTANCE_RULE;
}

export async function acceptanceRuleSetting(em: EntityManager): Promise<AcceptanceRuleSetting> {
  return (
    (await em.findOne(AcceptanceRuleSetting, { id: 1 })) ??
    em.create(
      AcceptanceRuleSetting,
      { counting: DEFAULT_ACCEPTANCE_RULE.counting, closesAt: null, recordedBy: 'default', recordedAt: new Date(0) },
      { persist: false },
    )
  );
}

/**
 * Sets the rule for cases accepted from now on; cases already accepted keep the due dates their
 * acceptance notice promised. A closing hour goes with NEXT_WORKING_DAY_AFTER_CLOSING and only with it.
 */
export async function setAcceptanceRule(
  em: EntityManager,
  principal: Principal,
  input: { counting: AcceptanceCounting; closesAt?: string | null },
): Promise<AcceptanceRuleSetting> {
  const closesAt = input.closesAt?.trim() || null;
  if (input.counting === AcceptanceCounting.NEXT_WORKING_DAY_AFTER_CLOSING) {
    if (!closesAt)
      throw badUserInput('input.closesAt', 'NEXT_WORKING_DAY_AFTER_CLOSING needs the closing hour, HH:MM in China (e.g. 17:30)');
    if (!CLOSING_TIME.test(closesAt))
      throw badUserInput('input.closesAt', `must be a time of day written HH:MM (00:00–23:59), got "${closesAt}"`);
  } else if (closesAt) {
    throw badUserInput(
      'input.closesAt',
      'a closing hour applies only with NEXT_WORKING_DAY_AFTER_CLOSING; CALENDAR_DAY counts every acceptance on its calendar day',
    );
  }
  return em.transactional(async (tx) => {
    await tx.upsert(AcceptanceRuleSetting, {
      id: 1,
      counting: input.counting,
      closesAt,
      recordedBy: actorName(principal),
      recordedAt: new Date(),
    });
    return tx.findOneOrFail(AcceptanceRuleSetting, { id: 1 }, { refresh: true });
  });
}
