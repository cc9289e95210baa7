// Notifications at the edges of delivery (review of issue 5), against real PostgreSQL, NATS, an SMTP server and an
// HTTP receiver on loopback: a slow SMTP server with two replicas, an alert closed while its delivery waits for a
// retry, a receiver that redirects or hangs, a scheduled report while reporting is down or refuses. Nothing mocked.

import { AlertView, DeliveryView } from '@dental/contracts';
import { startService } from '@dental/platform';
import { eventually, TestWorld, testNats } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
/* eslint-disable @nx/enforce-module-boundaries */
import { gatewayService } from '../../gateway/src/gateway.definition';
import { patientAccountsService } from '../../patient-accounts/src/patient-accounts.definition';
import { paymentsService } from '../../payments/src/payments.definition';
import { reportingService } from '../../reporting/src/reporting.definition';
/* eslint-enable @nx/enforce-module-boundaries */
import { notificationsService } from '../src/notifications.definition';

jest.setTimeout(180_000);

const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const SECRET = 'clinic-webhook-secret-0002';
const INTERVAL_MS = 100;
const LEASE_MS = 1000;
// The wait before a retry: long enough that a test marking an alert done after its first try acts before the second
// on a loaded CI machine (the first try is seen by polling, then the PATCH goes through the gateway).
const BACKOFF_MS = 4000;
/** Each step of the slow SMTP server: every one within the idle timeout, all of them together beyond the lease. */
const SMTP_STEP_MS = 600;

interface Mail {
  to: string[];
  raw: string;
}

