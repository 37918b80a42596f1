import { graphql, takeResults, wsClient, type GraphQLResponse } from '../support/graphql-client.js';
import type { TestHub } from '../support/test-hub.js';

export type Path = 'HTTP' | 'WebSocket';

type Body = GraphQLResponse['body'];

/** Runs one operation as `token` with `purpose` over HTTP (X-Purpose) or WebSocket (connection param). */
export async function ask(
  hub: TestHub,
  path: Path,
  query: string,
  token: string,
  purpose: string | null,
  variables?: Record<string, unknown>,
): Promise<Body> {
  if (path === 'HTTP') {
    const response = await graphql(hub.url, query, { token, variables, headers: purpose ? { 'x-purpose': purpose } : {} });
    return response.body;
  }
  const client = wsClient(hub.url, token, purpose ? { purpose } : {});
  try {
    const [result] = await takeResults<Body>(client, query, 1, variables);
    return result;
  } finally {
    await client.dispose();
  }
}

/** Issues a credential through the admin API and returns its token. */
export async function issue(hub: TestHub, input: Record<string, unknown>): Promise<string> {
  const response = await graphql<{ issueCredential: { token: string } }>(
    hub.url,
    'mutation($input: IssueCredentialInput!) { issueCredential(input: $input) { token } }',
    { token: hub.tokens.admin, variables: { input } },
  );
  if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data!.issueCredential.token;
}
