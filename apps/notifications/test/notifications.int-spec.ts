// Notifications (issue 5) through the gateway's API, against real PostgreSQL and NATS, a real SMTP server
// (smtp-server) and a real HTTP receiver (node:http), both on loopback. Two notification replicas share one database
// and one bus; payments, patient-accounts, work-orders and reporting run beside them. Nothing is mocked.

import { AlertView, DeliveryView } from '@dental/contracts';
import { BusNaming } from '@dental/messaging';
import { startService } from '@dental/platform';
import { eventually, TestWorld, testNats } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import { NatsConnection } from 'nats';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
// The tests drive notifications through the gateway with the services whose facts it asks for; importing their
// definitions is test wiring, not app coupling.
/* eslint-disable @nx/enforce-module-boundaries */
import { gatewayService } from '../../gateway/src/gateway.definition';
import { patientAccountsService } from '../../patient-accounts/src/patient-accounts.definition';
import { paymentsService } from '../../payments/src/payments.definition';
import { reportingService } from '../../reporting/src/reporting.definition';
import { workOrdersService } from '../../work-orders/src/work-orders.definition';
/* eslint-enable @nx/enforce-module-boundaries */
import { notificationsService } from '../src/notifications.definition';

jest.setTimeout(180_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const SECRET = 'clinic-webhook-secret-0001';
const MAX_ATTEMPTS = 3;
const INTERVAL_MS = 100;

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

describe('notifications (integration: two replicas + gateway + the services asked, SMTP and webhook receivers)', () => {
  const world = new TestWorld();
  const apps: INestApplication[] = [];
  let replicaA: INestApplication;
  let gateway: INestApplication;
  let nc: NatsConnection;
  let smtp: SMTPServer;
  let receiver: Server;
  let receiverUrl: string;
  let token: string;
  const mails: Mail[] = [];
  const hooks: Hook[] = [];
  const failuresLeft: Record<string, number> = { '/flaky': 2, '/down': Number.MAX_SAFE_INTEGER };

  const http = () => request(gateway.getHttpServer());
  const auth = () => ({ authorization: `Bearer ${token}` });
  const todayIn = (zone: string, plusDays = 0) => DateTime.now().setZone(zone).plus({ days: plusDays }).toISODate()!;
  /** Lets both replicas run many more scheduler passes: whatever they would send twice has then been sent. */
  const severalPasses = () => new Promise((r) => setTimeout(r, INTERVAL_MS * 15));

  async function notificationsDb<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return replicaA.get(MikroORM).em.fork().getConnection().execute<T[]>(sql, params);
  }

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

  async function createClinic(name: string, currency: string, timeZone: string, locale: 'en' | 'tr'): Promise<string> {
    const res = await http().post('/api/v1/clinics').set(auth()).send({ name, currency, timeZone, locale });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function setChannels(clinicId: string, settings: object): Promise<void> {
    const res = await http().put(`/api/v1/clinics/${clinicId}/notification-settings`).set(auth()).send(settings);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: expect.objectContaining({ clinicId }),
    });
  }

  async function createPatient(clinicId: string, email?: string): Promise<string> {
    const res = await http()
      .post('/api/v1/patients')
      .set(auth())
      .send({
        clinicId,
        firstName: 'Ali',
        lastName: `Yılmaz ${randomUUID().slice(0, 4)}`,
        ...(email ? { email } : {}),
      });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function createAlert(patientId: string, body: object): Promise<AlertView> {
    const res = await http().post(`/api/v1/patients/${patientId}/alerts`).set(auth()).send(body);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ patientId, status: 'open' }),
    });
    return res.body;
  }

  async function deliveries(query: Record<string, string>): Promise<DeliveryView[]> {
    const res = await http()
      .get('/api/v1/notifications/deliveries')
      .set(auth())
      .query({ pageSize: '500', ...query });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  const verifies = (h: Hook) =>
    h.signature === `sha256=${createHmac('sha256', SECRET).update(`${h.timestamp}.${h.body}`).digest('hex')}`;
  const hooksOf = (path: string, sourceKey: string, sourceId: string) =>
    hooks.filter((h) => h.path === path && (JSON.parse(h.body).data as Record<string, string>)[sourceKey] === sourceId);

  beforeAll(async () => {
    nc = await testNats();
    const smtpPort = await startSmtp();
    receiverUrl = await startReceiver();
    const notificationsEnv = world.env('notifications', {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SCHEDULER_INTERVAL_MS: String(INTERVAL_MS),
      DELIVERY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      DELIVERY_BACKOFF_MS: '20',
      DELIVERY_TIMEOUT_MS: '5000',
    });
    apps.push((await startService(paymentsService, world.env('payments'))).app);
    apps.push((await startService(patientAccountsService, world.env('patient-accounts'))).app);
    apps.push((await startService(workOrdersService, world.env('work-orders'))).app);
    apps.push((await startService(reportingService, world.env('reporting'))).app);
    replicaA = (await startService(notificationsService, notificationsEnv)).app;
    apps.push(replicaA);
    apps.push((await startService(notificationsService, notificationsEnv)).app);
    gateway = (
      await startService(
        gatewayService,
        world.env('gateway', {
          JWT_SECRET: randomUUID() + randomUUID(),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          LOGIN_RATE_LIMIT: '1000',
        }),
      )
    ).app;
    apps.push(gateway);
    const login = await http().post('/api/v1/auth/login').send(ADMIN);
    expect(login.status).toBe(200);
    token = login.body.accessToken;
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await new Promise((r) => smtp?.close(() => r(undefined)));
    await new Promise((r) => receiver?.close(() => r(undefined)));
    await nc?.close();
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
      const today = await http().get('/api/v1/alerts').set(auth()).query({ clinicId, due: 'today' });
      expect(today.status).toBe(200);
      expect(today.body.items.map((a: AlertView) => a.id).sort()).toEqual(alerts.map((a) => a.alert.id).sort());
      const overdue = await http().get('/api/v1/alerts').set(auth()).query({ clinicId, due: 'overdue' });
      expect(overdue.body).toEqual({ items: [], total: 0 });
    });

    it('marks an alert done: it leaves the list, and marking it again changes nothing', async () => {
      const id = alerts[0].alert.id;
      const done = await http().patch(`/api/v1/alerts/${id}`).set(auth()).send({ done: true });
      expect({ status: done.status, body: done.body }).toEqual({
        status: 200,
        body: expect.objectContaining({ id, status: 'done', closedAt: expect.any(String) }),
      });
      const again = await http().patch(`/api/v1/alerts/${id}`).set(auth()).send({ done: true });
      expect(again.body).toEqual(done.body);
      const list = await http().get('/api/v1/alerts').set(auth()).query({ clinicId });
      expect(list.body.items.map((a: AlertView) => a.id)).not.toContain(id);
    });

    it('reminds of a contract down payment and a work-order installment falling due today, with what is left', async () => {
      const patientId = await createPatient(clinicId, 'contract-patient@once.test');
      const contract = await http()
        .post(`/api/v1/patients/${patientId}/contracts`)
        .set(auth())
        .send({
          totalAmount: '900.00',
          downPayment: '300.00',
          installmentCount: 3,
          firstDueDate: todayIn('Europe/Berlin', 40),
        });
      expect(contract.status).toBe(201);
      const lab = await http().post('/api/v1/labs').set(auth()).send({ name: 'Smile Lab' });
      expect(lab.status).toBe(201);
      const workOrder = await http()
        .post('/api/v1/work-orders')
        .set(auth())
        .send({
          clinicId,
          labId: lab.body.id,
          description: 'Zirconia crown 26',
          documentedDate: todayIn('Europe/Berlin'),
          paymentPlan: { totalAmount: '500.00', paymentMethod: 'cash', dueDate: todayIn('Europe/Berlin') },
        });
      expect(workOrder.status).toBe(201);
      await eventually(async () => {
        expect(hooksOf('/ok', 'contractId', contract.body.id)).toHaveLength(1);
        expect(hooksOf('/ok', 'workOrderId', workOrder.body.id)).toHaveLength(1);
      });
      expect(JSON.parse(hooksOf('/ok', 'contractId', contract.body.id)[0].body)).toEqual(
        expect.objectContaining({
          type: 'reminder.contract-installment',
          data: expect.objectContaining({ installmentNumbers: [0], remainingAmount: '300.00', currency: 'EUR' }),
        }),
      );
      expect(JSON.parse(hooksOf('/ok', 'workOrderId', workOrder.body.id)[0].body)).toEqual(
        expect.objectContaining({
          type: 'reminder.work-order-installment',
          data: expect.objectContaining({ installmentNumbers: [1], remainingAmount: '500.00' }),
        }),
      );
      const contractLog = await deliveries({ kind: 'contract-installment', sourceId: contract.body.id });
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
      const today = todayIn('Europe/Berlin');
      const treatment = await http()
        .post(`/api/v1/patients/${patientId}/treatments`)
        .set(auth())
        .send({ procedure: 'Composite filling', date: today, amount: '600.00' });
      expect(treatment.status).toBe(201);
      const alert = await createAlert(patientId, { date: todayIn('Europe/Berlin', 30), amount: '600.00' });

      const pay = (amount: string) =>
        http()
          .post(`/api/v1/patients/${patientId}/payments`)
          .set(auth())
          .send({ date: today, amount, paymentType: 'cash' });
      expect((await pay('400.00')).status).toBe(201);
      // The payment event has been handled (nothing pending for notifications) and its check has run.
      const jsm = await nc.jetstreamManager();
      const paymentsStream = new BusNaming(world.busPrefix).stream('PAYMENTS');
      await eventually(async () => {
        const info = await jsm.consumers.info(paymentsStream, 'notifications');
        expect(info.num_pending + info.num_ack_pending).toBe(0);
        expect(await notificationsDb('select 1 from alert_check where patient_id = ?', [patientId])).toEqual([]);
      });
      const open = await http().get('/api/v1/alerts').set(auth()).query({ patientId });
      expect(open.body.items.map((a: AlertView) => [a.id, a.status])).toEqual([[alert.id, 'open']]);

      expect((await pay('200.00')).status).toBe(201);
      await eventually(async () => {
        const list = await http().get('/api/v1/alerts').set(auth()).query({ patientId });
        expect(list.body).toEqual({ items: [], total: 0 });
      });
      const closed = await http().patch(`/api/v1/alerts/${alert.id}`).set(auth()).send({ done: true });
      expect(closed.body).toEqual(expect.objectContaining({ id: alert.id, status: 'paid_off' }));
      const [reminder] = await notificationsDb<{ status: string }>('select status from reminder where source_id = ?', [
        alert.id,
      ]);
      expect(reminder.status).toBe('cancelled');
    });
  });

  describe('scheduled reports', () => {
    it('e-mails the last whole day of the Account Book once, with the file attached', async () => {
      const clinicId = await createClinic('Report Dental', 'EUR', 'Europe/Berlin', 'en');
      const res = await http()
        .post('/api/v1/report-subscriptions')
        .set(auth())
        .send({ clinicId, report: 'account-book-daily', email: 'owner@report.test', format: 'csv' });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: expect.objectContaining({ clinicId, report: 'account-book-daily', email: 'owner@report.test' }),
      });
      const again = await http()
        .post('/api/v1/report-subscriptions')
        .set(auth())
        .send({ clinicId, report: 'account-book-daily', email: 'owner@report.test', format: 'pdf' });
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
      const removed = await http().delete(`/api/v1/report-subscriptions/${res.body.id}`).set(auth());
      expect(removed.status).toBe(200);
      const list = await http().get('/api/v1/report-subscriptions').set(auth()).query({ clinicId });
      expect(list.body).toEqual({ items: [], total: 0 });
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
      const res = await http().post(`/api/v1/patients/${patientId}/alerts`).set(auth()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
      const list = await http().get('/api/v1/alerts').set(auth()).query({ patientId });
      expect(list.body.total).toBe(0);
    });

    it('answers 404 for an unknown patient or alert and 400 for a bad filter or change', async () => {
      expect(
        (await http().post(`/api/v1/patients/${randomUUID()}/alerts`).set(auth()).send({ date: '2026-12-01' })).status,
      ).toBe(404);
      expect((await http().patch(`/api/v1/alerts/${randomUUID()}`).set(auth()).send({ done: true })).status).toBe(404);
      const alert = await createAlert(patientId, { date: todayIn('UTC', 10) });
      const undo = await http().patch(`/api/v1/alerts/${alert.id}`).set(auth()).send({ done: false });
      expect({ status: undo.status, message: undo.body.message }).toEqual({
        status: 400,
        message: expect.stringContaining('done'),
      });
      expect((await http().get('/api/v1/alerts').set(auth()).query({ due: 'tomorrow' })).status).toBe(400);
      expect((await http().get('/api/v1/alerts').set(auth()).query({ clinicId: randomUUID() })).status).toBe(404);
    });

    it('refuses channel settings that cannot work, and leaves the old ones', async () => {
      const noSecret = await http()
        .put(`/api/v1/clinics/${clinicId}/notification-settings`)
        .set(auth())
        .send({ webhookUrl: `${receiverUrl}/ok` });
      expect({ status: noSecret.status, code: noSecret.body.code }).toEqual({
        status: 422,
        code: 'NOTIFICATION_SETTINGS.WEBHOOK_SECRET_REQUIRED',
      });
      const credentials = await http()
        .put(`/api/v1/clinics/${clinicId}/notification-settings`)
        .set(auth())
        .send({ webhookUrl: receiverUrl.replace('http://', 'http://user:pass@'), webhookSecret: SECRET });
      expect({ status: credentials.status, message: credentials.body.message }).toEqual({
        status: 400,
        message: expect.stringContaining('webhookUrl'),
      });
      for (const body of [
        { email: 'not-an-address' },
        { webhookUrl: 'ftp://x.test', webhookSecret: SECRET },
        { webhookSecret: 'short' },
      ]) {
        const res = await http().put(`/api/v1/clinics/${clinicId}/notification-settings`).set(auth()).send(body);
        expect(res.status).toBe(400);
      }
      const settings = await http().get(`/api/v1/clinics/${clinicId}/notification-settings`).set(auth());
      expect(settings.body).toEqual(
        expect.objectContaining({
          email: null,
          webhookUrl: null,
          hasWebhookSecret: false,
          locale: 'en',
          timeZone: 'UTC',
        }),
      );
      expect(settings.body).not.toHaveProperty('webhookSecret');
    });

    it.each([
      ['patch', '/api/v1/alerts/not-a-uuid', 'id', { done: true }],
      ['post', '/api/v1/patients/1234/alerts', 'id', { date: '2026-12-01' }],
      ['put', '/api/v1/clinics/x/notification-settings', 'id', {}],
      ['delete', '/api/v1/report-subscriptions/12', 'id', undefined],
      ['post', '/api/v1/patients/:patient/alerts', 'date', { date: '0000-01-01' }],
      ['post', '/api/v1/patients/:patient/alerts', 'note', { date: '2026-12-01', note: 'a\u0000b' }],
      ['post', '/api/v1/patients/:patient/alerts', 'note', { date: '2026-12-01', note: 'x'.repeat(5000) }],
      ['post', '/api/v1/patients/:patient/alerts', 'amount', { date: '2026-12-01', amount: '1'.repeat(40) }],
      ['get', '/api/v1/alerts?patientId=nope', 'patientId', undefined],
      ['get', '/api/v1/notifications/deliveries?pageSize=100000', 'pageSize', undefined],
      ['get', `/api/v1/notifications/deliveries?sourceId=${'s'.repeat(500)}`, 'sourceId', undefined],
      [
        'post',
        '/api/v1/report-subscriptions',
        'email',
        { clinicId: ':clinic', report: 'finance-weekly', email: `${'a'.repeat(300)}@b.test`, format: 'csv' },
      ],
    ])('%s %s answers 400 naming %s', async (method, path, field, body) => {
      const url = path.replace(':patient', patientId);
      const payload = body && JSON.parse(JSON.stringify(body).replace(':clinic', clinicId));
      const req = (http() as unknown as Record<string, (u: string) => request.Test>)[method](url).set(auth());
      const res = payload ? await req.send(payload) : await req;
      expect({ status: res.status, message: res.body.message }).toEqual({
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
        const res = await http().post('/api/v1/report-subscriptions').set(auth()).send(body);
        expect(res.status).toBe(400);
      }
      const res = await http()
        .post('/api/v1/report-subscriptions')
        .set(auth())
        .send({ clinicId: randomUUID(), report: 'finance-weekly', email: 'a@b.test', format: 'csv' });
      expect(res.status).toBe(404);
    });
  });
});
