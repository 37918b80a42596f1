/** One GraphQL operation over HTTP; throws on a transport error, an HTTP error or a GraphQL error. */
export async function postGraphQL<T>(
  url: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  }
  return body.data;
}
