// A signed-in user of the gateway's public API (`/api/v1`), as an integrator would call it: one base URL and fetch.
// The same client talks to the built stack (LocalStack's gateway URL) and to a gateway started in this process
// (`await app.listen(0)`, then `await app.getUrl()`).
import { randomUUID } from 'node:crypto';

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

/** Looks at every answer (the e2e tier checks it against the OpenAPI document); throws to fail the test. */
export type AnswerCheck = (
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  body: unknown,
) => void;

export type Query = Record<string, string | number | boolean | undefined>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface GatewayClientOptions {
  token?: string;
  check?: AnswerCheck;
}

export class GatewayClient {
  private token?: string;
  private readonly check?: AnswerCheck;

  constructor(
    readonly baseUrl: string,
    options: GatewayClientOptions = {},
  ) {
    // a URL from `app.getUrl()` may name the IPv6 any-address, which a client cannot dial
    this.baseUrl = baseUrl.replace('[::1]', '127.0.0.1').replace(/\/$/, '');
    this.token = options.token;
    this.check = options.check;
  }

  /** A client signed in as `credentials` (POST /auth/login); it then sends the token on every call. */
  static async login(
    baseUrl: string,
    credentials: { email: string; password: string },
    options: Omit<GatewayClientOptions, 'token'> = {},
  ): Promise<GatewayClient> {
    const client = new GatewayClient(baseUrl, options);
    await client.login(credentials.email, credentials.password);
    return client;
  }

  /** Signs this client in (any failure throws with the answer) and returns the access token. */
  async login(email: string, password: string): Promise<string> {
    const res = await this.call('POST', '/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
    this.token = res.body.accessToken as string;
    return this.token;
  }

  /** The bearer token this client sends (after `login`). */
  get accessToken(): string | undefined {
    return this.token;
  }

  /** Another client on the same gateway, with another token (or none). */
  as(token?: string): GatewayClient {
    return new GatewayClient(this.baseUrl, { token, check: this.check });
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
    this.check?.(method, path, res.status, res.headers.get('content-type'), parsed);
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path: string, query?: Query): Promise<JsonAnswer> {
    return this.call('GET', path + queryString(query));
  }

  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer> {
    return this.call('POST', path, body, headers);
  }

  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer> {
    return this.call('PUT', path, body, headers);
  }

  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer> {
    return this.call('PATCH', path, body, headers);
  }

  delete(path: string, headers?: Record<string, string>): Promise<JsonAnswer> {
    return this.call('DELETE', path, undefined, headers);
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
    if (this.check) {
      const json = type?.startsWith('application/json') ? JSON.parse(bytes.toString('utf8') || 'null') : bytes;
      this.check('GET', path, res.status, type, json);
    }
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

/**
 * An error answer as API.md says it: the status, a message (naming `field` when given) and a code AREA.REASON
 * (`code` when given). Takes any answer with a status and a parsed body (this client's, or supertest's).
 */
export function expectError(
  answer: { status: number; body: unknown },
  status: number,
  code?: string,
  field?: string,
): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: expect.objectContaining({
      statusCode: status,
      message: field ? expect.stringContaining(field) : expect.stringMatching(/\S/),
      code: code ?? expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/),
    }),
  });
}