describe('notifications delivery edges (integration: two replicas, slow SMTP, odd receivers, reporting down)', () => {
  const world = new TestWorld();
  const apps: INestApplication[] = [];
  let replicaA: INestApplication;
  let gateway: INestApplication;
  let nc: NatsConnection;
  let smtp: SMTPServer;
  let receiver: Server;
  let receiverUrl: string;
  let token: string;
  let slowSmtp = false;
  const mails: Mail[] = [];
  const hooks: { path: string }[] = [];
  const hanging: ServerResponse[] = [];

  const http = () => request(gateway.getHttpServer());
  const auth = () => ({ authorization: `Bearer ${token}` });
  const todayIn = (zone: string) => DateTime.now().setZone(zone).toISODate()!;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const step = (callback: () => void) => (slowSmtp ? setTimeout(callback, SMTP_STEP_MS) : callback());

  async function db<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return replicaA.get(MikroORM).em.fork().getConnection().execute<T[]>(sql, params);
  }

  function startSmtp(): Promise<number> {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => step(() => callback()),
      onMailFrom: (_address, _session, callback) => step(() => callback()),
      onRcptTo: (_address, _session, callback) => step(() => callback()),
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          step(() => callback());
        });
      },
    });
    return new Promise((resolve) =>
      smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as AddressInfo).port)),
    );
  }

  function startReceiver(): Promise<string> {
    receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        const path = req.url ?? '/';
        hooks.push({ path });
        if (path === '/hang') return void hanging.push(res);
        if (path === '/redirect') return void res.writeHead(302, { location: `${receiverUrl}/moved` }).end();
        res.writeHead(path === '/down' ? 500 : 200).end();
      });
    });
    return new Promise((resolve) =>
      receiver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`)),
    );
  }

  async function clinicWith(settings: object, timeZone = 'Europe/Berlin'): Promise<string> {
    const clinic = await http()
      .post('/api/v1/clinics')
      .set(auth())
      .send({ name: `Edge ${randomUUID().slice(0, 6)}`, currency: 'EUR', timeZone, locale: 'en' });
    expect(clinic.status).toBe(201);
    const res = await http().put(`/api/v1/clinics/${clinic.body.id}/notification-settings`).set(auth()).send(settings);
    expect(res.status).toBe(200);
    return clinic.body.id;
  }

  async function alertDueToday(clinicId: string, timeZone = 'Europe/Berlin'): Promise<AlertView> {
    const patient = await http()
      .post('/api/v1/patients')
      .set(auth())
      .send({ clinicId, firstName: 'Ayşe', lastName: 'Demir' });
    expect(patient.status).toBe(201);
    const res = await http()
      .post(`/api/v1/patients/${patient.body.id}/alerts`)
      .set(auth())
      .send({ date: todayIn(timeZone), amount: '80.00' });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function deliveriesOf(sourceId: string): Promise<DeliveryView[]> {
    const res = await http().get('/api/v1/notifications/deliveries').set(auth()).query({ sourceId });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** The decoded bytes of the one attachment of a raw e-mail (multipart, base64 or quoted-printable part). */
  function attachmentOf(raw: string): Buffer {
    const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)![1];
    const part = raw.split(`--${boundary}`).find((p) => /Content-Disposition: attachment/i.test(p))!;
    const [head, ...rest] = part.split(/\r\n\r\n/);
    const body = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    const qp = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(qp, 'latin1');
  }

  beforeAll(async () => {
    nc = await testNats();
    const smtpPort = await startSmtp();
    receiverUrl = await startReceiver();
    const notificationsEnv = world.env('notifications', {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SCHEDULER_INTERVAL_MS: String(INTERVAL_MS),
      DELIVERY_MAX_ATTEMPTS: '5',
      DELIVERY_BACKOFF_MS: String(BACKOFF_MS),
      DELIVERY_TIMEOUT_MS: '1500',
      DELIVERY_LEASE_MS: String(LEASE_MS),
    });
    apps.push((await startService(paymentsService, world.env('payments'))).app);
    apps.push((await startService(patientAccountsService, world.env('patient-accounts'))).app);
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
    for (const res of hanging) res.destroy();
    for (const app of apps.reverse()) await app.close();
    await new Promise((r) => smtp?.close(() => r(undefined)));
    receiver?.closeAllConnections();
    await new Promise((r) => receiver?.close(() => r(undefined)));
    await nc?.close();
    await world.cleanup();
  });

  it('sends once over an SMTP server slower than the lease: the sender keeps its claim, the other replica waits', async () => {
    slowSmtp = true;
    try {
      const clinicId = await clinicWith({ email: 'slow-desk@edge.test' });
      const alert = await alertDueToday(clinicId);
      await eventually(async () => expect((await deliveriesOf(alert.id)).map((d) => d.status)).toEqual(['sent']), {
        timeoutMs: 30_000,
      });
      await pause(SMTP_STEP_MS * 6);
      const [delivery] = await deliveriesOf(alert.id);
      expect(delivery.attempts.map((a) => [a.attempt, a.succeeded])).toEqual([[1, true]]);
      expect(mails.filter((m) => m.to.includes('slow-desk@edge.test'))).toHaveLength(1);
    } finally {
      slowSmtp = false;
    }
  });

  it('stops retrying a delivery whose alert is marked done while it waits for its next try', async () => {
    const clinicId = await clinicWith({ webhookUrl: `${receiverUrl}/down`, webhookSecret: SECRET });
    const alert = await alertDueToday(clinicId);
    await eventually(async () => expect((await deliveriesOf(alert.id))[0].attempts).toHaveLength(1));
    const done = await http().patch(`/api/v1/alerts/${alert.id}`).set(auth()).send({ done: true });
    expect(done.status).toBe(200);
    await pause(BACKOFF_MS * 2);
    const [delivery] = await deliveriesOf(alert.id);
    expect({ status: delivery.status, tries: delivery.attempts.length, next: delivery.nextAttemptAt }).toEqual({
      status: 'cancelled',
      tries: 1,
      next: null,
    });
    expect(hooks.filter((h) => h.path === '/down')).toHaveLength(1);
    const cancelled = await http()
      .get('/api/v1/notifications/deliveries')
      .set(auth())
      .query({ clinicId, status: 'cancelled' });
    expect(cancelled.body.items.map((d: DeliveryView) => d.id)).toEqual([delivery.id]);
  });

  it.each([
    ['/redirect', { succeeded: false, response: 'HTTP 302', error: expect.stringContaining('HTTP 302') }],
    ['/hang', { succeeded: false, response: null, error: expect.stringMatching(/timeout|abort/i) }],
  ])('counts a receiver at %s as a failed try (no redirect followed, no answer in time)', async (path, attempt) => {
    const clinicId = await clinicWith({ webhookUrl: `${receiverUrl}${path}`, webhookSecret: SECRET });
    const alert = await alertDueToday(clinicId);
    await eventually(async () => expect((await deliveriesOf(alert.id))[0].attempts).toHaveLength(1));
    const [delivery] = await deliveriesOf(alert.id);
    expect(delivery).toEqual(
      expect.objectContaining({
        status: 'pending',
        target: receiverUrl + '/…',
        attempts: [expect.objectContaining(attempt)],
      }),
    );
    expect(hooks.filter((h) => h.path === '/moved')).toEqual([]);
    await http().patch(`/api/v1/alerts/${alert.id}`).set(auth()).send({ done: true });
  });

  describe('scheduled reports', () => {
    it('keeps the report scheduled while reporting does not answer, then sends the rendered bytes once', async () => {
      const clinicId = await clinicWith({});
      const res = await http()
        .post('/api/v1/report-subscriptions')
        .set(auth())
        .send({ clinicId, report: 'account-book-daily', email: 'owner@edge.test', format: 'csv' });
      expect(res.status).toBe(201);
      await eventually(async () =>
        expect(await db('select status from reminder where source_id = ?', [res.body.id])).toEqual([
          { status: 'scheduled' },
        ]),
      );
      await pause(INTERVAL_MS * 10);
      expect(await db('select status from reminder where source_id = ?', [res.body.id])).toEqual([
        { status: 'scheduled' },
      ]);
      expect(await deliveriesOf(res.body.id)).toEqual([]);

      apps.push((await startService(reportingService, world.env('reporting'))).app);
      await eventually(async () => expect((await deliveriesOf(res.body.id)).map((d) => d.status)).toEqual(['sent']));
      await pause(INTERVAL_MS * 15);
      const sent = mails.filter((m) => m.to.includes('owner@edge.test'));
      expect(sent).toHaveLength(1);
      const [{ attachment }] = await db<{ attachment: { contentBase64: string } }>(
        'select d.attachment from delivery d join reminder r on r.id = d.reminder_id where r.source_id = ?',
        [res.body.id],
      );
      const rendered = Buffer.from(attachment.contentBase64, 'base64');
      expect(rendered.toString('utf8')).toContain('\n');
      expect(attachmentOf(sent[0].raw).equals(rendered)).toBe(true);
    });

    it('skips a period reporting refuses (4xx) instead of asking again on every pass', async () => {
      const clinicId = await clinicWith({});
      const res = await http()
        .post('/api/v1/report-subscriptions')
        .set(auth())
        .send({ clinicId, report: 'finance-weekly', email: 'refused@edge.test', format: 'csv' });
      expect(res.status).toBe(201);
      // A period reporting cannot render (it ends before it starts), as a bug elsewhere could make one.
      await db(
        `insert into reminder (id, organization_id, clinic_id, kind, source_id, due_date, data, status)
         values (?, ?, ?, 'scheduled-report', ?, '2001-01-08', '{"from":"2001-01-07","to":"2001-01-01"}', 'scheduled')`,
        [randomUUID(), res.body.organizationId, clinicId, res.body.id],
      );
      await eventually(async () =>
        expect(
          await db('select status, outcome from reminder where source_id = ? and due_date = ?', [
            res.body.id,
            '2001-01-08',
          ]),
        ).toEqual([{ status: 'skipped', outcome: expect.stringMatching(/^refused: /) }]),
      );
    });
  });
});
