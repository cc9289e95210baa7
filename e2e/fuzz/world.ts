// The fuzzer's world: the gateway and all five services as the built processes on real PostgreSQL and NATS (every
// route has its service), users of every role, a second organization, and raw row counts of each service's main
// tables (plain SQL on its database).
import { ServiceName, SERVICE_NAMES } from '@dental/contracts';
import { eventually, GatewayClient, TestWorld } from '@dental/testing';
import { hash } from '@node-rs/argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ServiceStack, startServices } from '../support/service-stack';

export type Body = Record<string, unknown>;
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const PASSWORD = 'user-password-1';

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
  stack!: ServiceStack;
  admin!: string;

  async start(): Promise<void> {
    this.stack = await startServices(this.world, SERVICE_NAMES, {
      admin: ADMIN,
      env: (service) => ({
        RPC_TIMEOUT_MS: '10000',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal',
        ...(service === 'gateway' ? { LOGIN_RATE_LIMIT: '100000' } : {}),
      }),
    });
    this.admin = await this.login(ADMIN.email, ADMIN.password);
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

  /** A user of organization A with these roles (POST /users, as an admin). */
  async user(roles: string[]): Promise<string> {
    const email = `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.com`;
    await this.created('/users', { email, name: email, password: PASSWORD, roles });
    return this.login(email, PASSWORD);
  }

  /** A second organization, as a later sign-up would make it: straight into the gateway's database. */
  async otherOrganization(): Promise<string> {
    const orgId = randomUUID();
    const gw = { execute: (text: string, params: unknown[]) => this.stack.sql('gateway', text, params) };
    const email = `admin-${orgId.slice(0, 8)}@other.example.com`;
    await gw.execute('insert into organization (id, name) values (?, ?)', [orgId, 'Other Chain']);
    await gw.execute(
      'insert into app_user (id, organization_id, email, name, password_hash, roles) values (?, ?, ?, ?, ?, ?)',
      [randomUUID(), orgId, email, 'Other', await hash('other-password-1'), '{admin}'],
    );
    return this.login(email, 'other-password-1');
  }

  sql<T = Body>(service: ServiceName, text: string, params: unknown[] = []): Promise<T[]> {
    return this.stack.sql<T>(service, text, params);
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
