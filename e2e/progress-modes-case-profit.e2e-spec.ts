// DOMAIN.md D "Progress payment modes" and "Case profit", across the real services through the gateway's HTTP API:
// treatments, lab cases linked to them, money received on behalf of physicians (a refund among it), a clinic's
// progress setting switched between the three modes, then the Progress Payment and Case Profit that reporting built
// from the outbox events alone (the patient ledger's treatments and received money, the lab cases' work orders and
// links), as JSON and as files read back. The steps run in order: each builds on what the ones before recorded.
import {
  CaseProfitAnswer,
  CaseProfitGrouping,
  CaseProfitLayouts,
  PatientPaymentView,
  ProgressPaymentRow,
  ProgressPaymentsAnswer,
  ReportLayouts,
} from '@dental/contracts';
import { eventually } from '@dental/testing';
// The exported files read back as a user's tools would.
import { linesInOrder, pdfCells, pdfPages, readCsv, readXlsx } from './support/report-readers';
import { Body, MoneyToReportsWorld } from './support/money-to-reports-world';

jest.setTimeout(300_000);

const EVENTS = { timeoutMs: 60_000, intervalMs: 200 }; // events cross several services on a shared machine
const JUNE = 'from=2026-06-01&to=2026-06-30';

/** A Progress Payment row's figures, in the order the file's columns read them. */
const figures = (
  collectedAmount: string,
  baseAmount: string,
  costAmount: string,
  labFeeAmount: string,
  netAmount: string,
  earnedAmount: string,
) => ({ collectedAmount, baseAmount, costAmount, labFeeAmount, netAmount, earnedAmount });

/** A case-profit figure triple. */
const money = (treatmentAmount: string, labCost: string, profit: string) => ({ treatmentAmount, labCost, profit });

