import type { MikroORM } from '@mikro-orm/sql';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { authenticate, type AuthenticationResult } from '../domain/auth/authenticate.js';
import type { CredentialCache } from '../domain/auth/credential-cache.js';
import type { Principal } from '../domain/auth/principal.js';
import type { SharingPolicyCache } from '../domain/sharing/sharing-policy-cache.js';
import { statedPurpose } from '../domain/sharing/stated-purpose.js';
import type { HubContext } from '../schema/context.js';
import { createContext } from './context.js';
import { introspectionRefusal, type IntrospectionPolicy } from './introspection-policy.js';
import type { LiveFigures } from '../domain/live-counts/live-figures.js';
import { checkQueryLimits, type QueryLimits } from './limits/query-limits.js';
import { rateLimitKey, type RateLimiter } from './limits/rate-limit.js';
import type { HubPubSub } from '../support/pubsub.js';
import { accessLogFor } from '../domain/access-log/access-log.js';

/**
 * The one path every GraphQL operation takes, whichever transport brought it:
 *
 *   authenticate → limit → admit → context → execute → log
 *
 * HTTP (server/hub.ts: Apollo's context function and server/use-request-pipeline.plugin.ts) and
 * WebSocket (server/websocket.ts: graphql-ws's hooks) only adapt these steps to their protocol,
 * so a rule added here holds on both, and neither can answer what the other refuses. Execution
 * itself is the transport's (Apollo's or graphql-ws's), over the same schema and its policy.
 */
export class RequestPipeline {
  constructor(
    private readonly options: {
      orm: MikroORM;
      schema: GraphQLSchema;
      /** Credentials read in the last second (domain/auth/credential-cache.ts). */
      credentials: CredentialCache;
      rateLimiter: RateLimiter;
      limits: QueryLimits;
      introspection: IntrospectionPolicy;
      pubSub: HubPubSub;
      liveFigures: LiveFigures;
      sharing: SharingPolicyCache;
    },
  ) {}

  /** 1. Who asks: an `Authorization` value (header or `connection_init` param) to a principal. */
  authenticate(authorization: unknown): Promise<AuthenticationResult> {
    return authenticate(
      () => this.options.orm.em.fork(),
      typeof authorization === 'string' ? authorization : undefined,
      this.options.credentials,
    );
  }

  /** 2. May they ask now: the rate limit per principal, or per address for anonymous callers. */
  limit(principal: Principal | null, remoteAddress: string | undefined): Promise<GraphQLError | null> {
    return this.options.rateLimiter.consume(rateLimitKey(principal, remoteAddress));
  }

  /**
   * 3. May this operation run: introspection as the policy allows it, and the abuse limits (depth,
   * aliases, list sizes, complexity), before any resolver runs.
   */
  admit(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
    authenticated: boolean,
  ): GraphQLError | null {
    return (
      introspectionRefusal(this.options.introspection, document, authenticated) ??
      checkQueryLimits(this.options.schema, document, operationName, variables, this.options.limits)
    );
  }

  /** 4. What every resolver sees; `purpose` is the raw `X-Purpose` header or `purpose` param. */
  context(input: { requestId: string; principal: Principal | null; purpose: unknown }): HubContext {
    return createContext({
      requestId: input.requestId,
      principal: input.principal,
      rootEm: this.options.orm.em,
      pubSub: this.options.pubSub,
      liveFigures: this.options.liveFigures,
      purpose: statedPurpose(input.purpose),
      sharing: this.options.sharing,
    });
  }

  /**
   * 5. What the operation read of conditional data (and wrote) goes to the access log before its
   * result leaves; the caller withholds the result if this throws.
   */
  async log(context: HubContext, operation: string): Promise<void> {
    if (context.accessLog.isEmpty) return;
    const entries = context.accessLog.drain({
      principal: context.principal,
      purpose: context.purpose,
      requestId: context.requestId,
      operation,
    });
    await accessLogFor(context.em).writer.append(entries);
  }
}

/** What a client gets instead of a result whose conditional reads could not be logged. */
export const ACCESS_LOG_FAILED_MESSAGE =
  'The access log could not be written, so the response is withheld. Quote the request id to the hub operators.';
