import type {
  ClinicView,
  InstallmentDto,
  LabListView,
  LabView,
  PatientView,
  PaymentMethod,
  WorkOrderListView,
  WorkOrderPaymentView,
  WorkOrderView,
} from '@dental/contracts';
import { DateTime } from 'luxon';
import type { DemoCall } from './demo-patients';

interface OrderSpec {
  clinic: ClinicView;
  lab: LabView;
  description: string;
  patient?: PatientView;
  documentedDaysAgo: number;
  totalAmount: string;
  paymentMethod: PaymentMethod;
  /** one payment due this many days from today (negative: in the past) … */
  dueInDays?: number;
  /** … or installments, each due this many days from today */
  installments?: { dueInDays: number; amount: string }[];
  payments: { daysAgo: number; amount: string; note: string; reference?: string }[];
  cancelled?: boolean;
}

/**
 * DOMAIN.md part A in the demo, all through the gateway. Main Clinic holds exactly the worked example (Smile Lab:
 * 1000.00 paid 400.00 and 250.00 paid 250.00; Bright Lab: 600.00 unpaid), so `GET /finance/labs?clinicId=<main>`
 * reads 3 orders, 650.00 paid, 1850.00 total, 1200.00 outstanding; a cancelled Smile Lab order stays out of those
 * figures unless `includeCancelled=true`. Uptown Dental holds the rest: 3 installments with one overdue, and an
 * overpayment the lab refunded (a negative payment). Labs are found by name, orders by lab and description, payments
 * by note, so a second load adds nothing.
 */
export async function loadDemoLabs(
  call: DemoCall,
  main: ClinicView,
  uptown: ClinicView | undefined,
  patient?: PatientView,
) {
  const labs = await ensureLabs(call, [
    { name: 'Smile Lab', email: 'orders@smile-lab.example', phone: '+90 212 000 10 10' },
    { name: 'Bright Lab', email: 'hello@bright-lab.example' },
    { name: 'Anadolu Dental Lab', phone: '+90 216 000 20 20' },
  ]);
  const [smile, bright, anadolu] = labs;
  const other = uptown ?? main;

  // Created in this order, so a fresh organization numbers them WO-000001..3 like the worked example.
  const example = [
    await ensureOrder(call, {
      clinic: main,
      lab: smile,
      description: 'Zirconia crown 36',
      patient,
      documentedDaysAgo: 20,
      totalAmount: '1000.00',
      paymentMethod: 'bank_transfer',
      dueInDays: 10,
      payments: [{ daysAgo: 18, amount: '400.00', note: 'Advance on the crown', reference: 'TR-2041' }],
    }),
    await ensureOrder(call, {
      clinic: main,
      lab: smile,
      description: 'Night guard',
      documentedDaysAgo: 15,
      totalAmount: '250.00',
      paymentMethod: 'cash',
      dueInDays: -5,
      payments: [{ daysAgo: 6, amount: '250.00', note: 'Paid in full on delivery' }],
    }),
    await ensureOrder(call, {
      clinic: main,
      lab: bright,
      description: 'Implant abutment and crown 46',
      documentedDaysAgo: 8,
      totalAmount: '600.00',
      paymentMethod: 'card',
      dueInDays: 22,
      payments: [],
    }),
  ];
  const cancelled = await ensureOrder(call, {
    clinic: main,
    lab: smile,
    description: 'Temporary bridge 11-13 (not needed after all)',
    documentedDaysAgo: 12,
    totalAmount: '300.00',
    paymentMethod: 'other',
    dueInDays: 18,
    payments: [],
    cancelled: true,
  });

  // 900.00 in three: the first covered, the second due 10 days ago and not covered (overdue), the third to come.
  const installments = await ensureOrder(call, {
    clinic: other,
    lab: anadolu,
    description: 'Full dentures, upper and lower',
    documentedDaysAgo: 45,
    totalAmount: '900.00',
    paymentMethod: 'bank_transfer',
    installments: [
      { dueInDays: -40, amount: '300.00' },
      { dueInDays: -10, amount: '300.00' },
      { dueInDays: 20, amount: '300.00' },
    ],
    payments: [{ daysAgo: 40, amount: '300.00', note: 'First installment', reference: 'EFT-7781' }],
  });
  // Paid 550.00 against 500.00; the lab sent 50.00 back: paid 500.00 in the end.
  const refunded = await ensureOrder(call, {
    clinic: other,
    lab: anadolu,
    description: 'Porcelain veneers 11, 21',
    documentedDaysAgo: 30,
    totalAmount: '500.00',
    paymentMethod: 'bank_transfer',
    dueInDays: -20,
    payments: [
      { daysAgo: 25, amount: '550.00', note: 'Transfer of 550.00 instead of 500.00', reference: 'EFT-7802' },
      { daysAgo: 21, amount: '-50.00', note: 'Refund from the lab: overpayment returned', reference: 'EFT-7810' },
    ],
  });

  return { labs, example, cancelled, installments, refunded, other };
}

async function ensureLabs(call: DemoCall, wanted: { name: string; email?: string; phone?: string }[]) {
  const existing = (await call<LabListView>('GET', '/labs')).items;
  const result: LabView[] = [];
  for (const w of wanted) {
    result.push(existing.find((l) => l.name === w.name) ?? (await call<LabView>('POST', '/labs', w)));
  }
  return result;
}

/** The lab's order with that description in that clinic, created with its plan, payments and status when missing. */
async function ensureOrder(call: DemoCall, o: OrderSpec): Promise<WorkOrderView> {
  const today = DateTime.now()
    .setZone(o.clinic.timeZone || 'UTC')
    .startOf('day');
  const day = (offset: number) => today.plus({ days: offset }).toISODate() as string;
  const orders = (
    await call<WorkOrderListView>('GET', `/work-orders?labId=${o.lab.id}&clinicId=${o.clinic.id}&pageSize=100`)
  ).items;
  let order = orders.find((x) => x.description === o.description);
  if (!order) {
    const installments: InstallmentDto[] | undefined = o.installments?.map((i) => ({
      dueDate: day(i.dueInDays),
      amount: i.amount,
    }));
    order = await call<WorkOrderView>('POST', '/work-orders', {
      clinicId: o.clinic.id,
      labId: o.lab.id,
      patientId: o.patient?.id,
      description: o.description,
      documentedDate: day(-o.documentedDaysAgo),
      paymentPlan: {
        totalAmount: o.totalAmount,
        paymentMethod: o.paymentMethod,
        ...(installments ? { installments } : { dueDate: day(o.dueInDays ?? 0) }),
      },
    });
    // cancelled with its creation only: an order re-opened by hand is not cancelled again by a second load
    if (o.cancelled) order = await call<WorkOrderView>('PATCH', `/work-orders/${order.id}`, { status: 'cancelled' });
  }
  const paid = (await call<{ items: WorkOrderPaymentView[] }>('GET', `/work-orders/${order.id}/payments`)).items;
  for (const p of o.payments.filter((x) => !paid.some((q) => q.note === x.note))) {
    await call<WorkOrderPaymentView>('POST', `/work-orders/${order.id}/payments`, {
      date: day(-p.daysAgo),
      amount: p.amount,
      method: o.paymentMethod,
      reference: p.reference,
      note: p.note,
    });
  }
  return order;
}
