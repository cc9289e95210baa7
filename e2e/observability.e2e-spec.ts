// What an operator sees of the running stack: every service's Prometheus scrape, the outbox backlog and consumer lag
// rising while a relay or a consumer is held back and falling to zero once it is free, and one trace id followed
// from the gateway's HTTP answer into a service's log. The six built services run as processes (LocalStack) in a
// TestWorld of their own, on free ports, driven through the gateway's HTTP API only.
import { SERVICE_NAMES, ServiceName } from '@dental/contracts';
import { eventually, LocalStack, TestWorld } from '@dental/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { samplesOf, scrape, Scrape, valueOf } from './support/observability-metrics';
import { jsonApi } from './support/gateway-client';
import { ensureBuilt, freePorts, repoRoot as root } from '@dental/testing';

jest.setTimeout(120_000);

const ADMIN = { email: 'admin@example.com', password: randomBytes(12).toString('base64url') };
/** The outbox relay of a service publishes only while it holds this advisory lock in the service's database. */
const RELAY_LOCK_KEY = 7_310_002;
/** Payments recorded in each of the backlog and lag steps. */
const BURST = 100;
/** Slow steps (a restart, a relay catching up) on a busy machine: generous, never a speed check. */
const SETTLE = { timeoutMs: 60_000, intervalMs: 250 };

/** Families every service exposes, whatever it does. */
const COMMON_FAMILIES = [
  'http_requests_total',
  'http_request_duration_seconds',
  'nats_requests_total',
  'nats_request_duration_seconds',
  'consumer_redeliveries_total',
  'dead_letters_total',
  'events_handled_total',
  'export_duration_seconds',
];

/** The JSON lines of a service's log file so far (lines that are not JSON are skipped). */
function logLines(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
}

