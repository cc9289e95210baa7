// Idempotency lives with the record: the gateway only sends the client's key on, the owning service stores it in the
// record's transaction. Real PostgreSQL and NATS; gateway, patient-accounts and payments as the built processes.
import { CallerContext, HEADERS, PatientPaymentSubjects, PatientPaymentView } from '@dental/contracts';
import { BusNaming, callerToHeaders } from '@dental/messaging';
import { eventually, testNats } from '@dental/testing';
import { createInbox } from 'nats';
import { createHash, randomUUID } from 'node:crypto';
import { Clinic, expectError, PatientAccountWorld } from './support/patient-account-world';

jest.setTimeout(120_000);

/** The body as the gateway hashes it (its idempotency interceptor): keys sorted at every level. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function claims(token: string): { sub: string; org: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('Idempotency-Key kept by the owning service (e2e: gateway + patient-accounts + payments)', () => {
  const w = new PatientAccountWorld({ notifications: false });
  let clinic: Clinic;

  beforeAll(async () => {
    await w.start();
    clinic = await w.clinic('2.50');
  });

  afterAll(() => w.stop());

  const post = (patientId: string, key: string, body: object, token = w.admin) =>
    w.http().post(`/api/v1/patients/${patientId}/payments`).set(w.auth(token)).set('Idempotency-Key', key).send(body);

  const storedFor = (patientId: string) =>
    w.sql<{ id: string; receipt_seq: string }>(
      'payments',
      'select id, receipt_seq::text from patient_payment where patient_id = ? and deleted_at is null',
      [patientId],
    );

  it('a reply lost after the commit: the retry through the gateway gets the stored record, never a second one', async () => {
    const patient = await w.patient(clinic);
    const body = { date: '2026-11-03', amount: '80.00', paymentType: 'card' };
    const key = randomUUID();
    // The request as the gateway sends it, whose answer nobody waits for: what a crash or a timeout leaves behind.
    const { sub, org } = claims(w.admin);
    const caller: CallerContext = {
      organizationId: org,
      clinicIds: '*',
      userId: sub,
      roles: ['admin'],
      correlationId: randomUUID(),
    };
    const hash = createHash('sha256')
      .update(`POST /api/v1/patients/${patient.id}/payments\n${canonicalJson(body)}`)
      .digest('hex');
    const nc = await testNats();
    const naming = new BusNaming(w.world.busPrefix);
    nc.publish(
      naming.rpc(PatientPaymentSubjects.record),
      Buffer.from(JSON.stringify({ ...body, patientId: patient.id })),
      {
        reply: createInbox(),
        headers: callerToHeaders(caller, { [HEADERS.idempotencyKey]: key, [HEADERS.idempotencyHash]: hash }),
      },
    );
    await nc.flush();
    await nc.close();
    const [first] = await eventually(async () => {
      const rows = await storedFor(patient.id);
      expect(rows).toHaveLength(1);
      return rows;
    });

    const retry = await post(patient.id, key, body);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replay']).toBe('true');
    expect((retry.body as PatientPaymentView).id).toBe(first.id);
    expect(await storedFor(patient.id)).toHaveLength(1);
  });

  it('ten retries at once with one key: all answer the same record, one is stored, one receipt number is used', async () => {
    const patient = await w.patient(clinic);
    const key = randomUUID();
    const body = { date: '2026-11-03', amount: '10.00', paymentType: 'cash' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(patient.id, key, body)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(answers.filter((r) => r.headers['idempotent-replay'] === 'true')).toHaveLength(9);
    const stored = await storedFor(patient.id);
    expect(stored).toHaveLength(1);
    const next = await w.paid(patient.id, { date: '2026-11-03', amount: '1.00', paymentType: 'cash' });
    expect(Number(next.receiptNumber)).toBe(Number(stored[0].receipt_seq) + 1);
  });

  it('the same key with another body or on another patient is a 409 and stores nothing', async () => {
    const patient = await w.patient(clinic);
    const other = await w.patient(clinic, 'Ali', 'Veli');
    const key = randomUUID();
    const body = { date: '2026-11-03', amount: '20.00', paymentType: 'cash' };
    expect((await post(patient.id, key, body)).status).toBe(201);
    expectError(await post(patient.id, key, { ...body, amount: '21.00' }), 409, 'IDEMPOTENCY.KEY_REUSED');
    expectError(await post(other.id, key, body), 409, 'IDEMPOTENCY.KEY_REUSED');
    expect(await storedFor(patient.id)).toHaveLength(1);
    expect(await storedFor(other.id)).toHaveLength(0);
  });

  it("a key is the caller's own: another user's same key is another request, and never answers the first one's record", async () => {
    const patient = await w.patient(clinic);
    const key = randomUUID();
    const body = { date: '2026-11-03', amount: '30.00', paymentType: 'cash' };
    const accountant = await w.createUser(['accountant']);
    const mine = await post(patient.id, key, body);
    const theirs = await post(patient.id, key, body, accountant);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers['idempotent-replay']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a failed request keeps no key: after a 4xx the same key may carry the corrected request', async () => {
    const patient = await w.patient(clinic);
    const key = randomUUID();
    const refused = await post(patient.id, key, { date: '2026-11-03', amount: '1.234', paymentType: 'cash' });
    expect(refused.status).toBe(400);
    const ok = await post(patient.id, key, { date: '2026-11-03', amount: '1.23', paymentType: 'cash' });
    expect(ok.status).toBe(201);
    expect(await storedFor(patient.id)).toHaveLength(1);
  });

  it('edits and deletes of money replay too: a retried DELETE answers the deleted record, not a 404', async () => {
    const patient = await w.patient(clinic);
    const payment = await w.paid(patient.id, { date: '2026-11-03', amount: '50.00', paymentType: 'cash' });
    const path = `/api/v1/patients/${patient.id}/payments/${payment.id}`;
    const patchKey = randomUUID();
    const patch = () =>
      w
        .http()
        .patch(path)
        .set(w.auth(w.admin))
        .set('Idempotency-Key', patchKey)
        .send({ amount: '55.00', reason: 'entry_error' });
    const p1 = await patch();
    const p2 = await patch();
    expect([p1.status, p2.status]).toEqual([200, 200]);
    expect(p2.body).toEqual(p1.body);
    expect(p2.headers['idempotent-replay']).toBe('true');

    const deleteKey = randomUUID();
    const del = () =>
      w.http().delete(`${path}?reason=duplicate`).set(w.auth(w.admin)).set('Idempotency-Key', deleteKey);
    const d1 = await del();
    const d2 = await del();
    expect([d1.status, d2.status]).toEqual([200, 200]);
    expect(d2.body).toEqual(d1.body);
    expect(d1.body.deleted).toBe(true);
    const [{ revision }] = await w.sql<{ revision: number }>(
      'payments',
      'select revision from patient_payment where id = ?',
      [payment.id],
    );
    expect(Number(revision)).toBe(3); // recorded, edited once, deleted once
  });

  it('refuses a key that is too long or not printable ASCII, naming the header', async () => {
    const patient = await w.patient(clinic);
    const body = { date: '2026-11-03', amount: '5.00', paymentType: 'cash' };
    expectError(await post(patient.id, 'k'.repeat(201), body), 400, 'IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key');
    expectError(await post(patient.id, 'has space', body), 400, 'IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key');
    expect(await storedFor(patient.id)).toHaveLength(0);
  });
});
