import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { Enterprise } from '../../entities/enterprise.js';
import type { Principal } from '../auth/principal.js';
import { badUserInput, conflict, forbidden, notFound } from '../errors.js';
import { checkUsccArgument } from '../uscc-argument.js';
import { readRows } from '../read-rows.js';

/**
 * Loads the entity a change or deregistration is about, locked for the rest of the transaction so
 * two windows cannot register acts on it at once, after checking the arguments that name it.
 * Only its registering authority registers acts on it. A set-based write asks for a `plain` object
 * read outside the unit of work, which it changes and writes itself.
 */
export async function lockForRegistration(
  em: EntityManager,
  principal: Principal,
  usccArgument: string,
  expectedVersion: number,
  { plain = false }: { plain?: boolean } = {},
): Promise<Enterprise> {
  const uscc = checkUsccArgument(usccArgument, 'uscc');
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
    throw badUserInput('expectedVersion', 'must be the version you read, a whole number from 1');
  }
  const enterprise = plain
    ? (await readRows(em, Enterprise, { uscc }, undefined, undefined, { forUpdate: true }))[0]
    : await em.findOne(Enterprise, { uscc }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!enterprise) throw notFound('uscc', `no market entity has USCC ${uscc}`);
  if (enterprise.registeringAuthority.id !== principal.department.id) {
    throw forbidden(`${uscc} is registered by another authority; only that authority registers its changes`, 'uscc');
  }
  return enterprise;
}

/** Optimistic locking: the act must be made against the version the clerk read. */
export function checkVersion(enterprise: Enterprise, expectedVersion: number): void {
  if (enterprise.version !== expectedVersion) {
    throw conflict(
      'expectedVersion',
      `is ${expectedVersion}, but ${enterprise.uscc} is at version ${enterprise.version}: it changed after you read it; read it again`,
      { currentVersion: enterprise.version },
    );
  }
}

/** The approval document an act rests on (e.g. a change approval number). */
export function checkDocument(value: string, field: string): string {
  const document = value.trim();
  if (document.length === 0) throw badUserInput(field, 'must name the document the act rests on');
  if ([...document].length > 100) throw badUserInput(field, 'must be at most 100 characters');
  return document;
}