describe('observability of the stack (e2e)', () => {
  const world = new TestWorld();
  const envs = new Map<ServiceName, NodeJS.ProcessEnv>();
  const logDir = join(root, '.data/test-logs', world.tag);
  /** reporting's durable consumer reads this stream; metric labels name it without the bus prefix. */
  const paymentsStream = 'PAYMENTS';
  let stack: LocalStack | undefined;
  let token = '';
  let workOrderId: string;
  let paymentsRecorded = 0;

  const api = jsonApi(
    () => stack!.url('gateway'),
    () => token,
  );

  /** Records `n` payments of 1.00 on the work order through the API, ten at a time; each must answer 201. */
  async function recordPayments(n: number): Promise<void> {
    for (let done = 0; done < n; done += 10) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(10, n - done) }, (_, i) =>
          api(
            'POST',
            `/work-orders/${workOrderId}/payments`,
            { date: '2026-11-21', amount: '1.00', method: 'cash', reference: `obs-${paymentsRecorded + done + i}` },
            { 'idempotency-key': randomBytes(16).toString('hex') },
          ),
        ),
      );
      const failed = answers.filter((a) => a.status !== 201);
      if (failed.length) throw new Error(`payment answered ${failed[0].status}: ${JSON.stringify(failed[0].body)}`);
    }
    paymentsRecorded += n;
  }

  async function metricsOf(service: ServiceName): Promise<Scrape> {
    const s = await scrape(stack!.url(service));
    if (s.status !== 200) throw new Error(`${service} /metrics answered ${s.status}`);
    return s;
  }

  /** payments' view of reporting's durable consumer on PAYMENTS (readable while reporting is down). */
  async function reportingLagSeenByPayments(): Promise<number> {
    return valueOf(await metricsOf('payments'), 'stream_consumer_lag', { stream: 'PAYMENTS', consumer: 'reporting' });
  }

  /** reporting's own lag on PAYMENTS. */
  async function reportingOwnLag(): Promise<number> {
    return valueOf(await metricsOf('reporting'), 'consumer_lag', { stream: paymentsStream });
  }

  beforeAll(async () => {
    // dist/ built when missing or older than a source, under the lock the other e2e files take too
    await ensureBuilt((line) => process.stdout.write(`${line}\n`));
    const ports = await freePorts(SERVICE_NAMES.length);
    SERVICE_NAMES.forEach((service, i) =>
      envs.set(
        service,
        world.env(service, {
          PORT: String(ports[i]),
          MIGRATE_ON_START: 'true',
          // the trace step reads payments' `request handled` lines, which are info
          LOG_LEVEL: service === 'payments' ? 'info' : (process.env.TEST_LOG_LEVEL ?? 'info'),
          ...(service === 'gateway'
            ? {
                JWT_SECRET: randomBytes(32).toString('hex'),
                ADMIN_EMAIL: ADMIN.email,
                ADMIN_PASSWORD: ADMIN.password,
              }
            : {}),
        }),
      ),
    );
    stack = new LocalStack({
      root,
      services: SERVICE_NAMES,
      env: (service) => envs.get(service)!,
      logDir,
      // six processes booting at once on a busy machine
      readyTimeoutMs: 90_000,
    });
    await stack.start();

    const login = await api('POST', '/auth/login', ADMIN);
    if (login.status !== 200) throw new Error(`admin login answered ${login.status}: ${JSON.stringify(login.body)}`);
    token = login.body.accessToken;
    // created in the background once `payments` answers
    const mainClinic = await eventually(
      async () => {
        const res = await api('GET', '/clinics');
        expect(res.status).toBe(200);
        expect(res.body.items.map((c: { name: string }) => c.name)).toEqual(['Main Clinic']);
        return res.body.items[0] as { id: string };
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const lab = await api('POST', '/labs', { name: 'Observed Lab' });
    if (lab.status !== 201) throw new Error(`POST /labs answered ${lab.status}: ${JSON.stringify(lab.body)}`);
    const workOrder = await api(
      'POST',
      '/work-orders',
      {
        clinicId: mainClinic.id,
        labId: lab.body.id,
        description: 'Zirconia crown 26',
        documentedDate: '2026-11-21',
        paymentPlan: { totalAmount: '10000.00', paymentMethod: 'cash', dueDate: '2026-12-01' },
      },
      { 'idempotency-key': randomBytes(16).toString('hex') },
    );
    if (workOrder.status !== 201) {
      throw new Error(`POST /work-orders answered ${workOrder.status}: ${JSON.stringify(workOrder.body)}`);
    }
    workOrderId = workOrder.body.id;
    // one payment, so payments has handled a NATS request and reporting's consumer exists on PAYMENTS
    await recordPayments(1);
  }, 240_000);

  afterAll(async () => {
    try {
      await stack?.stop();
    } finally {
      await world.cleanup();
    }
  });

  it('every service answers /metrics with the Prometheus text format and the standard families', async () => {
    for (const service of SERVICE_NAMES) {
      const s = await scrape(stack!.url(service));
      expect({ service, status: s.status, contentType: s.contentType }).toEqual({
        service,
        status: 200,
        contentType: expect.stringMatching(/^text\/plain/),
      });
      const missing = COMMON_FAMILIES.filter((f) => !s.families.has(f));
      expect({ service, missing }).toEqual({ service, missing: [] });
      expect({ service, type: s.families.get('http_request_duration_seconds') }).toEqual({
        service,
        type: 'histogram',
      });
      // every sample is labelled with the service that produced it
      expect(s.samples.filter((x) => x.labels.service !== service)).toEqual([]);
    }

    const payments = await metricsOf('payments');
    expect(payments.families.get('outbox_backlog')).toBe('gauge');
    expect(payments.families.get('stream_consumer_lag')).toBe('gauge');
    expect(valueOf(payments, 'outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(
      valueOf(payments, 'nats_requests_total', { subject: 'payments.cmd.record-work-order-payment', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(samplesOf(payments, 'nats_request_duration_seconds_count').length).toBeGreaterThan(0);

    const reporting = await metricsOf('reporting');
    expect(reporting.families.get('consumer_lag')).toBe('gauge');
    expect(samplesOf(reporting, 'consumer_lag', { stream: paymentsStream })).toHaveLength(1);

    const gateway = await metricsOf('gateway');
    expect(
      valueOf(gateway, 'http_requests_total', {
        method: 'POST',
        route: '/api/v1/work-orders/:id/payments',
        status: '201',
      }),
    ).toBeGreaterThanOrEqual(1);
    // /metrics itself is not counted: a scraper would otherwise be the busiest client
    expect(samplesOf(gateway, 'http_requests_total', { route: '/metrics' })).toEqual([]);
  });

  it('outbox_backlog rises while another relay holds the lock and drains to zero once it is released', async () => {
    // Everything recorded so far is published first, so the backlog below is the burst's alone.
    await eventually(async () => expect(valueOf(await metricsOf('payments'), 'outbox_backlog')).toBe(0), SETTLE);
    const holder = new Client({ connectionString: world.databaseUrl('payments') });
    await holder.connect();
    try {
      // as another payments replica would: blocks until the relay's current pass is over, then keeps it out
      await holder.query('select pg_advisory_lock($1)', [RELAY_LOCK_KEY]);
      await recordPayments(BURST);
      // each payment's outbox row committed with it, before the answer
      expect(valueOf(await metricsOf('payments'), 'outbox_backlog')).toBeGreaterThanOrEqual(BURST);
      const { rows } = await holder.query<{ unlocked: boolean }>('select pg_advisory_unlock($1) as unlocked', [
        RELAY_LOCK_KEY,
      ]);
      expect(rows[0].unlocked).toBe(true);
    } finally {
      // closing the session frees the lock whatever happened above
      await holder.end();
    }
    await eventually(async () => expect(valueOf(await metricsOf('payments'), 'outbox_backlog')).toBe(0), SETTLE);
  });

  it('consumer lag rises while reporting is down and falls to zero once it is back', async () => {
    await eventually(async () => {
      expect(await reportingLagSeenByPayments()).toBe(0);
      expect(await reportingOwnLag()).toBe(0);
    }, SETTLE);

    await stack!.stopService('reporting');
    await recordPayments(BURST);
    // the owner of PAYMENTS sees the durable consumer fall behind while nobody consumes it
    await eventually(async () => expect(await reportingLagSeenByPayments()).toBeGreaterThanOrEqual(BURST), SETTLE);

    await stack!.startService('reporting');
    await eventually(async () => {
      expect(await reportingLagSeenByPayments()).toBe(0);
      expect(await reportingOwnLag()).toBe(0);
    }, SETTLE);
    const reporting = await metricsOf('reporting');
    // the restarted process handled the backlog itself
    expect(valueOf(reporting, 'events_handled_total', { stream: 'PAYMENTS' })).toBeGreaterThanOrEqual(BURST);
    expect(samplesOf(reporting, 'dead_letters_total')).toEqual([]);
  });

  it("follows the caller's trace id from the gateway into payments' log", async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');
    const res = await fetch(`${stack!.url('gateway')}/api/v1/clinics`, {
      headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    expect(res.status).toBe(200);
    const traceresponse = res.headers.get('traceresponse') ?? '';
    const [version, answeredTrace, gatewaySpan, flags] = traceresponse.split('-');
    expect({ version, answeredTrace, flags }).toEqual({ version: '00', answeredTrace: traceId, flags: '01' });
    // the gateway's own span, a child of the caller's
    expect(gatewaySpan).toMatch(/^[0-9a-f]{16}$/);
    expect(gatewaySpan).not.toBe(parentSpanId);
    const correlationId = res.headers.get('x-correlation-id');
    expect(correlationId).toEqual(expect.any(String));

    const line = await eventually(async () => {
      const found = logLines(join(logDir, 'payments.log')).filter((l) => l.traceId === traceId);
      expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'request handled' })]));
      return found.find((l) => l.msg === 'request handled')!;
    }, SETTLE);
    expect(line).toEqual(
      expect.objectContaining({
        service: 'payments',
        traceId,
        correlationId,
        subject: 'payments.query.list-clinics',
        status: 200,
      }),
    );
  });
});
