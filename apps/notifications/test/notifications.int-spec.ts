// Notifications (issue 5) over NATS request/reply with a caller's context, against real PostgreSQL and NATS, a real
// SMTP server (smtp-server) and a real HTTP receiver (node:http), both on loopback. Two notification replicas share
// one database and one bus and nothing else runs: its neighbours are played on the test's bus (payments' clinics and
// received money, patient-accounts' patients, treatments and contracts, work-orders' work orders, reporting's
// rendered files). The whole stack through the gateway is e2e/ (stack, finance, api-contract).

import {
  AlertView,
  CallerContext,
  ClinicView,
  DeliveryView,
  ErrorBody,
  NotificationSubjects,
  ReportRpc,
  WorkOrderEventContracts,
  WorkOrderPaymentRpc,
} from '@dental/contracts';
import {
  aCaller,
  aClinicSnapshot,
  aWorkOrderSnapshot,
  eventually,
  PatientAccountsStub,
  PaymentsStub,
  RequestOptions,
  ServiceUnderTest,
  serviceUnderTest,
  stubTreatmentTotals,
  TestBus,
  TestWorld,
} from '@dental/testing';
import { startService } from '@dental/platform';
import { DateTime } from 'luxon';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { notificationsService } from '../src/notifications.definition';

jest.setTimeout(180_000);

const SECRET = 'clinic-webhook-secret-0001';
const MAX_ATTEMPTS = 3;
const INTERVAL_MS = 100;
const N = NotificationSubjects;

interface Mail {
  to: string[];
  raw: string;
  header(name: string): string | undefined;
}
interface Hook {
  path: string;
  status: number;
  body: string;
  timestamp: string;
  signature: string;
}

