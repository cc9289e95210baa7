// DOMAIN.md E "Corrections carry a reason" and the history of a record, through the gateway against real PostgreSQL
// and NATS (gateway, patient-accounts and payments as the built processes): a correction without its reason is a 400 that
// changes nothing; with one, the history lists who, when, why and each field's before → after.
import { HistoryEntryView } from '@dental/contracts';
import { eventually } from '@dental/testing';
import { randomUUID } from 'node:crypto';
import { Clinic, expectError, PatientAccountWorld } from './support/patient-account-world';

jest.setTimeout(120_000);

describe('corrections with a reason, and the history of a record (e2e)', () => {
  const w = new PatientAccountWorld({ notifications: false });
  let clinic: Clinic;
  let reception: string;
  let labManager: string;
  let otherOrg: string;

  beforeAll(async () => {
    await w.start();
    clinic = await w.clinic('2.50');
    reception = await w.createUser(['reception']);
    labManager = await w.createUser(['lab-manager']);
    otherOrg = await w.otherOrganization();
  });
  afterAll(() => w.stop());

  const api = (path: string) => `/api/v1${path}`;
  const history = async (subject: string, id: string, token = w.admin) => {
    const res = await w
      .http()
      .get(api(`/history/${subject}/${id}`))
      .set(w.auth(token));
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.anything() });
    return res.body.items as HistoryEntryView[];
  };
  /** What the services keep of a patient's records, to prove a refused correction changed nothing. */
  const stored = async (patientId: string) => ({
    payments: await w.sql(
      'payments',
      'select id, revision, amount_minor, deleted_at from patient_payment where patient_id = ? order by id',
      [patientId],
    ),
    paymentAudit: await w.sql(
      'payments',
      "select count(*)::int as n from audit_entry where entity = 'patient_payment'",
    ),
    treatments: await w.sql(
      'accounts',
      'select id, revision, amount_minor, deleted_at, invoice_id from treatment where patient_id = ? order by id',
      [patientId],
    ),
    invoices: await w.sql('accounts', 'select id, cancelled_at from invoice where patient_id = ? order by id', [
      patientId,
    ]),
    closures: await w.sql('accounts', 'select id from account_closure where patient_id = ?', [patientId]),
  });

  it('refuses every correction without a reason (400 naming reason) and stores nothing; "other" needs a memo', async () => {
    const patient = await w.patient(clinic);
    const t = await w.treatment(patient.id, { amount: '100.00' });
    const invoiced = await w.treatment(patient.id, { amount: '50.00' });
    const invoice = await w.created<{ id: string }>(`/patients/${patient.id}/invoices`, {
      treatmentIds: [invoiced.id],
    });
    const payment = await w.paid(patient.id, { date: '2026-11-03', amount: '40.00', paymentType: 'cash' });
    const before = await stored(patient.id);
    const p = `/patients/${patient.id}`;
    const refused = [
      w
        .http()
        .patch(api(`${p}/payments/${payment.id}`))
        .set(w.auth(w.admin))
        .send({ amount: '45.00' }),
      w
        .http()
        .delete(api(`${p}/payments/${payment.id}`))
        .set(w.auth(w.admin)),
      w
        .http()
        .patch(api(`${p}/treatments/${t.id}`))
        .set(w.auth(w.admin))
        .send({ amount: '120.00' }),
      w
        .http()
        .delete(api(`${p}/treatments/${t.id}`))
        .set(w.auth(w.admin)),
      w
        .http()
        .delete(api(`${p}/invoices/${invoice.id}`))
        .set(w.auth(w.admin)),
      w
        .http()
        .post(api(`${p}/account-closures`))
        .set(w.auth(w.admin))
        .send({ mode: 'now' }),
      w
        .http()
        .patch(api(`${p}/treatments/${t.id}`))
        .set(w.auth(w.admin))
        .send({ amount: '120.00', reason: 'typo' }),
    ];
    for (const res of await Promise.all(refused)) expectError(res, 400, 'REQUEST.VALIDATION', 'reason');
    const noMemo = await w
      .http()
      .delete(api(`${p}/payments/${payment.id}?reason=other`))
      .set(w.auth(w.admin));
    expectError(noMemo, 400, 'REQUEST.VALIDATION', 'memo');
    const blankMemo = await w
      .http()
      .patch(api(`${p}/treatments/${t.id}`))
      .set(w.auth(w.admin))
      .send({ amount: '120.00', reason: 'other', memo: '' });
    expectError(blankMemo, 400, 'REQUEST.VALIDATION', 'memo');
    // an undo without a reason is refused before anything is looked up
    expectError(
      await w
        .http()
        .delete(api(`${p}/account-closures/latest`))
        .set(w.auth(w.admin)),
      400,
      'REQUEST.VALIDATION',
      'reason',
    );
    expect(await stored(patient.id)).toEqual(before);
  });

  it('a received-money record: edited and deleted with reasons, its history lists every version with the fields changed', async () => {
    const patient = await w.patient(clinic);
    const payment = await w.paid(patient.id, { date: '2026-11-03', amount: '100.00', paymentType: 'cash' }, reception);
    const edited = await w.patchPayment(patient.id, payment.id, {
      amount: '120.00',
      note: 'typed wrong',
      reason: 'entry_error',
    });
    expect(edited.status).toBe(200);
    const deleted = await w
      .http()
      .delete(
        api(
          `/patients/${patient.id}/payments/${payment.id}?reason=other&memo=${encodeURIComponent('paid twice, see receipt 7')}`,
        ),
      )
      .set(w.auth(w.admin));
    expect(deleted.status).toBe(200);

    // the deleted record no longer counts, but stays listed when asked for (the history view strikes it through)
    const listed = async (query: string) =>
      (
        await w
          .http()
          .get(api(`/patients/${patient.id}/payments${query}`))
          .set(w.auth(w.admin))
      ).body.items as {
        id: string;
        deleted: boolean;
      }[];
    expect(await listed('')).toEqual([]);
    expect((await listed('?includeDeleted=true')).map((p) => [p.id, p.deleted])).toEqual([[payment.id, true]]);

    const items = await history('patient-payment', payment.id);
    expect(items.map((i) => [i.version, i.action, i.reason, i.memo])).toEqual([
      [1, 'created', null, null],
      [2, 'updated', 'entry_error', null],
      [3, 'deleted', 'other', 'paid twice, see receipt 7'],
    ]);
    expect(items[0].userId).not.toBe(items[1].userId); // reception recorded it, the admin corrected it
    for (const i of items) expect(i.userName).not.toMatch(/former|automatic/);
    expect(items[0].userName).not.toBe(items[1].userName);
    expect(items[1].changes).toEqual(
      expect.arrayContaining([
        { field: 'amount', before: '100.00', after: '120.00' },
        { field: 'enteredAmount', before: '100.00', after: '120.00' },
        { field: 'note', before: null, after: 'typed wrong' },
      ]),
    );
    expect(items[1].changes.map((c) => c.field)).not.toContain('date');
    expect(items[1].changes.map((c) => c.field)).not.toContain('revision');
    expect(items[2].changes).toEqual(expect.arrayContaining([{ field: 'amount', before: '120.00', after: null }]));
    expect(new Date(items[0].at).getTime()).toBeLessThanOrEqual(new Date(items[2].at).getTime());
    // the events carry the reason too (read from payments' outbox, where they are written with the change)
    const events = await w.sql<{ type: string; correction: unknown }>(
      'payments',
      "select type, envelope->'payload'->'correction' as correction from outbox_event where envelope->'payload'->>'id' = ? order by type",
      [payment.id],
    );
    expect(events).toEqual([
      { type: 'payments.patient-payment.deleted', correction: { reason: 'other', memo: 'paid twice, see receipt 7' } },
      { type: 'payments.patient-payment.recorded', correction: null },
      { type: 'payments.patient-payment.updated', correction: { reason: 'entry_error', memo: null } },
    ]);
  });

  it('a treatment and its Bank Cost: the automatic treatment is attributed to the user whose payment caused it', async () => {
    const patient = await w.patient(clinic);
    const t = await w.treatment(patient.id, { amount: '100.00' });
    const edit = await w
      .http()
      .patch(api(`/patients/${patient.id}/treatments/${t.id}`))
      .set(w.auth(w.admin))
      .send({ amount: '120.00', reason: 'price_change' });
    expect(edit.status).toBe(200);
    const items = await history('treatment', t.id);
    expect(items.map((i) => [i.action, i.reason])).toEqual([
      ['created', null],
      ['updated', 'price_change'],
    ]);
    expect(items[1].changes).toEqual([{ field: 'amount', before: '100.00', after: '120.00' }]);

    const card = await w.paid(patient.id, { date: '2026-11-04', amount: '1000.00', paymentType: 'card' }, reception);
    const bankCost = await eventually(async () => {
      const found = (await w.account(patient.id)).treatments.find((x) => x.procedure === 'Bank Cost');
      expect(found).toBeDefined();
      return found!;
    });
    const [created] = await history('treatment', bankCost.id);
    const [recorded] = await history('patient-payment', card.id);
    expect(created.userId).toBe(recorded.userId);
    expect(created).toEqual(
      expect.objectContaining({
        action: 'created',
        changes: expect.arrayContaining([{ field: 'amount', before: null, after: '25.00' }]),
      }),
    );
    expect(created.userName).not.toMatch(/automatic|former/);
  });

  it('an invoice cancelled and a closure undone keep their history with reasons; other organizations and the lab desk see none', async () => {
    const patient = await w.patient(clinic);
    const t = await w.treatment(patient.id, { amount: '80.00', date: '2026-10-01' });
    const invoice = await w.created<{ id: string; number: string }>(`/patients/${patient.id}/invoices`, {
      treatmentIds: [t.id],
    });
    const cancel = await w
      .http()
      .delete(api(`/patients/${patient.id}/invoices/${invoice.id}?reason=patient_request`))
      .set(w.auth(w.admin));
    expect(cancel.status).toBe(200);
    expect((await history('invoice', invoice.id)).map((i) => [i.action, i.reason])).toEqual([
      ['created', null],
      ['cancelled', 'patient_request'],
    ]);
    // the treatment's own history shows it was freed by the cancellation, with the same reason
    expect((await history('treatment', t.id)).map((i) => [i.action, i.reason])).toEqual([
      ['created', null],
      ['invoiced', null],
      ['uninvoiced', 'patient_request'],
    ]);

    const closure = await w.closed(patient.id, {
      mode: 'past',
      date: '2026-10-31',
      reason: 'goodwill',
      memo: 'long-time patient',
    });
    const undo = await w
      .http()
      .delete(api(`/patients/${patient.id}/account-closures/latest?reason=entry_error`))
      .set(w.auth(w.admin));
    expect(undo.status).toBe(200);
    const closureHistory = await history('closure', closure.id);
    expect(closureHistory.map((i) => [i.action, i.reason, i.memo])).toEqual([
      ['created', 'goodwill', 'long-time patient'],
      ['undone', 'entry_error', null],
    ]);
    expect(closureHistory[0].changes).toEqual(
      expect.arrayContaining([{ field: 'writtenOffAmount', before: null, after: '80.00' }]),
    );

    for (const [subject, id] of [
      ['invoice', invoice.id],
      ['closure', closure.id],
      ['treatment', t.id],
      ['patient-payment', randomUUID()],
    ] as const) {
      const res = await w
        .http()
        .get(api(`/history/${subject}/${id}`))
        .set(w.auth(otherOrg));
      expectError(res, 404, 'HISTORY.RECORD_NOT_FOUND');
    }
    expectError(
      await w
        .http()
        .get(api(`/history/treatment/${t.id}`))
        .set(w.auth(labManager)),
      403,
      'AUTH.FORBIDDEN',
    );
    expectError(
      await w
        .http()
        .get(api(`/history/lab/${t.id}`))
        .set(w.auth(w.admin)),
      400,
      'REQUEST.VALIDATION',
      'subject',
    );
    expectError(
      await w.http().get(api('/history/treatment/nope')).set(w.auth(w.admin)),
      400,
      'REQUEST.VALIDATION',
      'id',
    );
  });
});
