import type { EntityManager } from '@mikro-orm/sql';
import type { WebSocket } from 'ws';
import { CREDENTIAL_REVOKED, type CredentialRevoked } from '../domain/auth/credential-revoked.js';
import type { Logger } from '../support/logger.js';
import type { HubPubSub } from '../support/pubsub.js';
import { isCredentialRevoked, revokedCredentials } from '../domain/auth/credential-store.js';

/** graphql-ws's own code for a forbidden connection: clients do not retry with the same credential. */
export const REVOKED_CLOSE_CODE = 4403;
export const REVOKED_CLOSE_REASON = 'Forbidden: the credential was revoked';
const SWEEP_MS = 1_000;

/**
 * The open WebSockets of each credential, so a revocation ends them: a credential checked once at
 * `connection_init` would otherwise keep reading and writing on a socket opened before. The
 * revoking instance closes its sockets at once (the PubSub carries the news to the others, over
 * Redis when configured); a sweep once a second asks the database which of the credentials holding
 * sockets here are revoked, so every instance closes them within a second whatever the PubSub does.
 */
export class CredentialSockets {
  private readonly open = new Map<string, Set<WebSocket>>();
  private readonly sweep: NodeJS.Timeout;
  private following: AsyncIterator<unknown> | undefined;

  constructor(private readonly options: { em: EntityManager; pubSub: HubPubSub; logger: Logger; sweepMs?: number }) {
    this.sweep = setInterval(() => void this.closeRevoked().catch(() => undefined), options.sweepMs ?? SWEEP_MS);
    this.sweep.unref();
    this.follow();
  }

  add(credentialId: string, socket: WebSocket): void {
    let sockets = this.open.get(credentialId);
    if (!sockets) this.open.set(credentialId, (sockets = new Set()));
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.open.get(credentialId) === sockets) this.open.delete(credentialId);
    });
  }

  /** Whether the credential is still in force, asked before each operation a socket starts. */
  async isRevoked(credentialId: string): Promise<boolean> {
    return isCredentialRevoked(this.options.em.fork(), credentialId);
  }

  close(credentialId: string): void {
    const sockets = this.open.get(credentialId);
    if (!sockets) return;
    this.options.logger.info({ credentialId, sockets: sockets.size }, 'closing the WebSockets of a revoked credential');
    for (const socket of sockets) socket.close(REVOKED_CLOSE_CODE, REVOKED_CLOSE_REASON);
    this.open.delete(credentialId);
  }

  async stop(): Promise<void> {
    clearInterval(this.sweep);
    await this.following?.return?.();
  }

  private async closeRevoked(): Promise<void> {
    const ids = [...this.open.keys()];
    if (ids.length === 0) return;
    for (const id of await revokedCredentials(this.options.em.fork(), ids)) this.close(id);
  }

  private follow(): void {
    const iterator = this.options.pubSub.subscribe(CREDENTIAL_REVOKED)[Symbol.asyncIterator]();
    this.following = iterator;
    void (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const event = next.value as CredentialRevoked;
        if (typeof event?.credentialId === 'string') this.close(event.credentialId);
      }
    })();
  }
}
