// Editing a patient (PATCH /patients/:id) and family membership through the gateway's public API against real
// PostgreSQL and NATS: gateway, patient-accounts and payments as the built processes. The new name is what the search
// finds, refused edits name their field and change nothing, another organization's or an invisible clinic's patient
// is 404, and each real change is one `patient-accounts.patient.updated` event that payments' copy follows.
import { PatientView } from '@dental/contracts';
import { eventually } from '@dental/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Clinic, expectError, PatientAccountWorld } from './support/patient-account-world';

jest.setTimeout(120_000);

describe('editing a patient and family membership (e2e: gateway + patient-accounts + payments)', () => {
  const w = new PatientAccountWorld({ notifications: false });
  let clinicA: Clinic;
  let clinicB: Clinic;
  let reception: string;
  let physician: string;
  let receptionOfA: string;
  let other: string;

  beforeAll(async () => {
    await w.start();
    [clinicA, clinicB] = [await w.clinic(null), await w.clinic(null)];
    reception = await w.createUser(['reception']);
    physician = await w.createUser(['physician']);
    const email = `reception-a-${randomBytes(3).toString('hex')}@example.com`;
    await w.created('/users', {
      email,
      name: email,
      password: 'user-password-1',
      roles: ['reception'],
      clinicIds: [clinicA.id],
    });
    receptionOfA = await w.login(email, 'user-password-1');
    other = await w.otherOrganization();
  });

  afterAll(() => w.stop());

  const patch = (id: string, body: Body, token = reception) =>
    w.http().patch(`/api/v1/patients/${id}`).set(w.auth(token)).send(body);

  async function edited(id: string, body: Body, token = reception): Promise<PatientView> {
    const res = await patch(id, body, token);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.objectContaining({ id }) });
    return res.body as PatientView;
  }

  /** The ids of the patients GET /patients?q= finds in a clinic. */
  async function found(clinic: Clinic, q: string): Promise<string[]> {
    const res = await w.http().get('/api/v1/patients').query({ clinicId: clinic.id, q }).set(w.auth(reception));
    expect(res.status).toBe(200);
    return (res.body.items as PatientView[]).map((p) => p.id);
  }

  /** The patient's `patient.updated` events, in the order they were written. */
  const updates = (id: string) =>
    w.sql<{ envelope: { payload: PatientView; organizationId: string; clinicId: string } }>(
      'accounts',
      `select envelope from outbox_event where type = 'patient-accounts.patient.updated'
         and envelope->'payload'->>'id' = ? order by seq`,
      [id],
    );

  it('changes name, phone and e-mail; the search finds the new name (case and accents ignored), not the old', async () => {
    const p = await w.patient(clinicA, 'Ali', 'Yılmaz');
    const view = await edited(p.id, {
      firstName: 'Şükrü',
      lastName: 'Öztürk',
      phone: '+90 555 111 22 33',
      email: 'sukru@example.com',
    });
    expect(view).toEqual({
      id: p.id,
      organizationId: w.mainClinic.organizationId,
      clinicId: clinicA.id,
      firstName: 'Şükrü',
      lastName: 'Öztürk',
      phone: '+90 555 111 22 33',
      email: 'sukru@example.com',
      familyId: null,
      currency: 'EUR',
    });
    const read = await w.http().get(`/api/v1/patients/${p.id}`).set(w.auth(physician));
    expect(read.body).toEqual(view);

    expect(await found(clinicA, 'sukru ozturk')).toEqual([p.id]);
    expect(await found(clinicA, 'ÖZTÜRK')).toEqual([p.id]);
    expect(await found(clinicA, '5551112233')).toEqual([p.id]);
    expect(await found(clinicA, 'sukru@example')).toEqual([p.id]);
    expect(await found(clinicA, 'yilmaz')).not.toContain(p.id);

    // one event with the patient as it is now, for the organization and clinic of the patient
    const events = await updates(p.id);
    expect(events).toHaveLength(1);
    expect(events[0].envelope).toEqual(
      expect.objectContaining({ organizationId: view.organizationId, clinicId: clinicA.id, payload: view }),
    );
    // payments' copy of the patient follows the event
    await eventually(async () => {
      expect(
        await w.sql('payments', 'select first_name, last_name, phone, email from known_patient where id = ?', [p.id]),
      ).toEqual([{ first_name: 'Şükrü', last_name: 'Öztürk', phone: '+90 555 111 22 33', email: 'sukru@example.com' }]);
    });
  });

  it('changes only what is sent; null (or a blank phone) clears the contact fields', async () => {
    const p = await w.patient(clinicA, 'Elif', 'Kaya');
    await edited(p.id, { phone: '0212 555 01 01', email: 'elif@example.com' });
    expect(await edited(p.id, { lastName: 'Demir' })).toEqual(
      expect.objectContaining({
        firstName: 'Elif',
        lastName: 'Demir',
        phone: '0212 555 01 01',
        email: 'elif@example.com',
      }),
    );
    expect(await edited(p.id, { phone: null, email: null })).toEqual(
      expect.objectContaining({ firstName: 'Elif', lastName: 'Demir', phone: null, email: null }),
    );
    await edited(p.id, { phone: '0212 555 01 02' });
    expect((await edited(p.id, { phone: '   ' })).phone).toBeNull();
    expect(await found(clinicA, '02125550101')).not.toContain(p.id);
    expect(await found(clinicA, 'elif demir')).toEqual([p.id]);
    // names are stored trimmed
    expect((await edited(p.id, { firstName: '  Elif Su  ' })).firstName).toBe('Elif Su');
    expect((await updates(p.id)).map((e) => e.envelope.payload.firstName)).toEqual([
      'Elif',
      'Elif',
      'Elif',
      'Elif',
      'Elif',
      'Elif Su',
    ]);
  });

  it('nothing different: answered as it is, no event', async () => {
    const p = await w.patient(clinicA, 'Can', 'Aydın');
    await edited(p.id, { phone: '555 000 11 22' });
    expect(await updates(p.id)).toHaveLength(1);
    const same = await edited(p.id, { firstName: 'Can', lastName: ' Aydın ', phone: '555 000 11 22' });
    expect(same).toEqual(expect.objectContaining({ firstName: 'Can', lastName: 'Aydın', phone: '555 000 11 22' }));
    await edited(p.id, {});
    await edited(p.id, { email: null });
    expect(await updates(p.id)).toHaveLength(1);
  });

  it('refuses a name cleared or a malformed field with a 400 naming it, and changes nothing', async () => {
    const p = await w.patient(clinicA, 'Deniz', 'Şahin');
    const before = (await w.http().get(`/api/v1/patients/${p.id}`).set(w.auth(reception))).body;
    const refusals: [Body, string][] = [
      [{ firstName: null }, 'firstName'],
      [{ lastName: null }, 'lastName'],
      [{ firstName: '' }, 'firstName'],
      [{ lastName: '   ' }, 'lastName'],
      [{ firstName: 'x'.repeat(201) }, 'firstName'],
      [{ email: 'not-an-e-mail' }, 'email'],
      [{ email: '' }, 'email'],
      [{ phone: 'x'.repeat(51) }, 'phone'],
      [{ phone: 5551112233 }, 'phone'],
      [{ clinicId: clinicB.id }, 'clinicId'],
      [{ familyId: randomUUID() }, 'familyId'],
      [{ firstName: 'Deniz\u0000' }, 'firstName'],
    ];
    for (const [body, field] of refusals) {
      const res = await patch(p.id, body);
      expectError(res, 400, 'REQUEST.VALIDATION', field);
    }
    expect((await w.http().get(`/api/v1/patients/${p.id}`).set(w.auth(reception))).body).toEqual(before);
    expect(await updates(p.id)).toHaveLength(0);
    expectError(await patch('not-a-uuid', { firstName: 'X' }), 400, undefined, 'id');
  });

  it("another organization's patient, an invisible clinic's patient and an unknown id are 404", async () => {
    const inB = await w.patient(clinicB, 'Burak', 'Çelik');
    expectError(await patch(inB.id, { firstName: 'Spy' }, other), 404, 'PATIENT.NOT_FOUND');
    expectError(await patch(inB.id, { firstName: 'Spy' }, receptionOfA), 404, 'PATIENT.NOT_FOUND');
    expectError(await patch(randomUUID(), { firstName: 'Nobody' }), 404, 'PATIENT.NOT_FOUND');
    expect((await w.http().get(`/api/v1/patients/${inB.id}`).set(w.auth(reception))).body.firstName).toBe('Burak');
    expect(await updates(inB.id)).toHaveLength(0);
    // the clinic's own reception may
    const inA = await w.patient(clinicA, 'Burak', 'Çelik');
    expect((await edited(inA.id, { firstName: 'Burak Can' }, receptionOfA)).firstName).toBe('Burak Can');
  });

  it('front desk only: a physician may read but not edit (403)', async () => {
    const p = await w.patient(clinicA, 'Ece', 'Arslan');
    expectError(await patch(p.id, { firstName: 'Eda' }, physician), 403, 'AUTH.FORBIDDEN');
    const accountant = await w.createUser(['accountant']);
    expect((await edited(p.id, { firstName: 'Eda' }, accountant)).firstName).toBe('Eda');
    expect((await edited(p.id, { firstName: 'Ece' }, w.admin)).firstName).toBe('Ece');
  });

  it('concurrent edits of different fields both apply, and the last event is the patient as it ends up', async () => {
    const p = await w.patient(clinicA, 'Zeynep', 'Koç');
    const edits: Body[] = [
      { firstName: 'Zeynep Nur' },
      { lastName: 'Koçak' },
      { phone: '555 123 45 67' },
      { email: 'zeynep@example.com' },
    ];
    const answers = await Promise.all(edits.map((body) => patch(p.id, body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const final = (await w.http().get(`/api/v1/patients/${p.id}`).set(w.auth(reception))).body as PatientView;
    expect(final).toEqual(
      expect.objectContaining({
        firstName: 'Zeynep Nur',
        lastName: 'Koçak',
        phone: '555 123 45 67',
        email: 'zeynep@example.com',
      }),
    );
    const events = await updates(p.id);
    expect(events).toHaveLength(4);
    expect(events[3].envelope.payload).toEqual(final);
  });

  it('family membership: two patients in a new family, the Family Account shows them by their new names; out again', async () => {
    const family = await w.created<{ id: string; name: string }>('/families', { name: 'Öztürk family' }, reception);
    const [a, b] = [await w.patient(clinicA, 'Mehmet', 'Öztürk'), await w.patient(clinicB, 'Ayşe', 'Öztürk')];
    for (const id of [a.id, b.id]) {
      const res = await w
        .http()
        .put(`/api/v1/patients/${id}/family`)
        .set(w.auth(reception))
        .send({ familyId: family.id });
      expect({ status: res.status, familyId: res.body.familyId }).toEqual({ status: 200, familyId: family.id });
    }
    // an edit keeps the family
    expect((await edited(b.id, { firstName: 'Ayşe Nur' })).familyId).toBe(family.id);
    const account = await w.http().get(`/api/v1/families/${family.id}/account`).set(w.auth(reception));
    expect(account.status).toBe(200);
    expect(account.body.family).toEqual(expect.objectContaining({ id: family.id, name: 'Öztürk family' }));
    const names = account.body.members.map(
      (m: { firstName: string; lastName: string }) => `${m.firstName} ${m.lastName}`,
    );
    expect(names.sort()).toEqual(['Ayşe Nur Öztürk', 'Mehmet Öztürk']);
    const listed = await w.http().get('/api/v1/patients').query({ familyId: family.id }).set(w.auth(reception));
    expect((listed.body.items as PatientView[]).map((p) => p.id).sort()).toEqual([a.id, b.id].sort());

    const out = await w.http().put(`/api/v1/patients/${a.id}/family`).set(w.auth(reception)).send({ familyId: null });
    expect({ status: out.status, familyId: out.body.familyId }).toEqual({ status: 200, familyId: null });
    const after = await w.http().get(`/api/v1/families/${family.id}/account`).set(w.auth(reception));
    expect(after.body.members.map((m: { patientId: string }) => m.patientId)).toEqual([b.id]);
    // another organization can neither see the family nor move our patient
    expectError(await w.http().get(`/api/v1/families/${family.id}/account`).set(w.auth(other)), 404);
    expectError(
      await w.http().put(`/api/v1/patients/${a.id}/family`).set(w.auth(other)).send({ familyId: family.id }),
      404,
      'PATIENT.NOT_FOUND',
    );
  });
});
