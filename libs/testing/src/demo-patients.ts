import type {
  AccountSummary,
  AlertView,
  ClinicView,
  ClosureView,
  ContractView,
  FamilyView,
  NotificationSettingsView,
  PatientPaymentType,
  PatientPaymentView,
  PatientView,
  PhysicianView,
  ReportSubscriptionView,
  TreatmentPlanView,
  TreatmentView,
} from '@dental/contracts';
import { DateTime } from 'luxon';

/** One call of the public API as the demo's admin: `/api/v1` + path, JSON body, an error names the route. */
export type DemoCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The parts of `GET /patients/:id/account?showPaid=true` the demo looks at before it creates something. */
interface AccountPage {
  patient: PatientView;
  treatments: (TreatmentView & { invoiced: boolean })[];
  receivedMoney: PatientPaymentView[];
  summary: AccountSummary;
  contracts: { id: string }[];
  alerts: AlertView[];
  closures: ClosureView[];
}

interface TreatmentSpec {
  procedure: string;
  physician?: PhysicianView;
  tooth?: string;
  daysAgo: number;
  amount: string;
}

interface PaymentSpec {
  note: string;
  daysAgo: number;
  amount: string;
  paymentType: PatientPaymentType;
  contractId?: string;
}

/** A patient's account in the demo: looks at the account page once, then creates only what is not there yet. */
class DemoAccount {
  private constructor(
    private readonly call: DemoCall,
    readonly page: AccountPage,
    private readonly day: (daysAgo: number) => string,
  ) {}

  static async open(call: DemoCall, patient: PatientView, day: (daysAgo: number) => string) {
    const page = await call<AccountPage>('GET', `/patients/${patient.id}/account?showPaid=true`);
    return new DemoAccount(call, page, day);
  }

  private get path() {
    return `/patients/${this.page.patient.id}`;
  }

  /** The treatment with that procedure (each demo procedure is used once per patient), created when missing. */
  async treatment(t: TreatmentSpec): Promise<TreatmentView> {
    const found = this.page.treatments.find((x) => x.procedure === t.procedure);
    if (found) return found;
    return this.call<TreatmentView>('POST', `${this.path}/treatments`, {
      procedure: t.procedure,
      physicianId: t.physician?.id,
      tooth: t.tooth,
      date: this.day(t.daysAgo),
      amount: t.amount,
    });
  }

  /** Received money, recognized again by its note. */
  async payment(p: PaymentSpec): Promise<void> {
    if (this.page.receivedMoney.some((x) => x.note === p.note)) return;
    await this.call<PatientPaymentView>('POST', `${this.path}/payments`, {
      date: this.day(p.daysAgo),
      amount: p.amount,
      paymentType: p.paymentType,
      note: p.note,
      contractId: p.contractId,
    });
  }

  /** One invoice over these treatments unless one of them is invoiced already. */
  async invoice(treatments: TreatmentView[]): Promise<void> {
    const invoiced = new Set(this.page.treatments.filter((t) => t.invoiced).map((t) => t.id));
    if (treatments.some((t) => invoiced.has(t.id))) return;
    await this.call('POST', `${this.path}/invoices`, { treatmentIds: treatments.map((t) => t.id) });
  }

  /** A treatment plan copied to treatments on `daysAgo`; the plan id when made now (null: copied before). */
  async planCopiedToTreatments(
    items: { procedure: string; physician: PhysicianView; tooth?: string; amount: string }[],
    daysAgo: number,
  ): Promise<string | null> {
    if (this.page.treatments.some((t) => t.copiedFromPlanning)) return null;
    const plan = await this.call<TreatmentPlanView>('POST', `${this.path}/treatment-plans`, {
      items: items.map((i) => ({
        procedure: i.procedure,
        physicianId: i.physician.id,
        tooth: i.tooth,
        amount: i.amount,
      })),
    });
    await this.call('POST', `${this.path}/treatment-plans/${plan.id}/copy-to-treatments`, { date: this.day(daysAgo) });
    return plan.id;
  }
}

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** The clinic's patient of that name, looked up with GET /patients?q= (a clinic may hold thousands; pages of 50). */
async function findByName(call: DemoCall, clinicId: string, name: { firstName: string; lastName: string }) {
  const q = encodeURIComponent(fullName(name));
  const page = await call<{ items: PatientView[] }>('GET', `/patients?clinicId=${clinicId}&q=${q}&pageSize=500`);
  return page.items.find((x) => fullName(x) === fullName(name));
}

