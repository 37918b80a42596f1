import type { EntityManager } from '@mikro-orm/sql';
import { SharingGrant } from '../../entities/sharing-grant.js';
import { SharingPolicy } from '../../entities/sharing-policy.js';
import { checkFieldOwnership, type Writer } from './field-ownership.js';
import { SharingPolicySnapshot } from './sharing-policy-snapshot.js';

/** Published after a change of the policy or the grants commits; every hub instance reloads. */
export const SHARING_POLICY_CHANGED = 'sharing:policy-changed';

interface ChangeFeed {
  subscribe(channel: typeof SHARING_POLICY_CHANGED): AsyncIterable<unknown>;
}

/**
 * The policy in memory: consulted for every field of every response, so it cannot cost a query per
 * field. It is loaded at start and reloaded when an admin mutation commits (awaited by that
 * mutation, so its next request already sees the change) and when another instance announces a
 * change on the PubSub: no restart is ever needed.
 */
export class SharingPolicyCache {
  private snapshot = SharingPolicySnapshot.empty();
  private following: AsyncIterator<unknown> | undefined;

  private constructor(private readonly rootEm: EntityManager) {}

  static async start(rootEm: EntityManager, changes?: ChangeFeed): Promise<SharingPolicyCache> {
    const cache = new SharingPolicyCache(rootEm);
    await cache.reload();
    if (changes) cache.follow(changes);
    return cache;
  }

  get current(): SharingPolicySnapshot {
    return this.snapshot;
  }

  async reload(): Promise<void> {
    this.snapshot = await loadSnapshot(this.rootEm.fork());
  }

  /** Refuses a write of fields another department owns: see domain/sharing/field-ownership.ts. */
  checkFieldOwnership(writer: Writer, typeName: string, fieldNames: readonly string[], inputPath: string): void {
    checkFieldOwnership(this.snapshot, writer, typeName, fieldNames, inputPath);
  }

  async stop(): Promise<void> {
    await this.following?.return?.();
  }

  private follow(changes: ChangeFeed): void {
    const iterator = changes.subscribe(SHARING_POLICY_CHANGED)[Symbol.asyncIterator]();
    this.following = iterator;
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        // A failed reload keeps the previous snapshot; the next change or restart loads again.
        await this.reload().catch(() => undefined);
      }
    })();
  }
}

async function loadSnapshot(em: EntityManager): Promise<SharingPolicySnapshot> {
  const rules = await em.find(SharingPolicy, {}, { populate: ['owner'] });
  const grants = await em.find(SharingGrant, { revokedAt: null }, { populate: ['department'] });
  return new SharingPolicySnapshot(
    rules.map((rule) => ({ typeName: rule.typeName, fieldName: rule.fieldName, level: rule.level, ownerCode: rule.owner.code })),
    grants.map((grant) => ({
      id: grant.id,
      departmentCode: grant.department.code,
      typeName: grant.typeName,
      fieldNames: new Set(grant.fieldNames),
      purposes: grant.purposes,
      expiresAt: grant.expiresAt,
    })),
  );
}
