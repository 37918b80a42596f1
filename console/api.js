/*
 * The one way the pages talk to the hub: GraphQL over HTTP POST to /graphql, with the clerk's
 * bearer token when there is one. Failures come back as ApiError of a kind the page can explain:
 * the hub could not be reached (network), it answered something that is not GraphQL (http), or it
 * answered with GraphQL errors (graphql, each with extensions.code and often extensions.field).
 */
export class ApiError extends Error {
  constructor(kind, errors, message) {
    super(message || (errors && errors[0] && errors[0].message) || kind);
    this.kind = kind;
    this.errors = errors || [];
  }

  get codes() {
    return this.errors.map((error) => error.extensions && error.extensions.code);
  }

  has(code) {
    return this.codes.includes(code);
  }
}

export async function graphql(query, variables, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch (error) {
    throw new ApiError('network', [], String(error && error.message));
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError('http', [], `HTTP ${response.status}`);
  }
  if (body.errors && body.errors.length) throw new ApiError('graphql', body.errors);
  if (!body.data) throw new ApiError('http', [], `HTTP ${response.status}`);
  return body.data;
}
