// The world of the money-to-reports e2e tests: the gateway, patient-accounts, payments, work-orders and reporting as
// the built processes on real PostgreSQL and NATS, nothing mocked; reporting learns everything from the services'
// outbox events. Helpers speak the public HTTP API only (and plain SQL where a test must change a stored row).
import { GatewayClient, TestWorld } from '@dental/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ServiceStack, startServices } from './service-stack';

export type Body = Record<string, unknown>;
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };

/** Collects a binary answer (a file) as one Buffer. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

export class MoneyToReportsWorld {
  readonly world = new TestWorld();
  stack!: ServiceStack;
  admin!: string;
  accountant!: string;

  /** `rpcTimeoutMs`: longer for tests whose writers queue on one lock (on a loaded CI machine they wait past 5 s). */
  async start({ rpcTimeoutMs = 5000 }: { rpcTimeoutMs?: number } = {}): Promise<void> {
    this.stack = await startServices(
      this.world,
      ['payments', 'patient-accounts', 'work-orders', 'reporting', 'gateway'],
      { admin: ADMIN, env: () => ({ RPC_TIMEOUT_MS: String(rpcTimeoutMs) }) },
    );
    this.admin = await this.login(ADMIN.email, ADMIN.password);
    const email = `accountant-${randomBytes(3).toString('hex')}@example.com`;
    const user = await this.post('/users', {
      email,
      name: 'Accountant',
      password: 'user-password-1',
      roles: ['accountant'],
    });
    expect(user.status).toBe(201);
    this.accountant = await this.login(email, 'user-password-1');
  }

  async stop(): Promise<void> {
    try {
      await this.stack?.stop();
    } finally {
      await this.world.cleanup();
    }
  }

  http = () => request(this.stack.gatewayUrl);
  auth = (token: string) => ({ authorization: `Bearer ${token}` });

  login = (email: string, password: string) => new GatewayClient(this.stack.gatewayUrl).login(email, password);

  post = (path: string, body: Body, token = this.admin) =>
    this.http().post(`/api/v1${path}`).set(this.auth(token)).send(body);

  /** A request that must answer `status`; the path and body show in the failure. */
  async expectStatus<T = Body>(res: request.Test, status: number, what: string): Promise<T> {
    const answer = await res;
    expect({ what, status: answer.status, body: answer.body }).toEqual({ what, status, body: expect.anything() });
    return answer.body as T;
  }

  created = <T = Body>(path: string, body: Body, token = this.admin) =>
    this.expectStatus<T>(this.post(path, body, token), 201, `POST ${path}`);

  get = <T = Body>(path: string, token = this.admin) =>
    this.expectStatus<T>(this.http().get(`/api/v1${path}`).set(this.auth(token)), 200, `GET ${path}`);

  /** A file route's bytes. */
  async download(path: string, token = this.accountant): Promise<Buffer> {
    const res = await this.http().get(`/api/v1${path}`).set(this.auth(token)).buffer(true).parse(binary);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body as Buffer;
  }
}
