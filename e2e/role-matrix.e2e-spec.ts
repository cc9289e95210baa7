// The role matrix where the services behind it answer (apps/gateway/test/role-matrix.int-spec.ts checks every
// route × role against the gateway alone): the refusals a clinic cares about, a physician sees only their own
// Progress Payment, a clinic filter outside the caller's clinics is the same 404 everywhere, and an idempotent
// replay is answered only to who may see it. Real PostgreSQL and NATS; gateway, payments, patient-accounts,
// work-orders and reporting as the built processes.
import { Role, ROLES } from '@dental/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { MoneyToReportsWorld } from './support/money-to-reports-world';

jest.setTimeout(180_000);

const PASSWORD = 'user-password-1';

describe('the role matrix (e2e: gateway + services)', () => {
  const w = new MoneyToReportsWorld();
  const tokens = new Map<Role, string>();
  let clinicA: string;
  let clinicB: string;

  async function user(roles: Role[], extra: Record<string, unknown> = {}): Promise<string> {
    const email = `${roles.join('-')}-${randomBytes(4).toString('hex')}@example.com`;
    await w.created('/users', { email, name: email, password: PASSWORD, roles, ...extra });
    return w.login(email, PASSWORD);
  }

  beforeAll(async () => {
    await w.start();
    clinicA = (await w.get<{ items: { id: string }[] }>('/clinics')).items[0].id;
    clinicB = (await w.created<{ id: string }>('/clinics', { name: 'Second clinic', currency: 'EUR' })).id;
    for (const role of ROLES) tokens.set(role, role === 'admin' ? w.admin : await user([role]));
  });

  afterAll(() => w.stop());

  it('the refusals a clinic cares about', async () => {
    const patient = await w.created<{ id: string }>('/patients', {
      clinicId: clinicA,
      firstName: 'Ali',
      lastName: 'Kaya',
    });
    const labManager = tokens.get('lab-manager')!;
    // a lab manager never sees patients' contact data nor the Account Book
    for (const path of ['/patients', `/patients/${patient.id}`, '/reports/account-book']) {
      expect((await w.http().get(`/api/v1${path}`).set(w.auth(labManager))).status).toBe(403);
    }
    // a physician neither issues nor cancels invoices, and reception closes no account
    const physician = tokens.get('physician')!;
    expect((await w.post(`/patients/${patient.id}/invoices`, { treatmentIds: [randomUUID()] }, physician)).status).toBe(
      403,
    );
    const reception = tokens.get('reception')!;
    expect(
      (await w.post(`/patients/${patient.id}/account-closures`, { mode: 'now', reason: 'patient_request' }, reception))
        .status,
    ).toBe(403);
    // physician and reception follow a lab case: a work order's details and its payments alike (one rule for both
    // routes, which show the same payments), but they pay no lab
    for (const token of [physician, reception]) {
      for (const path of [`/work-orders/${randomUUID()}`, `/work-orders/${randomUUID()}/payments`]) {
        expect((await w.http().get(`/api/v1${path}`).set(w.auth(token))).status).toBe(404);
      }
      const pay = await w.post(
        `/work-orders/${randomUUID()}/payments`,
        { date: '2026-11-03', amount: '1.00', method: 'cash' },
        token,
      );
      expect(pay.status).toBe(403);
    }
  });

  it("a physician's own account sees only their own Progress Payment", async () => {
    const drA = await w.created<{ id: string }>('/physicians', {
      clinicId: clinicA,
      name: 'Dr. A',
      commissionPercent: '40',
    });
    const drB = await w.created<{ id: string }>('/physicians', {
      clinicId: clinicA,
      name: 'Dr. B',
      commissionPercent: '30',
    });
    const patient = await w.created<{ id: string }>('/patients', {
      clinicId: clinicA,
      firstName: 'Ece',
      lastName: 'Su',
    });
    await w.created(`/patients/${patient.id}/treatments`, {
      physicianId: drA.id,
      procedure: 'Crown',
      date: '2026-11-02',
      amount: '600.00',
    });
    await w.created(`/patients/${patient.id}/treatments`, {
      physicianId: drB.id,
      procedure: 'Filling',
      date: '2026-11-02',
      amount: '400.00',
    });
    await w.created(`/patients/${patient.id}/payments`, { date: '2026-11-03', amount: '500.00', paymentType: 'cash' });
    const query = `/reports/progress-payments?clinicId=${clinicA}&from=2026-11-01&to=2026-11-30`;
    const rowsOf = async (token: string, extra = '') => {
      const res = await w.http().get(`/api/v1${query}${extra}`).set(w.auth(token));
      return {
        status: res.status,
        ids: (res.body.items ?? []).map((r: { physicianId: string | null }) => r.physicianId),
      };
    };
    // reporting learns the payment from its event
    for (let i = 0; i < 100 && (await rowsOf(w.admin)).ids.length < 2; i++)
      await new Promise((r) => setTimeout(r, 200));
    expect((await rowsOf(w.admin)).ids.sort()).toEqual([drA.id, drB.id].sort());

    const ownA = await user(['physician'], { physicianId: drA.id });
    expect(await rowsOf(ownA)).toEqual({ status: 200, ids: [drA.id] });
    expect((await rowsOf(ownA, `&physicianId=${drB.id}`)).status).toBe(404);
    const unlinked = tokens.get('physician')!;
    const res = await w.http().get(`/api/v1${query}`).set(w.auth(unlinked));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'AUTH.NOT_A_PHYSICIAN' });
    // linking an account to a physician of another organization, or none, is refused naming the field
    const bad = await w.post('/users', {
      email: `x-${randomBytes(3).toString('hex')}@example.com`,
      name: 'X',
      password: PASSWORD,
      roles: ['physician'],
      physicianId: randomUUID(),
    });
    expect({ status: bad.status, field: bad.body.details?.[0]?.field }).toEqual({ status: 404, field: 'physicianId' });
  });

  it("a clinicId filter outside the caller's clinics is the same 404 on every route that takes one", async () => {
    const onlyA = await user(['accountant'], { clinicIds: [clinicA] });
    const filtered = [
      '/finance/labs',
      '/finance/work-orders',
      '/work-orders',
      '/patients',
      '/physicians',
      '/alerts',
      '/reports/account-book',
      '/reports/progress-payments',
    ];
    for (const path of filtered) {
      for (const [token, clinicId] of [
        [onlyA, clinicB],
        [w.admin, randomUUID()],
      ] as const) {
        const res = await w.http().get(`/api/v1${path}?clinicId=${clinicId}`).set(w.auth(token));
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 404,
          code: 'TENANT.CLINIC_NOT_FOUND',
        });
      }
      const own = await w.http().get(`/api/v1${path}?clinicId=${clinicA}`).set(w.auth(onlyA));
      expect({ path, code: own.body.code }).not.toEqual({ path, code: 'TENANT.CLINIC_NOT_FOUND' });
    }
  });

  it('an Idempotency-Key replay is answered only to a caller who may still see the record', async () => {
    const email = `both-${randomBytes(3).toString('hex')}@example.com`;
    await w.created('/users', {
      email,
      name: email,
      password: PASSWORD,
      roles: ['reception'],
      clinicIds: [clinicA, clinicB],
    });
    const both = await w.login(email, PASSWORD);
    const patient = await w.created<{ id: string }>('/patients', {
      clinicId: clinicB,
      firstName: 'Can',
      lastName: 'Er',
    });
    const key = randomUUID();
    const body = { date: '2026-11-03', amount: '40.00', paymentType: 'cash' };
    const pay = (token: string) =>
      w
        .http()
        .post(`/api/v1/patients/${patient.id}/payments`)
        .set(w.auth(token))
        .set('Idempotency-Key', key)
        .send(body);
    const first = await pay(both);
    expect(first.status).toBe(201);
    expect((await pay(both)).headers['idempotent-replay']).toBe('true');
    // the same user loses clinic B: the replay of the key must not hand the record back
    await w.stack.sql('gateway', 'update app_user set clinic_ids = ? where email = ?', [`{${clinicA}}`, email]);
    const onlyA = await w.login(email, PASSWORD);
    const replay = await pay(onlyA);
    expect(replay.status).toBe(404);
    expect(JSON.stringify(replay.body)).not.toContain(first.body.id);
    // another user's same key is another request: it never sees the first one's record
    const other = await user(['reception'], { clinicIds: [clinicB] });
    const theirs = await pay(other);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
  });
});