describe('notifications (integration: two replicas alone, neighbours stubbed, SMTP and webhook receivers)', () => {
  const world = new TestWorld();
  let replicaA: ServiceUnderTest;
  let replicaB: ServiceUnderTest;
  let bus: TestBus;
  let payments: PaymentsStub;
  let accounts: PatientAccountsStub;
  let smtp: SMTPServer;
  let receiver: Server;
  let receiverUrl: string;
  const me: CallerContext = aCaller(randomUUID());
  const mails: Mail[] = [];
  const hooks: Hook[] = [];
  const failuresLeft: Record<string, number> = { '/flaky': 2, '/down': Number.MAX_SAFE_INTEGER };

  const todayIn = (zone: string, plusDays = 0) => DateTime.now().setZone(zone).plus({ days: plusDays }).toISODate()!;
  /** Lets both replicas run many more scheduler passes: whatever they would send twice has then been sent. */
  const severalPasses = () => new Promise((r) => setTimeout(r, INTERVAL_MS * 15));

  const notificationsDb = <T>(sql: string, params: unknown[] = []) => replicaA.db<T>(sql, params);

  /** A request as the gateway sends it, answered by whichever replica takes it. */
  const ok = <T = Record<string, unknown>>(subject: string, payload: object, options?: RequestOptions) =>
    bus.call<T>(subject, payload, { ...me, correlationId: randomUUID() }, options);
  const refusal = (subject: string, payload: object): Promise<ErrorBody> =>
    bus.refusal(subject, payload, { ...me, correlationId: randomUUID() });

  function startSmtp(): Promise<number> {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.split(/\r?\n\r?\n/)[0];
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            header: (name) => new RegExp(`^${name}: (.+)$`, 'im').exec(head)?.[1]?.trim(),
          });
          callback();
        });
      },
    });
    return new Promise((resolve) =>
      smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port)),
    );
  }

  function startReceiver(): Promise<string> {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const failing = (failuresLeft[path] ?? 0) > 0;
        if (failing) failuresLeft[path]--;
        const status = failing ? 500 : 200;
        hooks.push({
          path,
          status,
          body: Buffer.concat(chunks).toString('utf8'),
          timestamp: String(req.headers['x-timestamp']),
          signature: String(req.headers['x-signature']),
        });
        res.writeHead(status).end();
      });
    });
    return new Promise((resolve) =>
      receiver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`)),
    );
  }

  /** A clinic payments has created; notifications knows its time zone and locale once the event is consumed. */
  async function createClinic(name: string, currency: string, timeZone: string, locale: 'en' | 'tr'): Promise<string> {
    const clinic = await payments.addClinic(
      aClinicSnapshot({ organizationId: me.organizationId, name, currency, timeZone, locale }),
    );
    await eventually(async () =>
      expect(await notificationsDb('select id from clinic_profile where id = ?', [clinic.id])).toHaveLength(1),
    );
    return clinic.id;
  }

  async function setChannels(clinicId: string, settings: object): Promise<void> {
    expect(await ok(N.setSettings, { clinicId, ...settings })).toEqual(expect.objectContaining({ clinicId }));
  }

  /** A patient patient-accounts keeps (and answers get-patient for). */
  async function createPatient(clinicId: string, email?: string): Promise<string> {
    const clinic = payments.clinics.get(clinicId) as ClinicView;
    const patient = await accounts.patient({
      organizationId: me.organizationId,
      clinicId,
      currency: clinic.currency,
      firstName: 'Ali',
      lastName: `Yılmaz ${randomUUID().slice(0, 4)}`,
      email: email ?? null,
    });
    return patient.id;
  }

  async function createAlert(patientId: string, body: object): Promise<AlertView> {
    const alert = await ok<AlertView>(N.createAlert, { patientId, ...body });
    expect(alert).toEqual(expect.objectContaining({ patientId, status: 'open' }));
    return alert;
  }

  async function deliveries(query: Record<string, string>): Promise<DeliveryView[]> {
    return (await ok<{ items: DeliveryView[] }>(N.listDeliveries, { pageSize: '500', ...query })).items;
  }

  const listAlerts = (query: object) => ok<{ items: AlertView[]; total: number }>(N.listAlerts, query);

  const verifies = (h: Hook) =>
    h.signature === `sha256=${createHmac('sha256', SECRET).update(`${h.timestamp}.${h.body}`).digest('hex')}`;
  const hooksOf = (path: string, sourceKey: string, sourceId: string) =>
    hooks.filter((h) => h.path === path && (JSON.parse(h.body).data as Record<string, string>)[sourceKey] === sourceId);

  /** What reporting answers render-report with (a tiny CSV of the asked period), and what it was asked. */
  const rendered: { report: string; clinicId: string; from: string; to: string; format: string; locale?: string }[] =
    [];

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    payments = new PaymentsStub(bus);
    accounts = new PatientAccountsStub(bus).answer();
    stubTreatmentTotals(bus, accounts);
    // nothing was paid to a lab for the work orders here
    bus.stubRpc(WorkOrderPaymentRpc.list, () => ({ items: [], audit: [] }));
    bus.stubRpc(ReportRpc.renderReport, (q) => {
      rendered.push(q);
      return {
        fileName: `${q.report}-${q.from}.${q.format}`,
        contentType: 'text/csv; charset=utf-8',
        contentBase64: Buffer.from(`date,amount\n${q.from},0.00\n`).toString('base64'),
      };
    });
    const smtpPort = await startSmtp();
    receiverUrl = await startReceiver();
    const env = {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SCHEDULER_INTERVAL_MS: String(INTERVAL_MS),
      DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      DELIVERY_BACKOFF_MS: '20',
      DELIVERY_TIMEOUT_MS: '5000',
    };
    replicaA = serviceUnderTest((await startService(notificationsService, world.env('notifications', env))).app);
    replicaB = serviceUnderTest((await startService(notificationsService, world.env('notifications', env))).app);
  });

  afterAll(async () => {
    await replicaB?.close();
    await replicaA?.close();
    await new Promise((r) => smtp?.close(() => r(undefined)));
    await new Promise((r) => receiver?.close(() => r(undefined)));
    await bus?.close();
    await world.cleanup();
  });

  describe('reminders due now, with two replicas running', () => {
    let clinicId: string;
    const alerts: { alert: AlertView; patientEmail: string }[] = [];

    beforeAll(async () => {
      clinicId = await createClinic('Once Dental', 'EUR', 'Europe/Berlin', 'en');
      await setChannels(clinicId, {
        email: 'front-desk@once.test',
        webhookUrl: `${receiverUrl}/ok`,
        webhookSecret: SECRET,
      });
      // Several at once, so that both replicas find due work in the same passes.
      for (let i = 0; i < 4; i++) {
        const patientEmail = `patient-${i}@once.test`;
        const patientId = await createPatient(clinicId, patientEmail);
        const alert = await createAlert(patientId, {
          date: todayIn('Europe/Berlin'),
          amount: '250.00',
          note: `call ${i}`,
        });
        alerts.push({ alert, patientEmail });
      }
    });

    it('sends each alert reminder exactly once to the clinic e-mail, the patient e-mail and the webhook', async () => {
      await eventually(async () => {
        const sent = await deliveries({ clinicId, kind: 'alert', status: 'sent' });
        expect(sent).toHaveLength(alerts.length * 3);
      });
      await severalPasses();
      for (const { alert, patientEmail } of alerts) {
        const log = await deliveries({ clinicId, kind: 'alert', sourceId: alert.id });
        expect(log.map((d) => [d.channel, d.target, d.status, d.attempts.length]).sort()).toEqual([
          ['clinic-email', 'front-desk@once.test', 'sent', 1],
          ['patient-email', patientEmail, 'sent', 1],
          // the log shows a webhook's origin only: its path or query may carry a token
          ['webhook', `${receiverUrl}/…`, 'sent', 1],
        ]);
        const reminderId = log[0].reminderId;
        const mailsOf = mails.filter((m) => m.header('X-Reminder-Id') === reminderId);
        expect(mailsOf.map((m) => m.to).sort()).toEqual([['front-desk@once.test'], [patientEmail]]);
        const received = hooksOf('/ok', 'alertId', alert.id);
        expect(received).toHaveLength(1);
        expect(verifies(received[0])).toBe(true);
        expect(JSON.parse(received[0].body)).toEqual(
          expect.objectContaining({
            type: 'reminder.alert',
            reminderId,
            dueDate: alert.date,
            locale: 'en',
            subject: expect.stringContaining(`Payment reminder: ${alert.patientName}`),
            text: expect.stringContaining('A payment of €250.00 is expected'),
          }),
        );
      }
    });

    it('lists them as due today, not overdue, in the clinic time zone', async () => {
      const today = await listAlerts({ clinicId, due: 'today' });
      expect(today.items.map((a) => a.id).sort()).toEqual(alerts.map((a) => a.alert.id).sort());
      const overdue = await listAlerts({ clinicId, due: 'overdue' });
      expect(overdue).toEqual({ items: [], total: 0 });
    });

    it('marks an alert done: it leaves the list, and marking it again changes nothing', async () => {
      const id = alerts[0].alert.id;
      const done = await ok(N.updateAlert, { alertId: id, done: true });
      expect(done).toEqual(expect.objectContaining({ id, status: 'done', closedAt: expect.any(String) }));
      const again = await ok(N.updateAlert, { alertId: id, done: true });
      expect(again).toEqual(done);
      const list = await listAlerts({ clinicId });
      expect(list.items.map((a) => a.id)).not.toContain(id);
    });

    it('reminds of a contract down payment and a work-order installment falling due today, with what is left', async () => {
      const patientId = await createPatient(clinicId, 'contract-patient@once.test');
      // patient-accounts publishes the contract; work-orders publishes the work order with its installment
      const contract = await accounts.contract(patientId, {
        contractDate: todayIn('Europe/Berlin'),
        totalAmount: '900.00',
        downPayment: '300.00',
        installmentCount: 3,
        firstDueDate: todayIn('Europe/Berlin', 40),
      });
      const workOrder = aWorkOrderSnapshot({
        organizationId: me.organizationId,
        clinicId,
        description: 'Zirconia crown 26',
        documentedDate: todayIn('Europe/Berlin'),
        paymentPlan: {
          totalAmount: '500.00',
          paymentMethod: 'cash',
          installments: [{ number: 1, dueDate: todayIn('Europe/Berlin'), amount: '500.00' }],
        },
      });
      await bus.publish(WorkOrderEventContracts.workOrderCreated, workOrder, {
        organizationId: me.organizationId,
        clinicId,
      });
      await eventually(async () => {
        expect(hooksOf('/ok', 'contractId', contract.id)).toHaveLength(1);
        expect(hooksOf('/ok', 'workOrderId', workOrder.id)).toHaveLength(1);
      });
      expect(JSON.parse(hooksOf('/ok', 'contractId', contract.id)[0].body)).toEqual(
        expect.objectContaining({
          type: 'reminder.contract-installment',
          data: expect.objectContaining({ installmentNumbers: [0], remainingAmount: '300.00', currency: 'EUR' }),
        }),
      );
      expect(JSON.parse(hooksOf('/ok', 'workOrderId', workOrder.id)[0].body)).toEqual(
        expect.objectContaining({
          type: 'reminder.work-order-installment',
          data: expect.objectContaining({ installmentNumbers: [1], remainingAmount: '500.00' }),
        }),
      );
      const contractLog = await deliveries({ kind: 'contract-installment', sourceId: contract.id });
      expect(contractLog.map((d) => d.channel).sort()).toEqual(['clinic-email', 'patient-email', 'webhook']);
    });
  });

  describe('webhooks', () => {
    it('retries a receiver that fails twice: exactly one more request succeeds, every one signed, in Turkish', async () => {
      const clinicId = await createClinic('Merkez Diş', 'TRY', 'Europe/Istanbul', 'tr');
      await setChannels(clinicId, { webhookUrl: `${receiverUrl}/flaky`, webhookSecret: SECRET });
      const alert = await createAlert(await createPatient(clinicId), {
        date: todayIn('Europe/Istanbul'),
        amount: '1250.50',
      });
      await eventually(async () => {
        const [d] = await deliveries({ clinicId, sourceId: alert.id });
        expect(d.status).toBe('sent');
      });
      await severalPasses();
      const [delivery] = await deliveries({ clinicId, sourceId: alert.id });
      expect(delivery.attempts.map((a) => [a.attempt, a.succeeded, a.response])).toEqual([
        [1, false, 'HTTP 500'],
        [2, false, 'HTTP 500'],
        [3, true, 'HTTP 200'],
      ]);
      const received = hooksOf('/flaky', 'alertId', alert.id);
      expect(received.map((h) => h.status)).toEqual([500, 500, 200]);
      expect(received.every(verifies)).toBe(true);
      expect(new Set(received.map((h) => h.body)).size).toBe(1);
      const body = JSON.parse(received[2].body);
      expect(body.locale).toBe('tr');
      expect(body.subject).toBe(
        `Ödeme hatırlatması: ${alert.patientName} — ${DateTime.fromISO(alert.date).setLocale('tr-TR').toLocaleString(DateTime.DATE_FULL)}`,
      );
      expect(body.text).toContain(`${alert.patientName} adlı hastadan`);
      expect(body.text).toContain('₺1.250,50 tutarında ödeme bekleniyor');
    });

    it('puts a delivery in the dead letter after the last failed try, and stops', async () => {
      const clinicId = await createClinic('Down Dental', 'EUR', 'UTC', 'en');
      await setChannels(clinicId, { webhookUrl: `${receiverUrl}/down`, webhookSecret: SECRET });
      const alert = await createAlert(await createPatient(clinicId), { date: todayIn('UTC', -3) });
      await eventually(async () => {
        const [d] = await deliveries({ clinicId, sourceId: alert.id });
        expect(d.status).toBe('dead');
      });
      await severalPasses();
      const [delivery] = await deliveries({ clinicId, sourceId: alert.id });
      expect(delivery.attempts.map((a) => a.succeeded)).toEqual(Array(MAX_ATTEMPTS).fill(false));
      expect(delivery.nextAttemptAt).toBeNull();
      expect(hooksOf('/down', 'alertId', alert.id)).toHaveLength(MAX_ATTEMPTS);
      const dead = await deliveries({ clinicId, status: 'dead' });
      expect(dead.map((d) => d.id)).toEqual([delivery.id]);
    });
  });

  describe('an alert closes by itself when the patient pays off', () => {
    it('stays open while something is unpaid and closes when unpaid reaches zero', async () => {
      const clinicId = await createClinic('Paying Dental', 'EUR', 'Europe/Berlin', 'en');
      const patientId = await createPatient(clinicId);
      const patient = accounts.patients.get(patientId)!;
      const today = todayIn('Europe/Berlin');
      await accounts.treatment(patientId, { procedure: 'Composite filling', date: today, amount: '600.00' });
      const alert = await createAlert(patientId, { date: todayIn('Europe/Berlin', 30), amount: '600.00' });

      // payments records money and announces it: unpaid is 600.00 − 400.00
      await payments.record(patient, { date: today, amount: '400.00' });
      // The payment event has been handled and its check has run (both owners asked, the alert left open).
      await replicaA.consumed(payments.published.at(-1)!.id);
      await eventually(async () =>
        expect(await notificationsDb('select 1 from alert_check where patient_id = ?', [patientId])).toEqual([]),
      );
      const open = await listAlerts({ patientId });
      expect(open.items.map((a) => [a.id, a.status])).toEqual([[alert.id, 'open']]);

      await payments.record(patient, { date: today, amount: '200.00' });
      await eventually(async () => expect(await listAlerts({ patientId })).toEqual({ items: [], total: 0 }));
      const closed = await ok(N.updateAlert, { alertId: alert.id, done: true });
      expect(closed).toEqual(expect.objectContaining({ id: alert.id, status: 'paid_off' }));
      const [reminder] = await notificationsDb<{ status: string }>('select status from reminder where source_id = ?', [
        alert.id,
      ]);
      expect(reminder.status).toBe('cancelled');
    });
  });

  describe('scheduled reports', () => {
    it('e-mails the last whole day of the Account Book once, with the file attached', async () => {
      const clinicId = await createClinic('Report Dental', 'EUR', 'Europe/Berlin', 'en');
      const subscription = { clinicId, report: 'account-book-daily', email: 'owner@report.test', format: 'csv' };
      const created = await ok(N.createReportSubscription, subscription);
      expect(created).toEqual(
        expect.objectContaining({ clinicId, report: 'account-book-daily', email: 'owner@report.test' }),
      );
      const again = await refusal(N.createReportSubscription, { ...subscription, format: 'pdf' });
      expect(again.status).toBe(409);
      await eventually(async () => {
        const [d] = await deliveries({ clinicId, kind: 'scheduled-report' });
        expect(d.status).toBe('sent');
      });
      await severalPasses();
      const sent = mails.filter((m) => m.to.includes('owner@report.test'));
      expect(sent).toHaveLength(1);
      expect(sent[0].raw).toMatch(/Content-Disposition: attachment; filename=.*\.csv/i);
      const [delivery] = await deliveries({ clinicId, kind: 'scheduled-report' });
      expect(delivery.dueDate).toBe(todayIn('Europe/Berlin'));
      // reporting was asked for the Account Book of the last whole day, in the clinic's language
      const yesterday = todayIn('Europe/Berlin', -1);
      expect(rendered.filter((r) => r.clinicId === clinicId)).toEqual([
        { report: 'account-book', clinicId, from: yesterday, to: yesterday, format: 'csv', locale: 'en' },
      ]);
      await ok(N.deleteReportSubscription, { subscriptionId: created.id });
      expect(await ok(N.listReportSubscriptions, { clinicId })).toEqual({ items: [], total: 0 });
    });
  });

  describe('bad input', () => {
    let clinicId: string;
    let patientId: string;

    beforeAll(async () => {
      clinicId = await createClinic('Strict Dental', 'EUR', 'UTC', 'en');
      patientId = await createPatient(clinicId);
    });

    it.each([
      [{ date: '2026-02-30' }, 'date'],
      [{ date: '2026-12-01', amount: 'ten' }, 'amount'],
      [{ date: '2026-12-01', amount: '0.00' }, 'amount'],
      [{ date: '2026-12-01', extra: 1 }, 'extra'],
    ])('refuses an alert %j with a 400 naming %s, storing nothing', async (body, field) => {
      const error = await refusal(N.createAlert, { patientId, ...body });
      expect(error.status).toBe(400);
      expect(error.message).toContain(field);
      expect((await listAlerts({ patientId })).total).toBe(0);
    });

    it('answers 404 for an unknown patient or alert and 400 for a bad filter or change', async () => {
      expect((await refusal(N.createAlert, { patientId: randomUUID(), date: '2026-12-01' })).status).toBe(404);
      expect((await refusal(N.updateAlert, { alertId: randomUUID(), done: true })).status).toBe(404);
      const alert = await createAlert(patientId, { date: todayIn('UTC', 10) });
      const undo = await refusal(N.updateAlert, { alertId: alert.id, done: false });
      expect({ status: undo.status, message: undo.message }).toEqual({
        status: 400,
        message: expect.stringContaining('done'),
      });
      expect((await refusal(N.listAlerts, { due: 'tomorrow' })).status).toBe(400);
      expect((await refusal(N.listAlerts, { clinicId: randomUUID() })).status).toBe(404);
    });

    it('refuses channel settings that cannot work, and leaves the old ones', async () => {
      const noSecret = await refusal(N.setSettings, { clinicId, webhookUrl: `${receiverUrl}/ok` });
      expect({ status: noSecret.status, code: noSecret.code }).toEqual({
        status: 422,
        code: 'NOTIFICATION_SETTINGS.WEBHOOK_SECRET_REQUIRED',
      });
      const credentials = await refusal(N.setSettings, {
        clinicId,
        webhookUrl: receiverUrl.replace('http://', 'http://user:pass@'),
        webhookSecret: SECRET,
      });
      expect({ status: credentials.status, message: credentials.message }).toEqual({
        status: 400,
        message: expect.stringContaining('webhookUrl'),
      });
      for (const body of [
        { email: 'not-an-address' },
        { webhookUrl: 'ftp://x.test', webhookSecret: SECRET },
        { webhookSecret: 'short' },
      ]) {
        expect((await refusal(N.setSettings, { clinicId, ...body })).status).toBe(400);
      }
      const settings = await ok(N.getSettings, { clinicId });
      expect(settings).toEqual(
        expect.objectContaining({
          email: null,
          webhookUrl: null,
          hasWebhookSecret: false,
          locale: 'en',
          timeZone: 'UTC',
        }),
      );
      expect(settings).not.toHaveProperty('webhookSecret');
    });

    // A NUL character in the note is refused at the gateway (apps/gateway/src/http/reject-nul.pipe.ts, for every field
    // of every route); CreateAlertDto.note does not refuse it itself yet.
    it.each([
      [N.updateAlert, 'alertId', { alertId: 'not-a-uuid', done: true }],
      [N.createAlert, 'patientId', { patientId: '1234', date: '2026-12-01' }],
      [N.setSettings, 'clinicId', { clinicId: 'x' }],
      [N.deleteReportSubscription, 'subscriptionId', { subscriptionId: '12' }],
      [N.createAlert, 'date', { patientId: ':patient', date: '0000-01-01' }],
      [N.createAlert, 'note', { patientId: ':patient', date: '2026-12-01', note: 'x'.repeat(5000) }],
      [N.createAlert, 'amount', { patientId: ':patient', date: '2026-12-01', amount: '1'.repeat(40) }],
      [N.listAlerts, 'patientId', { patientId: 'nope' }],
      [N.listDeliveries, 'pageSize', { pageSize: '100000' }],
      [N.listDeliveries, 'sourceId', { sourceId: 's'.repeat(500) }],
      [
        N.createReportSubscription,
        'email',
        { clinicId: ':clinic', report: 'finance-weekly', email: `${'a'.repeat(300)}@b.test`, format: 'csv' },
      ],
    ])('%s answers 400 naming %s', async (subject, field, body) => {
      const payload = JSON.parse(JSON.stringify(body).replace(':patient', patientId).replace(':clinic', clinicId));
      const error = await refusal(subject, payload);
      expect({ status: error.status, message: error.message }).toEqual({
        status: 400,
        message: expect.stringMatching(new RegExp(`\\b${field}\\b`)),
      });
    });

    it('refuses a subscription to an unknown report or format', async () => {
      for (const body of [
        { clinicId, report: 'account-book-hourly', email: 'a@b.test', format: 'csv' },
        { clinicId, report: 'finance-weekly', email: 'a@b.test', format: 'doc' },
        { clinicId, report: 'finance-weekly', email: 'nobody', format: 'csv' },
      ]) {
        expect((await refusal(N.createReportSubscription, body)).status).toBe(400);
      }
      const unknownClinic = { clinicId: randomUUID(), report: 'finance-weekly', email: 'a@b.test', format: 'csv' };
      expect((await refusal(N.createReportSubscription, unknownClinic)).status).toBe(404);
    });
  });
});
