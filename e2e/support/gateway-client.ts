// A signed-in user of the public API (`/api/v1`), as an integrator would call it.
import { randomUUID } from 'node:crypto';
import { checkAgainstSpec } from './spec-check';

export interface JsonAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface FileAnswer {
  status: number;
  headers: Headers;
  body: Buffer;
}

type Query = Record<string, string | number | boolean | undefined>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  /** POST /auth/login; the client then sends the token on every call. */
  static async login(baseUrl: string, credentials: { email: string; password: string }): Promise<GatewayClient> {
    const client = new GatewayClient(baseUrl);
    const res = await client.call('POST', '/auth/login', { email: credentials.email, password: credentials.password });
    if (res.status !== 200)
      throw new Error(`login of ${credentials.email} answered ${res.status}: ${JSON.stringify(res.body)}`);
    client.token = res.body.accessToken;
    return client;
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
    const res = await this.fetch(method, path, body, headers);
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    checkAgainstSpec(method, path, res.status, res.headers.get('content-type'), parsed);
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path: string, query?: Query): Promise<JsonAnswer> {
    return this.call('GET', path + queryString(query));
  }

  /** A POST that creates money or a work order, with a fresh Idempotency-Key. */
  create(path: string, body: unknown): Promise<JsonAnswer> {
    return this.call('POST', path, body, { 'idempotency-key': randomUUID() });
  }

  /** A file (an export): the raw bytes. */
  async download(path: string, query?: Query): Promise<FileAnswer> {
    const res = await this.fetch('GET', path + queryString(query));
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type');
    const json = type?.startsWith('application/json') ? JSON.parse(bytes.toString('utf8') || 'null') : bytes;
    checkAgainstSpec('GET', path, res.status, type, json);
    return { status: res.status, headers: res.headers, body: bytes };
  }

  private fetch(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
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