describe('progress payment modes and case profit (e2e: gateway + patient-accounts + payments + work-orders + reporting)', () => {
  const w = new MoneyToReportsWorld();
  let clinicId: string;
  let drA: string; // commission 40.00 %
  let drB: string; // commission 50.00 %
  let drOther: string; // another clinic's
  let patient1: string;
  let patient2: string;
  const treatments: Record<'a1' | 'a0' | 'b1' | 'b2', string> = { a1: '', a0: '', b1: '', b2: '' };
  const orders: Record<'wo1' | 'wo2' | 'wo3' | 'wo4' | 'wo5', string> = { wo1: '', wo2: '', wo3: '', wo4: '', wo5: '' };
  let smileLab: string;
  let brightLab: string;
  let settingsRevision = 0;

  const put = (path: string, body: Body, token = w.admin) =>
    w.http().put(`/api/v1${path}`).set(w.auth(token)).send(body);

  async function settings(mode: string, costPercent: string): Promise<void> {
    const res = await put(`/clinics/${clinicId}/progress-settings`, { mode, costPercent });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: expect.objectContaining({ clinicId, mode, revision: settingsRevision + 1 }),
    });
    settingsRevision += 1;
  }

  const progress = (query = '') =>
    w.get<ProgressPaymentsAnswer>(`/reports/progress-payments?clinicId=${clinicId}&${JUNE}${query}`, w.accountant);
  const caseProfit = (query: string) =>
    w.get<CaseProfitAnswer>(`/reports/case-profit?clinicId=${clinicId}&${query}`, w.accountant);

  /** The report once reporting has the clinic's setting and every June record (1000.00 collected, lab fees). */
  const progressIn = (mode: string, costPercent: string) =>
    eventually(async () => {
      const answer = await progress();
      expect({
        mode: answer.mode,
        costPercent: answer.costPercent,
        collected: answer.totals.collectedAmount,
        labFees: answer.totals.labFeeAmount,
      }).toEqual({ mode, costPercent, collected: '1000.00', labFees: '314.29' });
      return answer;
    }, EVENTS);

  const row = (answer: ProgressPaymentsAnswer, id: string | null) =>
    answer.items.find((r: ProgressPaymentRow) => r.physicianId === id);

  beforeAll(async () => {
    await w.start();
    clinicId = (await w.created<{ id: string }>('/clinics', { name: 'Lab Case Dental', currency: 'EUR' })).id;
    const otherClinic = (await w.created<{ id: string }>('/clinics', { name: 'Other Dental', currency: 'EUR' })).id;
    // patient-accounts learns the new clinics from payments' clinic events
    drA = await eventually(
      async () =>
        (
          await w.created<{ id: string }>('/physicians', {
            clinicId,
            name: 'Dr. Ayşe Demir',
            commissionPercent: '40.00',
          })
        ).id,
      EVENTS,
    );
    drB = (
      await w.created<{ id: string }>('/physicians', { clinicId, name: 'Dr. Bora Kaya', commissionPercent: '50.00' })
    ).id;
    drOther = await eventually(
      async () => (await w.created<{ id: string }>('/physicians', { clinicId: otherClinic, name: 'Dr. Other' })).id,
      EVENTS,
    );
    patient1 = (await w.created<{ id: string }>('/patients', { clinicId, firstName: 'Elif', lastName: 'Kaya' })).id;
    patient2 = (await w.created<{ id: string }>('/patients', { clinicId, firstName: 'Ali', lastName: 'Yılmaz' })).id;
    const treated = async (patientId: string, physicianId: string, date: string, amount: string) =>
      (
        await w.created<{ id: string }>(`/patients/${patientId}/treatments`, {
          physicianId,
          procedure: 'Crown',
          date,
          amount,
        })
      ).id;
    treatments.a1 = await treated(patient1, drA, '2026-06-10', '1000.00');
    treatments.b1 = await treated(patient1, drB, '2026-06-15', '500.00');
    treatments.a0 = await treated(patient1, drA, '2026-05-20', '200.00');
    treatments.b2 = await treated(patient2, drB, '2026-06-20', '300.00');
    smileLab = (await w.created<{ id: string }>('/labs', { name: 'Smile Lab' })).id;
    brightLab = (await w.created<{ id: string }>('/labs', { name: 'Bright Lab' })).id;
    const order = (patientId: string, labId: string, documentedDate: string, totalAmount: string) =>
      eventually(
        async () =>
          (
            await w.created<{ id: string }>('/work-orders', {
              clinicId,
              labId,
              patientId,
              description: 'Zirconia crown',
              documentedDate,
              paymentPlan: { totalAmount, paymentMethod: 'bank_transfer', dueDate: '2026-07-31' },
            })
          ).id,
        EVENTS,
      );
    orders.wo1 = await order(patient1, smileLab, '2026-06-11', '150.00');
    orders.wo2 = await order(patient1, smileLab, '2026-06-16', '90.00');
    orders.wo3 = await order(patient2, brightLab, '2026-06-21', '100.00');
    orders.wo4 = await order(patient2, brightLab, '2026-06-22', '999.00'); // cancelled below: no case
    orders.wo5 = await order(patient1, smileLab, '2026-06-23', '70.00'); // never linked: no case
  }, 300_000);

  afterAll(() => w.stop());

  it('links each lab case to its treatments; a cancelled work order keeps its links but is no case', async () => {
    for (const [wo, ids] of [
      [orders.wo1, [treatments.a1]],
      [orders.wo2, [treatments.a0, treatments.b1]],
      [orders.wo3, [treatments.b2]],
      [orders.wo4, [treatments.b2]],
    ] as const) {
      const res = await put(`/work-orders/${wo}/treatments`, { treatmentIds: ids });
      expect({ status: res.status, ids: res.body.treatmentIds }).toEqual({ status: 200, ids: [...ids].sort() });
    }
    // patient 2's treatment on patient 1's case is refused (once work-orders' copy of the treatments has it: until
    // then an id that is not among patient 1's treatments is a 404), and nothing changes
    await eventually(async () => {
      const foreign = await put(`/work-orders/${orders.wo1}/treatments`, { treatmentIds: [treatments.b2] });
      expect({ status: foreign.status, code: foreign.body.code }).toEqual({
        status: 409,
        code: 'WORK_ORDER.TREATMENT_OF_OTHER_PATIENT',
      });
    }, EVENTS);
    const cancelled = await w
      .http()
      .patch(`/api/v1/work-orders/${orders.wo4}`)
      .set(w.auth(w.admin))
      .send({ status: 'cancelled' });
    expect(cancelled.status).toBe(200);
  });

  it("records money on behalf of physicians, a refund among it; another clinic's physician is refused", async () => {
    const paid = (patientId: string, body: Body) =>
      w.created<PatientPaymentView>(`/patients/${patientId}/payments`, body);
    const cash = await paid(patient1, { date: '2026-06-25', amount: '750.00', paymentType: 'cash', physicianId: drA });
    // 750.00 over A 1200 : B 500 of patient 1's treatments: 529.411…, 220.588… → the cent left goes to B
    expect({ physicianId: cash.physicianId, splits: cash.splits }).toEqual({
      physicianId: drA,
      splits: [
        { physicianId: drA, amount: '529.41' },
        { physicianId: drB, amount: '220.59' },
      ],
    });
    await paid(patient2, { date: '2026-06-26', amount: '300.00', paymentType: 'card', physicianId: drB });
    await paid(patient2, { date: '2026-06-27', amount: '50.00', paymentType: 'cash' });
    const refund = await paid(patient1, {
      date: '2026-06-28',
      amount: '100.00',
      paymentType: 'refund',
      physicianId: drA,
    });
    expect(refund.splits).toEqual([
      { physicianId: drA, amount: '-70.59' },
      { physicianId: drB, amount: '-29.41' },
    ]);
    await paid(patient1, { date: '2026-05-25', amount: '100.00', paymentType: 'cash' }); // May: not in June

    const refused = await w.post(`/patients/${patient1}/payments`, {
      date: '2026-06-25',
      amount: '10.00',
      paymentType: 'cash',
      physicianId: drOther,
    });
    expect({ status: refused.status, code: refused.body.code, details: refused.body.details }).toEqual({
      status: 404,
      code: 'PHYSICIAN.NOT_FOUND',
      details: [expect.objectContaining({ field: 'physicianId' })],
    });
    const { items } = await w.get<{ items: PatientPaymentView[] }>(`/patients/${patient1}/payments`);
    expect(items.map((p) => p.amount).sort()).toEqual(['-100.00', '100.00', '750.00']);
  });

  it('progress settings: admins only; bad input is a 400 naming the field and stores nothing', async () => {
    const accountant = await put(
      `/clinics/${clinicId}/progress-settings`,
      { mode: 'treatments', costPercent: '10' },
      w.accountant,
    );
    expect({ status: accountant.status, code: accountant.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
    for (const [body, named] of [
      [{ mode: 'monthly', costPercent: '10.00' }, ['mode']],
      [{ mode: 'treatments', costPercent: '100.5' }, ['costPercent']],
      [{ mode: 'treatments', costPercent: '-5' }, ['costPercent']],
      [{ mode: 'treatments', costPercent: '10.00001' }, ['costPercent']],
      [{ mode: 'treatments' }, ['costPercent']],
      [{ mode: 'treatments', costPercent: '10', extra: true }, ['extra']],
    ] as const) {
      const res = await put(`/clinics/${clinicId}/progress-settings`, body);
      expect({
        body,
        status: res.status,
        fields: (res.body.details as { field: string }[]).map((d) => d.field).sort(),
      }).toEqual({ body, status: 400, fields: named });
    }
    // nothing was stored: the first setting that passes is the clinic's first revision
    await settings('collections', '10.00');
  });

  it('collections (cost 10 %): the pay splits of June, less 10 % and the linked lab fees, × commission', async () => {
    const answer = await progressIn('collections', '10.00');
    expect(answer).toEqual(
      expect.objectContaining({
        clinicId,
        currency: 'EUR',
        mode: 'collections',
        costPercent: '10.00',
        items: [
          // 529.41 − 70.59 = 458.82; cost 45.882 → 45.88; lab fee 150.00 (case 1, on 06-10's treatment);
          // 458.82 − 45.88 − 150.00 = 262.94 × 40 % = 105.176 → 105.18
          {
            physicianId: drA,
            name: 'Dr. Ayşe Demir',
            ...figures('458.82', '458.82', '45.88', '150.00', '262.94', '105.18'),
            commissionPercent: '40.00',
          },
          // 220.59 + 300.00 + 50.00 − 29.41 = 541.18; cost 54.118 → 54.12; lab fees 64.29 (case 2 split 200 : 500
          // over A and B, B's part) + 100.00 (case 3); 541.18 − 54.12 − 164.29 = 322.77 × 50 % = 161.385 → 161.39
          {
            physicianId: drB,
            name: 'Dr. Bora Kaya',
            ...figures('541.18', '541.18', '54.12', '164.29', '322.77', '161.39'),
            commissionPercent: '50.00',
          },
        ],
        totals: figures('1000.00', '1000.00', '100.00', '314.29', '585.71', '266.57'),
      }),
    );
  });

  it("treatments (cost 10 %): DOMAIN.md D's example gives Dr. A exactly 300.00", async () => {
    await settings('treatments', '10');
    const answer = await progressIn('treatments', '10.00');
    // 1000.00 performed in June (the 200.00 of May is not), cost 100.00, the linked lab fee 150.00, 40 %:
    // (1000.00 − 100.00 − 150.00) × 40 % = 300.00
    expect(row(answer, drA)).toEqual({
      physicianId: drA,
      name: 'Dr. Ayşe Demir',
      ...figures('458.82', '1000.00', '100.00', '150.00', '750.00', '300.00'),
      commissionPercent: '40.00',
    });
    // 500.00 + 300.00 = 800.00, cost 80.00, lab fees 164.29: 555.71 × 50 % = 277.855 → 277.86
    expect(row(answer, drB)).toEqual(
      expect.objectContaining(figures('541.18', '800.00', '80.00', '164.29', '555.71', '277.86')),
    );
    expect(answer.items).toHaveLength(2); // no Clinic row: no treatment without a physician
    expect(answer.totals).toEqual(figures('1000.00', '1800.00', '180.00', '314.29', '1305.71', '577.86'));

    // one physician: their row and totals only
    const one = await progress(`&physicianId=${drA}`);
    expect(one.items.map((r) => r.physicianId)).toEqual([drA]);
    expect(one.totals).toEqual(figures('458.82', '1000.00', '100.00', '150.00', '750.00', '300.00'));
  });

  it('registered (no cost): money received on their behalf, the refund taken off; money of nobody is the Clinic row', async () => {
    await settings('registered', '0');
    const answer = await progressIn('registered', '0.00');
    expect(answer.items).toEqual([
      // 750.00 − 100.00 (the refund on A's behalf) = 650.00 − 150.00 lab fee = 500.00 × 40 % = 200.00
      expect.objectContaining({
        physicianId: drA,
        ...figures('458.82', '650.00', '0.00', '150.00', '500.00', '200.00'),
      }),
      // 300.00 − 164.29 = 135.71 × 50 % = 67.855 → 67.86
      expect.objectContaining({
        physicianId: drB,
        ...figures('541.18', '300.00', '0.00', '164.29', '135.71', '67.86'),
      }),
      // the 50.00 recorded on nobody's behalf; no commission: earned = net
      {
        physicianId: null,
        name: 'Clinic',
        ...figures('0.00', '50.00', '0.00', '0.00', '50.00', '50.00'),
        commissionPercent: null,
      },
    ]);
    expect(answer.totals).toEqual(figures('1000.00', '1000.00', '0.00', '314.29', '685.71', '317.86'));
  });

  it.each(['csv', 'xlsx'] as const)(
    'the Progress Payment %s file holds the JSON rows, the mode and cost in its header',
    async (format) => {
      const json = await progress();
      const titles = ReportLayouts.progressPaymentColumns('en').map((c) => c.title);
      const read = format === 'csv' ? readCsv : readXlsx;
      const file = await read(
        await w.download(`/reports/progress-payments?clinicId=${clinicId}&${JUNE}&format=${format}`),
        titles,
      );
      expect(file.header.get('Mode')).toBe('Registered');
      expect(file.header.get('Cost %')).toBe('0.00');
      expect(file.rows).toEqual(json.items.map((r) => ReportLayouts.progressPaymentCells(r)));
      expect(file.totals).toEqual(ReportLayouts.progressPaymentTotals(json.totals));
      expect(file.rows[0]).toEqual([
        'Dr. Ayşe Demir',
        '458.82',
        '650.00',
        '0.00',
        '150.00',
        '500.00',
        '40.00',
        '200.00',
      ]);
    },
  );

  it('case profit of June: per case, per physician, per lab; cancelled and unlinked work orders are no cases', async () => {
    const answer = await eventually(async () => {
      const a = await caseProfit(JUNE);
      expect(a.totals).toEqual({ caseCount: 3, ...money('2000.00', '340.00', '1660.00') });
      return a;
    }, EVENTS);
    const a = { physicianId: drA, name: 'Dr. Ayşe Demir' };
    const b = { physicianId: drB, name: 'Dr. Bora Kaya' };
    expect(answer).toEqual({
      clinicId,
      currency: 'EUR',
      from: '2026-06-01',
      to: '2026-06-30',
      items: [
        {
          workOrderId: orders.wo1,
          number: expect.stringMatching(/^WO-\d{6}$/),
          documentedDate: '2026-06-11',
          labId: smileLab,
          labName: 'Smile Lab',
          patientId: patient1,
          treatmentIds: [treatments.a1],
          ...money('1000.00', '150.00', '850.00'),
          physicians: [{ ...a, ...money('1000.00', '150.00', '850.00') }],
        },
        {
          workOrderId: orders.wo2,
          number: expect.stringMatching(/^WO-\d{6}$/),
          documentedDate: '2026-06-16',
          labId: smileLab,
          labName: 'Smile Lab',
          patientId: patient1,
          // in date order: May's 200.00 first
          treatmentIds: [treatments.a0, treatments.b1],
          ...money('700.00', '90.00', '610.00'),
          // 90.00 over 200 : 500 = 25.714… : 64.285… → the cent left to B
          physicians: [
            { ...a, ...money('200.00', '25.71', '174.29') },
            { ...b, ...money('500.00', '64.29', '435.71') },
          ],
        },
        {
          workOrderId: orders.wo3,
          number: expect.stringMatching(/^WO-\d{6}$/),
          documentedDate: '2026-06-21',
          labId: brightLab,
          labName: 'Bright Lab',
          patientId: patient2,
          treatmentIds: [treatments.b2],
          ...money('300.00', '100.00', '200.00'),
          physicians: [{ ...b, ...money('300.00', '100.00', '200.00') }],
        },
      ],
      physicians: [
        { ...a, caseCount: 2, ...money('1200.00', '175.71', '1024.29') },
        { ...b, caseCount: 2, ...money('800.00', '164.29', '635.71') },
      ],
      labs: [
        { labId: brightLab, labName: 'Bright Lab', caseCount: 1, ...money('300.00', '100.00', '200.00') },
        { labId: smileLab, labName: 'Smile Lab', caseCount: 2, ...money('1700.00', '240.00', '1460.00') },
      ],
      totals: { caseCount: 3, ...money('2000.00', '340.00', '1660.00') },
    });
  });

  it("case profit of one physician is their part of their cases; of one lab, that lab's cases; May has none", async () => {
    const b = await caseProfit(`${JUNE}&physicianId=${drB}`);
    expect(b.items.map((c) => [c.workOrderId, c.treatmentAmount, c.labCost, c.profit, c.physicians.length])).toEqual([
      [orders.wo2, '500.00', '64.29', '435.71', 1],
      [orders.wo3, '300.00', '100.00', '200.00', 1],
    ]);
    expect(b.physicians).toEqual([
      { physicianId: drB, name: 'Dr. Bora Kaya', caseCount: 2, ...money('800.00', '164.29', '635.71') },
    ]);
    expect(b.labs.map((l) => [l.labName, l.caseCount, l.profit])).toEqual([
      ['Bright Lab', 1, '200.00'],
      ['Smile Lab', 1, '435.71'],
    ]);
    expect(b.totals).toEqual({ caseCount: 2, ...money('800.00', '164.29', '635.71') });

    const bright = await caseProfit(`${JUNE}&labId=${brightLab}`);
    expect(bright.items.map((c) => c.workOrderId)).toEqual([orders.wo3]);
    expect(bright.totals).toEqual({ caseCount: 1, ...money('300.00', '100.00', '200.00') });

    const may = await caseProfit('from=2026-05-01&to=2026-05-31');
    expect({ items: may.items, physicians: may.physicians, labs: may.labs, totals: may.totals }).toEqual({
      items: [],
      physicians: [],
      labs: [],
      totals: { caseCount: 0, ...money('0.00', '0.00', '0.00') },
    });
  });

  it.each(
    (['csv', 'xlsx'] as const).flatMap((format) =>
      (['case', 'physician', 'lab'] as CaseProfitGrouping[]).map((grouping) => [format, grouping] as const),
    ),
  )('the case-profit %s file per %s reads back equal to the JSON', async (format, grouping) => {
    const json = await caseProfit(JUNE);
    const titles = CaseProfitLayouts.columns(grouping).map((c) => c.title);
    const read = format === 'csv' ? readCsv : readXlsx;
    const file = await read(
      await w.download(`/reports/case-profit?clinicId=${clinicId}&${JUNE}&format=${format}&groupBy=${grouping}`),
      titles,
    );
    expect(file.header.get('Report')).toBe('Case Profit');
    expect(file.header.get('Rows')).toBe({ case: 'per case', physician: 'per physician', lab: 'per lab' }[grouping]);
    expect(file.rows).toEqual(CaseProfitLayouts.rows(json, grouping));
    expect(file.totals).toEqual(CaseProfitLayouts.totals(json, grouping));
    if (grouping === 'case') {
      expect(file.rows[1]).toEqual([
        json.items[1].number,
        '2026-06-16',
        'Smile Lab',
        'Dr. Ayşe Demir, Dr. Bora Kaya',
        '700.00',
        '90.00',
        '610.00',
      ]);
      expect(file.totals).toEqual(['Total', '', '', '', '2000.00', '340.00', '1660.00']);
    }
  });

  it('the case-profit PDF shows the title, every case and the totals', async () => {
    const json = await caseProfit(JUNE);
    const text = (
      await pdfPages(await w.download(`/reports/case-profit?clinicId=${clinicId}&${JUNE}&format=pdf`))
    ).join('\n');
    expect(text).toContain('Case Profit');
    for (const c of json.items) expect(text).toContain(c.number);
    // the amounts as the clinic's locale (en, the default) writes them, with the sign: the JSON's through formatMoney
    const kinds = CaseProfitLayouts.columns('case');
    const printed = (r: string[]) => pdfCells(r, kinds, 'EUR', 'en');
    expect(
      linesInOrder(
        text,
        [...CaseProfitLayouts.rows(json, 'case'), CaseProfitLayouts.totals(json, 'case')].map(printed),
      ),
    ).toEqual({ ok: true });
    expect(text).toContain('€1,660.00');
  });

  it('case profit: bad queries are 400s naming the field', async () => {
    const bad = await w
      .http()
      .get(`/api/v1/reports/case-profit?clinicId=${clinicId}&from=2026-13-01&groupBy=week&labId=x`)
      .set(w.auth(w.accountant));
    expect({
      status: bad.status,
      fields: (bad.body.details as { field: string }[]).map((d) => d.field).sort(),
    }).toEqual({ status: 400, fields: ['from', 'groupBy', 'labId'] });
    const reversed = await w
      .http()
      .get(`/api/v1/reports/case-profit?clinicId=${clinicId}&from=2026-06-30&to=2026-06-01`)
      .set(w.auth(w.accountant));
    expect({ status: reversed.status, field: reversed.body.details?.[0]?.field }).toEqual({ status: 400, field: 'to' });
  });
});
