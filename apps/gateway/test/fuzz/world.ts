// The fuzzer's world: the gateway and all five services in this process on real PostgreSQL and NATS (the set-up of
// money-to-reports.support.ts plus notifications, so every route has its service), users of every role, a second
// organization, and raw row counts of each service's main tables.
import { startService } from '@dental/platform';
import { eventually, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
// The services behind the routes under test; importing their definitions is test wiring, not app coupling.
/* eslint-disable @nx/enforce-module-boundaries */
import { notificationsService } from '../../../notifications/src/notifications.definition';
import { patientAccountsService } from '../../../patient-accounts/src/patient-accounts.definition';
import { paymentsService } from '../../../payments/src/payments.definition';
import { reportingService } from '../../../reporting/src/reporting.definition';
import { workOrdersService } from '../../../work-orders/src/work-orders.definition';
/* eslint-enable @nx/enforce-module-boundaries */
import { gatewayService } from '../../src/gateway.definition';

export type Body = Record<string, unknown>;
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const PASSWORD = 'user-password-1';
const LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'fatal';

/** The main tables of each service: a refused request must leave their row counts as they were. */
export const COUNTED_TABLES = {
  payments: ['patient_payment', 'work_order_payment'],
  'work-orders': ['work_order', 'lab'],
  'patient-accounts': ['patient', 'treatment', 'physician', 'contract'],
  notifications: ['alert'],
} as const;
type CountedService = keyof typeof COUNTED_TABLES;

export class FuzzWorld {
  readonly world = new TestWorld();
  private readonly apps = new Map<string, INestApplication>();
  gateway!: INestApplication;
  admin!: string;

  async start(): Promise<void> {
    const env = (service: string, extra: Record<string, string> = {}) =>
      this.world.env(service, { RPC_TIMEOUT_MS: '10000', LOG_LEVEL, ...extra });
    // payments first: it owns the clinics, and the gateway makes the first one once payments answers
    for (const [name, service] of [
      ['payments', paymentsService],
      ['patient-accounts', patientAccountsService],
      ['work-orders', workOrdersService],
      ['reporting', reportingService],
    ] as const) {
      this.apps.set(name, (await startService(service, env(name), { logLevel: LOG_LEVEL })).app);
    }
    const notifications = await startService(notificationsService, env('notifications'), { logLevel: LOG_LEVEL });
    this.apps.set('notifications', notifications.app);
    this.gateway = (
      await startService(
        gatewayService,
        env('gateway', {
          JWT_SECRET: randomBytes(32).toString('hex'),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_RATE_LIMIT: '100000',
        }),
        { logLevel: LOG_LEVEL },
      )
    ).app;
    this.apps.set('gateway', this.gateway);
    this.admin = await this.login(ADMIN.email, ADMIN.password);
  }

  async stop(): Promise<void> {
    for (const app of [...this.apps.values()].reverse()) await app.close();
    await this.world.cleanup();
  }

  http = () => request(this.gateway.getHttpServer());
  auth = (token: string) => ({ authorization: `Bearer ${token}` });

  async login(email: string, password: string): Promise<string> {
    const res = await this.http().post('/api/v1/auth/login').send({ email, password });
    expect({ email, status: res.status }).toEqual({ email, status: 200 });
    return res.body.accessToken as string;
  }

  /** A user of organization A with these roles (POST /users, as an admin). */
  async user(roles: string[]): Promise<string> {
    const email = `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.com`;
    await this.created('/users', { email, name: email, password: PASSWORD, roles });
    return this.login(email, PASSWORD);
  }

  /** A second organization, as a later sign-up would make it: straight into the gateway's database. */
  async otherOrganization(): Promise<string> {
    const orgId = randomUUID();
    const gw = this.gateway.get(MikroORM).em.fork().getConnection();
    const email = `admin-${orgId.slice(0, 8)}@other.example.com`;
    await gw.execute('insert into organization (id, name) values (?, ?)', [orgId, 'Other Chain']);
    await gw.execute(
      'insert into app_user (id, organization_id, email, name, password_hash, roles) values (?, ?, ?, ?, ?, ?)',
      [randomUUID(), orgId, email, 'Other', await hash('other-password-1'), '{admin}'],
    );
    return this.login(email, 'other-password-1');
  }

  async sql<T = Body>(service: string, text: string, params: unknown[] = []): Promise<T[]> {
    const app = this.apps.get(service);
    if (!app) throw new Error(`no service ${service}`);
    return (await app.get(MikroORM).em.fork().getConnection().execute(text, params)) as T[];
  }

  /** `service.table` → rows, over every counted table. */
  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [service, tables] of Object.entries(COUNTED_TABLES) as [CountedService, readonly string[]][]) {
      for (const table of tables) {
        const [row] = await this.sql<{ n: string }>(service, `select count(*)::text as n from ${table}`);
        out[`${service}.${table}`] = Number(row.n);
      }
    }
    return out;
  }

  async created<T = Body>(path: string, body: Body, token = this.admin, status = 201): Promise<T> {
    const res = await this.http().post(`/api/v1${path}`).set(this.auth(token)).send(body);
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status, body: expect.anything() });
    return res.body as T;
  }

  async get<T = Body>(path: string, token = this.admin): Promise<T> {
    const res = await this.http().get(`/api/v1${path}`).set(this.auth(token));
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 200, body: expect.anything() });
    return res.body as T;
  }

  eventually = eventually;
}