/**
 * Issues #4 and #5 in the demo, all through the gateway: two physicians (with and without commission), the Yılmaz
 * family of three (treatments by both physicians, a plan copied to treatments, an invoice, cash, a card payment with
 * the clinic's 2.50 % bank charge, a refund, a contract with a payment marked for it, an alert due today), a patient
 * whose account was closed at a past date, and the clinic's notification e-mail and daily Account Book e-mail.
 * Dates count back from today in the clinic's time zone. Every step looks first, so a second load adds nothing.
 */
export async function loadDemoPatients(call: DemoCall, main: ClinicView, uptown: ClinicView | undefined) {
  const zone = main.timeZone || 'UTC';
  const today = DateTime.now().setZone(zone).startOf('day');
  const day = (daysAgo: number) => today.minus({ days: daysAgo }).toISODate() as string;

  const physicians = await ensurePhysicians(call, main.id, [
    { name: 'Dr. Deniz Demir', commissionPercent: '30.00' },
    { name: 'Dr. Selin Kaya' },
  ]);
  const [demir, kaya] = physicians;

  const yilmaz = [
    { firstName: 'Ahmet', lastName: 'Yılmaz', email: 'ahmet.yilmaz@mail.example', phone: '+90 532 000 11 22' },
    { firstName: 'Elif', lastName: 'Yılmaz', email: 'elif.yilmaz@mail.example' },
    { firstName: 'Can', lastName: 'Yılmaz' },
  ];
  const found: (PatientView | undefined)[] = [];
  for (const p of yilmaz) found.push(await findByName(call, main.id, p));
  const familyId =
    found.map((p) => p?.familyId).find((id) => id) ??
    (await call<FamilyView>('POST', '/families', { name: 'Yılmaz family' })).id;
  const members: PatientView[] = [];
  for (const [i, p] of yilmaz.entries()) {
    const existing = found[i];
    if (!existing) members.push(await call<PatientView>('POST', '/patients', { clinicId: main.id, ...p, familyId }));
    else if (existing.familyId !== familyId)
      members.push(await call<PatientView>('PUT', `/patients/${existing.id}/family`, { familyId }));
    else members.push(existing);
  }

  // Ahmet: both physicians, an invoice, a plan copied to treatments, cash + card, a contract, an alert due today.
  const a = await DemoAccount.open(call, members[0], day);
  const exam = await a.treatment({ procedure: 'Examination', physician: demir, daysAgo: 40, amount: '150.00' });
  const filling = await a.treatment({
    procedure: 'Composite filling',
    physician: kaya,
    tooth: '16',
    daysAgo: 35,
    amount: '600.00',
  });
  await a.invoice([exam, filling]);
  // recorded before the plan's treatments exist: its pay split covers the first two treatments only
  await a.payment({ note: 'First visit, paid in cash', daysAgo: 30, amount: '500.00', paymentType: 'cash' });
  const planId = await a.planCopiedToTreatments(
    [
      { procedure: 'Root canal treatment', physician: demir, tooth: '36', amount: '1200.00' },
      { procedure: 'Zirconia crown', physician: kaya, tooth: '36', amount: '2400.00' },
      { procedure: 'Scaling and polishing', physician: kaya, amount: '300.00' },
    ],
    14,
  );
  // 2.50 % on the clinic: stored 1025.00 and a "Bank Cost" treatment of 25.00 appears on the account
  await a.payment({ note: 'Card payment (bank charge 2.50 %)', daysAgo: 7, amount: '1000.00', paymentType: 'card' });
  let contractId = a.page.contracts[0]?.id;
  if (!contractId) {
    const contract = await call<ContractView>('POST', `/patients/${a.page.patient.id}/contracts`, {
      totalAmount: '3900.00',
      downPayment: '900.00',
      installmentCount: 6,
      firstDueDate: today.plus({ months: 1 }).toISODate(),
      ...(planId ? { planId } : {}),
    });
    contractId = contract.id;
    // made with the contract only, so an alert marked done is not made again by a second load
    await call<AlertView>('POST', `/patients/${a.page.patient.id}/alerts`, {
      date: day(0),
      amount: '500.00',
      note: 'Promised to pay the rest of the filling today',
    });
  }
  await a.payment({
    note: 'Contract: down payment and part of the first installment',
    daysAgo: 0,
    amount: '1100.00',
    paymentType: 'bank_transfer',
    contractId,
  });

  // Elif: paid in advance, part refunded, still received more (green). Can: a child's treatment, unpaid.
  const e = await DemoAccount.open(call, members[1], day);
  await e.treatment({ procedure: 'Teeth whitening', physician: kaya, daysAgo: 20, amount: '200.00' });
  await e.payment({ note: 'Paid in advance', daysAgo: 21, amount: '300.00', paymentType: 'cash' });
  await e.payment({ note: 'Refund: whitening kit not used', daysAgo: 2, amount: '50.00', paymentType: 'refund' });
  const c = await DemoAccount.open(call, members[2], day);
  await c.treatment({ procedure: 'Fissure sealant', physician: kaya, tooth: '46', daysAgo: 20, amount: '180.00' });

  // Mehmet: an old account closed 40 days ago (150.00 written off), and a newer open treatment.
  const mehmetName = { firstName: 'Mehmet', lastName: 'Öztürk' };
  const mehmet =
    (await findByName(call, main.id, mehmetName)) ??
    (await call<PatientView>('POST', '/patients', { clinicId: main.id, ...mehmetName }));
  const m = await DemoAccount.open(call, mehmet, day);
  await m.treatment({
    procedure: 'Wisdom tooth extraction',
    physician: demir,
    tooth: '48',
    daysAgo: 75,
    amount: '400.00',
  });
  await m.treatment({ procedure: 'Amalgam filling', physician: kaya, tooth: '47', daysAgo: 60, amount: '350.00' });
  await m.payment({ note: 'Cash at the front desk', daysAgo: 50, amount: '600.00', paymentType: 'cash' });
  if (m.page.closures.length === 0)
    await call<ClosureView>('POST', `/patients/${mehmet.id}/account-closures`, {
      mode: 'past',
      date: day(40),
      reason: 'patient_request',
    });
  await m.treatment({ procedure: 'Check-up', physician: demir, daysAgo: 10, amount: '100.00' });

  // The second clinic (Turkish, no bank charge set): a card payment without bank cost, receipts in Turkish.
  if (uptown) {
    const [aydin] = await ensurePhysicians(call, uptown.id, [{ name: 'Dr. Murat Aydın', commissionPercent: '40.00' }]);
    const zeynepName = { firstName: 'Zeynep', lastName: 'Arslan' };
    const zeynep =
      (await findByName(call, uptown.id, zeynepName)) ??
      (await call<PatientView>('POST', '/patients', { clinicId: uptown.id, ...zeynepName }));
    const z = await DemoAccount.open(call, zeynep, day);
    await z.treatment({ procedure: 'İmplant muayenesi', physician: aydin, daysAgo: 3, amount: '250.00' });
    await z.payment({ note: 'Kredi kartı', daysAgo: 3, amount: '250.00', paymentType: 'card' });
  }

  await ensureNotifications(call, main.id);
  return { main, ahmet: members[0], mehmet, closedThrough: day(40) };
}

