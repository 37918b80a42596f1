import { LockMode } from '@mikro-orm/core';
import { Licence } from '../../../entities/licence.js';
import { licenceActor } from '../../licence/licence-actor.js';
import { applySourceStatus } from '../../licence/source-status.js';
import type { InboundApplier } from './inbound-application.js';
import { InboundRefusal } from './inbound-refusal.js';

/**
 * A licence's status in its issuer's own system (e.g. 暂扣 or 吊销 in the source's codes), matched by
 * its GB/T 36904 identifier. Only the issuer's system may report it; a report of the status the
 * licence already has changes nothing, as a feed resends what has not changed.
 */
export const applyLicenceRecord: InboundApplier = async ({ tx, principal, connector, key, fields }) => {
  const licence = await tx.findOne(Licence, { identifier: key }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!licence) throw new InboundRefusal(`key: no licence has the identifier ${key}`);
  if (fields.sourceStatusCode == null)
    throw new InboundRefusal("fields.sourceStatusCode: a licence record reports its status in the source's code");
  const reason = (fields.reason as string | undefined) ?? `reported by ${connector.name}`;
  await applySourceStatus(
    tx,
    licenceActor(principal),
    licence,
    { sourceStatusCode: fields.sourceStatusCode as string, reason, unchanged: 'accept' },
    { id: 'key', sourceStatusCode: 'fields.sourceStatusCode' },
  );
};
