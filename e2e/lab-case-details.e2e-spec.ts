// A lab case's details page, composed by the gateway from work-orders (the plan, the audit of the order) and payments
// (the money paid to the lab, its audit): moved here from work-orders' integration tests, which now start work-orders
// alone. The six built services as processes, driven through the gateway's HTTP API only.
import { aLabPayment, aWorkOrder, eventually, GatewayClient, TestWorld } from '@dental/testing';
import { randomBytes } from 'node:crypto';
import { ensureBuilt, startWholeStack, WholeStack } from '@dental/testing';

jest.setTimeout(120_000);

type Body = Record<string, unknown>;

describe('the details page of a lab case (e2e: gateway, work-orders and payments)', () => {
  const world = new TestWorld();
  let whole: WholeStack | undefined;
  let admin: GatewayClient;
  let labManager: GatewayClient;
  let reception: GatewayClient;
  let clinicId: string;
  let labId: string;

  async function user(roles: string[]): Promise<GatewayClient> {
    const credentials = {
      email: `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.com`,
      password: 'user-password-1',
    };
    const res = await admin.post('/users', { ...credentials, name: credentials.email, roles });
    expect(res.status).toBe(201);
    return GatewayClient.login(whole!.gatewayUrl, credentials);
  }

  beforeAll(async () => {
    await ensureBuilt();
    whole = await startWholeStack(world);
    admin = await GatewayClient.login(whole.gatewayUrl, whole.admin);
    // the first clinic is created once payments answers
    clinicId = await eventually(async () => {
      const res = await admin.get('/clinics');
      expect((res.body as { items: Body[] }).items).toHaveLength(1);
      return (res.body as { items: { id: string }[] }).items[0].id;
    });
    labManager = await user(['lab-manager']);
    reception = await user(['reception']);
    const lab = await labManager.post('/labs', { name: 'Smile Lab' });
    expect(lab.status).toBe(201);
    labId = (lab.body as { id: string }).id;
  }, 240_000);

  afterAll(async () => {
    try {
      await whole?.stop();
    } finally {
      await world.cleanup();
    }
  });

  it('plan, covered installments, payments, paid, outstanding, status, overdue and one audit trail', async () => {
    const created = await eventually(async () => {
      const res = await labManager.create(
        '/work-orders',
        aWorkOrder()
          .forClinic(clinicId)
          .atLab(labId)
          .describedAs('Implant crown 46')
          .withInstallments([
            { dueDate: '2020-01-10', amount: '500.00' },
            { dueDate: '2999-12-10', amount: '500.00' },
          ])
          .build(),
      );
      expect(res.status).toBe(201);
      return res.body as Body & { id: string; number: string; paymentPlan: unknown };
    });
    const id = created.id;
    const pay = (body: object) => labManager.create(`/work-orders/${id}/payments`, body);
    const p1 = await pay(aLabPayment('300.00').on('2026-11-02').by('cash').build());
    expect(p1.status).toBe(201);
    const p2 = await pay(aLabPayment('100.00').on('2026-11-03').by('card').withReference('R-1').build());
    expect(p2.status).toBe(201);
    const gone = await pay(aLabPayment('999.00').on('2026-11-04').by('cash').build());
    expect(gone.status).toBe(201);
    expect(
      (await labManager.delete(`/work-orders/${id}/payments/${(gone.body as Body).id}?reason=entry_error`)).status,
    ).toBe(200);
    expect((await labManager.patch(`/work-orders/${id}`, { status: 'sent' })).status).toBe(200);

    const res = await reception.get(`/work-orders/${id}`);
    expect(res.status).toBe(200);
    const details = res.body as Body & { installments: Body[]; payments: Body[]; audit: Body[] };
    expect(details).toEqual(
      expect.objectContaining({
        id,
        number: created.number,
        status: 'sent',
        revision: 2,
        paymentPlan: created.paymentPlan,
        paidAmount: '400.00',
        outstandingAmount: '600.00',
        paymentStatus: 'partially_paid',
        overdue: true,
        asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    );
    expect(details.installments).toEqual([
      {
        number: 1,
        dueDate: '2020-01-10',
        amount: '500.00',
        coveredAmount: '400.00',
        remainingAmount: '100.00',
        overdue: true,
      },
      {
        number: 2,
        dueDate: '2999-12-10',
        amount: '500.00',
        coveredAmount: '0.00',
        remainingAmount: '500.00',
        overdue: false,
      },
    ]);
    expect(details.payments.map((p) => [p.id, p.amount])).toEqual([
      [(p1.body as Body).id, '300.00'],
      [(p2.body as Body).id, '100.00'],
    ]);
    const audit = details.audit as { entity: string; action: string; at: string }[];
    expect(audit.map((a) => a.at)).toEqual([...audit.map((a) => a.at)].sort().reverse());
    expect(audit.filter((a) => a.entity === 'work-order').map((a) => a.action)).toEqual(['updated', 'created']);
    expect(audit.filter((a) => a.entity !== 'work-order').length).toBeGreaterThanOrEqual(4); // 3 recorded, 1 deleted
    expect(audit[0]).toEqual(
      expect.objectContaining({
        entity: 'work-order',
        action: 'updated',
        before: { status: 'draft' },
        after: { status: 'sent' },
      }),
    );

    // overpaid: outstanding turns negative, a credit
    expect((await pay(aLabPayment('700.00').on('2026-11-05').build())).status).toBe(201);
    const overpaid = (await reception.get(`/work-orders/${id}`)).body as Body;
    expect([overpaid.paidAmount, overpaid.outstandingAmount, overpaid.paymentStatus, overpaid.overdue]).toEqual([
      '1100.00',
      '-100.00',
      'overpaid',
      false,
    ]);
  });

  it('an unknown or malformed id is a 404 or 400', async () => {
    const unknown = await reception.get('/work-orders/6d1f0b8e-8f7c-4b7e-9a55-2b8e8f1c0a11');
    expect({ status: unknown.status, code: (unknown.body as Body).code }).toEqual({
      status: 404,
      code: 'WORK_ORDER.NOT_FOUND',
    });
    expect((await reception.get('/work-orders/WO-000001')).status).toBe(400);
  });
});