async function ensurePhysicians(
  call: DemoCall,
  clinicId: string,
  wanted: { name: string; commissionPercent?: string }[],
): Promise<PhysicianView[]> {
  const existing = (await call<{ items: PhysicianView[] }>('GET', `/physicians?clinicId=${clinicId}`)).items;
  const result: PhysicianView[] = [];
  for (const w of wanted) {
    result.push(
      existing.find((p) => p.name === w.name) ?? (await call<PhysicianView>('POST', '/physicians', { clinicId, ...w })),
    );
  }
  return result;
}

/** Reminders go to the clinic's e-mail; the daily Account Book is e-mailed to the owner. */
async function ensureNotifications(call: DemoCall, clinicId: string) {
  const settings = await call<NotificationSettingsView>('GET', `/clinics/${clinicId}/notification-settings`);
  if (!settings.email)
    await call('PUT', `/clinics/${clinicId}/notification-settings`, { email: 'front-desk@main-clinic.example' });
  const subscriptions = await call<{ items: ReportSubscriptionView[] }>(
    'GET',
    `/report-subscriptions?clinicId=${clinicId}`,
  );
  if (!subscriptions.items.some((s) => s.report === 'account-book-daily'))
    await call('POST', '/report-subscriptions', {
      clinicId,
      report: 'account-book-daily',
      email: 'owner@main-clinic.example',
      format: 'pdf',
    });
}
