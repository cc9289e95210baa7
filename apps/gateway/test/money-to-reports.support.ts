// The world of the money-to-reports test: the gateway, patient-accounts, payments, work-orders and reporting in this
// process on real PostgreSQL and NATS, nothing mocked; reporting learns everything from the services' outbox events.
// Helpers speak the public HTTP API only.
import { startService } from '@dental/platform';
import { TestWorld } from '@dental/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
// The services behind the routes under test; importing their definitions is test wiring, not app coupling.
/* eslint-disable @nx/enforce-module-boundaries */
import { patientAccountsService } from '../../patient-accounts/src/patient-accounts.definition';
import { paymentsService } from '../../payments/src/payments.definition';
import { reportingService } from '../../reporting/src/reporting.definition';
import { workOrdersService } from '../../work-orders/src/work-orders.definition';
/* eslint-enable @nx/enforce-module-boundaries */
import { gatewayService } from '../src/gateway.definition';

export type Body = Record<string, unknown>;
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';

/** Collects a binary answer (a file) as one Buffer. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

export class MoneyToReportsWorld {
  readonly world = new TestWorld();
  private readonly apps: INestApplication[] = [];
  gateway!: INestApplication;
  admin!: string;
  accountant!: string;

  /** `rpcTimeoutMs`: longer for tests whose writers queue on one lock (on a loaded CI machine they wait past 5 s). */
  async start({ rpcTimeoutMs = 5000 }: { rpcTimeoutMs?: number } = {}): Promise<void> {
    const env = (service: string, extra: Record<string, string> = {}) =>
      this.world.env(service, { RPC_TIMEOUT_MS: String(rpcTimeoutMs), LOG_LEVEL, ...extra });
    // payments first: it owns the clinics, and the gateway makes the first one once payments answers
    for (const [name, service] of [
      ['payments', paymentsService],
      ['patient-accounts', patientAccountsService],
      ['work-orders', workOrdersService],
      ['reporting', reportingService],
    ] as const) {
      this.apps.push((await startService(service, env(name), { logLevel: LOG_LEVEL })).app);
    }
    this.gateway = (
      await startService(
        gatewayService,
        env('gateway', {
          JWT_SECRET: randomBytes(32).toString('hex'),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_RATE_LIMIT: '1000',
        }),
        { logLevel: LOG_LEVEL },
      )
    ).app;
    this.apps.push(this.gateway);
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
    for (const app of this.apps.reverse()) await app.close();
    await this.world.cleanup();
  }

  http = () => request(this.gateway.getHttpServer());
  auth = (token: string) => ({ authorization: `Bearer ${token}` });

  async login(email: string, password: string): Promise<string> {
    const res = await this.http().post('/api/v1/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

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
