// The e2e tier's gateway client: libs/testing's, with every answer checked against the committed OpenAPI document.
import { GatewayClient, GatewayClientOptions } from '@dental/testing';
import { checkAgainstSpec } from './spec-check';

export { expectError, FileAnswer, GatewayClient, JsonAnswer, queryString } from '@dental/testing';

/** A client of the gateway at `baseUrl` whose every answer must be as apps/gateway/openapi.json says. */
export function specClient(baseUrl: string, options: Omit<GatewayClientOptions, 'check'> = {}): GatewayClient {
  return new GatewayClient(baseUrl, { ...options, check: checkAgainstSpec });
}

/** `GatewayClient.login` with the OpenAPI check. */
export function specLogin(baseUrl: string, credentials: { email: string; password: string }): Promise<GatewayClient> {
  return GatewayClient.login(baseUrl, credentials, { check: checkAgainstSpec });
}

/** A JSON call to the gateway's /api/v1 with the current token; any status is returned, nothing thrown. */
export function jsonApi(gatewayUrl: () => string, token: () => string | undefined) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const bearer = token();
    const res = await fetch(`${gatewayUrl()}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await res.json().catch(() => undefined);
    checkAgainstSpec(method, path, res.status, res.headers.get('content-type'), answer);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, headers: res.headers, body: answer as any };
  };
}
