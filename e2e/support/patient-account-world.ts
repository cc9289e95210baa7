// The world of the patient-account e2e tests: gateway + patient-accounts + payments (+ notifications) as the built
// processes on real PostgreSQL and NATS, logged in as the first admin, with helpers that speak the public API only
// (and plain SQL on a service's database to see what is really stored).
import { Schema } from '@dental/api-client';
import { ClosureView, ServiceName, PatientPaymentView } from '@dental/contracts';
import { eventually, GatewayClient, TestWorld } from '@dental/testing';
import { hash } from '@node-rs/argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { ServiceStack, startServices } from './service-stack';

export type PatientAccountView = Schema<'PatientAccount'>;

export type Body = Record<string, unknown>;
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const PASSWORD = 'user-password-1';

export interface Clinic {
  id: string;
  organizationId: string;
  currency: string;
}

export { expectError } from '@dental/testing';

export class PatientAccountWorld {
  readonly world = new TestWorld();
  stack!: ServiceStack;
  admin!: string;
  mainClinic!: Clinic;

  constructor(private readonly options: { notifications: boolean }) {}

  async start(): Promise<void> {
    // 50 parallel payments on one patient queue on its row lock; on a loaded CI machine the last of them wait
    // longer than the production 5 s default, which would turn a correct answer into a 503.
    const services: ServiceName[] = ['payments', 'patient-accounts', 'gateway'];
    if (this.options.notifications) services.splice(2, 0, 'notifications');
    this.stack = await startServices(this.world, services, { admin: ADMIN, env: () => ({ RPC_TIMEOUT_MS: '30000' }) });
    this.admin = await this.login(ADMIN.email, ADMIN.password);
    this.mainClinic = await eventually(async () => {
      const res = await this.http().get('/api/v1/clinics').set(this.auth(this.admin));
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0] as Clinic;
    });
  }

  async stop(): Promise<void> {
    try {
      await this.stack?.stop();
    } finally {
      await this.world.cleanup();
    }
  }

  /** patient-accounts (again, after stopAccounts), on the same database: what a restart after an outage is. */
  startAccounts(): Promise<void> {
    return this.stack.stack.startService('patient-accounts');
  }

  /** Stops patient-accounts: its requests get no responders, its events wait in the stream. */
  async stopAccounts(): Promise<void> {
    await this.stack.stack.stopService('patient-accounts');
  }

  http = () => request(this.stack.gatewayUrl);
  auth = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Raw SQL on one service's database: what is really stored. */
  sql<T = Body>(app: 'payments' | 'accounts', text: string, params: unknown[] = []): Promise<T[]> {
    return this.stack.sql<T>(app === 'payments' ? 'payments' : 'patient-accounts', text, params);
  }

  login = (email: string, password: string) => new GatewayClient(this.stack.gatewayUrl).login(email, password);

  async createUser(roles: string[]): Promise<string> {
    const email = `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.com`;
    const res = await this.http()
      .post('/api/v1/users')
      .set(this.auth(this.admin))
      .send({ email, name: email, password: PASSWORD, roles });
    expect(res.status).toBe(201);
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

  /** A clinic with its bank charge percentage, once patient-accounts knows it (from payments' clinic event). */
  async clinic(bankChargePercent: string | null, token = this.admin): Promise<Clinic> {
    const res = await this.http()
      .post('/api/v1/clinics')
      .set(this.auth(token))
      .send({ name: `Clinic ${randomBytes(3).toString('hex')}`, currency: 'EUR' });
    expect(res.status).toBe(201);
    const clinic = res.body as Clinic;
    const set = await this.http()
      .put(`/api/v1/clinics/${clinic.id}/payment-settings`)
      .set(this.auth(token))
      .send({ bankChargePercent });
    expect({ status: set.status, body: set.body }).toEqual({ status: 200, body: expect.objectContaining({}) });
    await eventually(async () => {
      expect(await this.sql('accounts', 'select id from clinic where id = ?', [clinic.id])).toHaveLength(1);
    });
    return clinic;
  }

  post = (path: string, body: Body, token = this.admin) =>
    this.http().post(`/api/v1${path}`).set(this.auth(token)).send(body);

  async created<T = Body>(path: string, body: Body, token = this.admin): Promise<T> {
    const res = await this.post(path, body, token);
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 201, body: expect.anything() });
    return res.body as T;
  }

  physician = (clinic: Clinic, name: string) =>
    this.created<{ id: string; name: string }>('/physicians', { clinicId: clinic.id, name });

  patient = (clinic: Clinic, firstName = 'Ali', lastName = 'Yılmaz') =>
    this.created<{ id: string; clinicId: string; familyId: string | null }>('/patients', {
      clinicId: clinic.id,
      firstName,
      lastName,
    });

  treatment = (patientId: string, body: Body) =>
    this.created<{ id: string; amount: string }>(`/patients/${patientId}/treatments`, {
      procedure: 'Composite filling',
      date: '2026-11-02',
      ...body,
    });

  pay = (patientId: string, body: Body, token = this.admin) =>
    this.post(`/patients/${patientId}/payments`, body, token);

  async paid(patientId: string, body: Body, token = this.admin): Promise<PatientPaymentView> {
    const res = await this.pay(patientId, body, token);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ patientId, revision: 1, deleted: false }),
    });
    return res.body as PatientPaymentView;
  }

  /** A correction: with a reason unless the body names one (DOMAIN.md E). */
  patchPayment = (patientId: string, paymentId: string, body: Body, token = this.admin) =>
    this.http()
      .patch(`/api/v1/patients/${patientId}/payments/${paymentId}`)
      .set(this.auth(token))
      .send({ reason: 'entry_error', ...body });

  deletePayment = (patientId: string, paymentId: string, token = this.admin) =>
    this.http().delete(`/api/v1/patients/${patientId}/payments/${paymentId}?reason=duplicate`).set(this.auth(token));

  async account(patientId: string, showPaid = false, token = this.admin): Promise<PatientAccountView> {
    const res = await this.http()
      .get(`/api/v1/patients/${patientId}/account${showPaid ? '?showPaid=true' : ''}`)
      .set(this.auth(token));
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.anything() });
    return res.body as PatientAccountView;
  }

  close = (patientId: string, body: Body, token = this.admin) =>
    this.post(`/patients/${patientId}/account-closures`, { reason: 'patient_request', ...body }, token);

  async closed(patientId: string, body: Body): Promise<ClosureView> {
    const res = await this.close(patientId, body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.anything() });
    return res.body as ClosureView;
  }

  undo = (patientId: string, token = this.admin) =>
    this.http()
      .delete(`/api/v1/patients/${patientId}/account-closures/latest?reason=entry_error`)
      .set(this.auth(token));

  /** The Bank Cost treatments of a patient as the account lists them (they arrive by event). */
  async bankCosts(patientId: string): Promise<{ amount: string; date: string; physicianId: string | null }[]> {
    const view = await this.account(patientId, true);
    return view.treatments
      .filter((t) => t.procedure === 'Bank Cost')
      .map((t) => ({ amount: t.amount, date: t.date, physicianId: t.physicianId }));
  }

  /** Waits until patient-accounts has handled every event of this payment so far (e.g. before asserting "no Bank Cost"). */
  async handledByAccounts(paymentId: string): Promise<void> {
    const events = await this.sql<{ id: string }>(
      'payments',
      "select id from outbox_event where envelope->'payload'->>'id' = ?",
      [paymentId],
    );
    expect(events.length).toBeGreaterThan(0);
    await eventually(async () => {
      const handled = await this.sql(
        'accounts',
        `select distinct event_id from inbox_event where event_id in (${events.map(() => '?').join(', ')})`,
        events.map((e) => e.id),
      );
      expect(handled.length).toBeGreaterThanOrEqual(events.length);
    });
  }

  /** What a refused request must leave as it was: the rows and the events of both services. */
  async stored(patientId: string) {
    const [money] = await this.sql<{ events: string }>(
      'payments',
      "select count(*)::int as events from outbox_event where envelope->'payload'->>'patientId' = ?",
      [patientId],
    );
    const [accounts] = await this.sql<{ events: string }>(
      'accounts',
      "select count(*)::int as events from outbox_event where envelope->'payload'->>'patientId' = ?",
      [patientId],
    );
    const list = await this.http().get(`/api/v1/patients/${patientId}/payments`).set(this.auth(this.admin));
    expect(list.status).toBe(200);
    return { payments: list.body, paymentEvents: money.events, accountEvents: accounts.events };
  }
}
