// Real records in both organizations, through the public API, so ids in paths exist for some requests: clinics, a
// lab, a work order with a payment, a physician, a family, patients with a treatment, a plan, an invoice, a payment, a
// contract and an alert, and a report subscription.
import { ID_KINDS, OrgIds } from './generate';
import type { Body, FuzzWorld } from './world';

const emptyIds = (): OrgIds => Object.fromEntries(ID_KINDS.map((k) => [k, [] as string[]])) as unknown as OrgIds;

/** The bodies the seeding sent, by path (`/api/v1/patients/<id>/treatments`): known-good bases for the fuzzer. */
export type SeededBodies = { method: string; path: string; body: Body }[];

export async function seedOrganization(
  w: FuzzWorld,
  token: string,
  existingClinic: boolean,
  bodies: SeededBodies = [],
): Promise<OrgIds> {
  const ids = emptyIds();
  const post = async <T extends Body = Body>(path: string, body: Body) => {
    const created = await w.created<T & { id: string }>(path, body, token);
    bodies.push({ method: 'post', path: `/api/v1${path}`, body });
    return created;
  };
  const clinics = await w.eventually(async () => {
    const list = await w.get<{ items: { id: string }[] }>('/clinics', token);
    if (existingClinic) expect(list.items.length).toBeGreaterThan(0);
    return list.items;
  });
  if (!clinics.length) clinics.push(await post('/clinics', { name: 'Fuzz Clinic', currency: 'EUR' }));
  ids.clinic.push(clinics[0].id, (await post('/clinics', { name: 'Second Clinic', currency: 'EUR' })).id);
  const [clinicId, secondClinicId] = ids.clinic;
  // every service learns a clinic from payments' events
  const patient = await w.eventually(() => post('/patients', { clinicId, firstName: 'Ali', lastName: 'Yılmaz' }));
  const otherClinicPatient = await w.eventually(() =>
    post('/patients', { clinicId: secondClinicId, firstName: 'Ayşe', lastName: 'Demir' }),
  );
  ids.patient.push(patient.id, otherClinicPatient.id);
  ids.family.push((await post('/families', { name: 'Yılmaz family' })).id);
  ids.physician.push((await post('/physicians', { clinicId, name: 'Dr. Fuzz', commissionPercent: '30.00' })).id);
  const treatment = await post(`/patients/${patient.id}/treatments`, {
    physicianId: ids.physician[0],
    procedure: 'Composite filling',
    date: '2026-11-02',
    amount: '600.00',
  });
  const invoiced = await post(`/patients/${patient.id}/treatments`, {
    procedure: 'Crown',
    date: '2026-11-03',
    amount: '900.00',
  });
  ids.treatment.push(treatment.id, invoiced.id);
  ids.invoice.push((await post(`/patients/${patient.id}/invoices`, { treatmentIds: [invoiced.id] })).id);
  ids.plan.push(
    (
      await post(`/patients/${patient.id}/treatment-plans`, {
        items: [{ procedure: 'Root canal 36', amount: '400.00' }],
      })
    ).id,
  );
  const payment = await w.eventually(() =>
    post(`/patients/${patient.id}/payments`, { date: '2026-11-05', amount: '100.00', paymentType: 'cash' }),
  );
  ids.patientPayment.push(payment.id);
  ids.contract.push(
    (
      await post(`/patients/${patient.id}/contracts`, {
        totalAmount: '300.00',
        downPayment: '0.00',
        installmentCount: 3,
        firstDueDate: '2026-12-01',
      })
    ).id,
  );
  ids.alert.push(
    (await post(`/patients/${patient.id}/alerts`, { date: '2026-12-01', amount: '250.00', note: 'call' })).id,
  );
  ids.lab.push((await post('/labs', { name: 'Smile Lab', email: 'lab@example.com' })).id);
  const workOrder = await w.eventually(() =>
    post('/work-orders', {
      clinicId,
      labId: ids.lab[0],
      patientId: patient.id,
      description: 'Zirconia crown 26',
      documentedDate: '2026-11-21',
      paymentPlan: { totalAmount: '1000.00', paymentMethod: 'cash', dueDate: '2026-12-21' },
    }),
  );
  ids.workOrder.push(workOrder.id);
  ids.workOrderPayment.push(
    (
      await w.eventually(() =>
        post(`/work-orders/${workOrder.id}/payments`, { date: '2026-11-22', amount: '100.00', method: 'cash' }),
      )
    ).id,
  );
  ids.subscription.push(
    (
      await w.eventually(() =>
        post('/report-subscriptions', {
          clinicId,
          report: 'finance-weekly',
          email: 'owner@clinic.example',
          format: 'csv',
        }),
      )
    ).id,
  );
  return ids;
}
