// The whole stack as production runs it: the six built services as processes (LocalStack), each on its own free
// port, database and bus prefix, driven through the gateway's HTTP API only.
import { SERVICE_NAMES, ServiceName } from '@dental/contracts';
import { eventually, LocalStack, TestWorld } from '@dental/testing';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { jsonApi } from './support/gateway-client';
import { ensureBuilt, freePorts, repoRoot } from '@dental/testing';

jest.setTimeout(120_000);

const root = repoRoot;
const ADMIN = { email: 'admin@example.com', password: randomBytes(12).toString('base64url') };

interface ClinicView {
  id: string;
  name: string;
  currency: string;
  bankChargePercent: string | null;
}

describe('the stack through the gateway (e2e)', () => {
  const world = new TestWorld();
  const envs = new Map<ServiceName, NodeJS.ProcessEnv>();
  let stack: LocalStack | undefined;
  let token: string;
  let mainClinic: ClinicView;
  let newClinic: ClinicView;

  const api = jsonApi(
    () => stack!.url('gateway'),
    () => token,
  );

  beforeAll(async () => {
    await ensureBuilt();
    const ports = await freePorts(SERVICE_NAMES.length);
    SERVICE_NAMES.forEach((service, i) =>
      envs.set(
        service,
        world.env(service, {
          PORT: String(ports[i]),
          MIGRATE_ON_START: 'true',
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
          ...(service === 'gateway'
            ? {
                JWT_SECRET: randomBytes(32).toString('hex'),
                ADMIN_EMAIL: ADMIN.email,
                ADMIN_PASSWORD: ADMIN.password,
                RPC_TIMEOUT_MS: '3000',
              }
            : {}),
        }),
      ),
    );
    stack = new LocalStack({
      root,
      services: SERVICE_NAMES,
      env: (service) => envs.get(service)!,
      logDir: join(root, '.data/test-logs', world.tag),
      // six processes booting at once on a busy CI machine
      readyTimeoutMs: 90_000,
    });
    await stack.start();
  }, 180_000);

  afterAll(async () => {
    try {
      await stack?.stop();
    } finally {
      await world.cleanup();
    }
  });

  it('every service is ready, with its database and NATS up', async () => {
    for (const service of SERVICE_NAMES) {
      const res = await fetch(`${stack!.url(service)}/health/ready`);
      const body = (await res.json()) as { status: string; info: Record<string, { status: string }> };
      expect({ service, status: res.status, body }).toEqual({
        service,
        status: 200,
        body: expect.objectContaining({
          status: 'ok',
          info: expect.objectContaining({
            database: expect.objectContaining({ status: 'up' }),
            nats: expect.objectContaining({ status: 'up' }),
          }),
        }),
      });
      expect(stack!.url(service)).toBe(`http://127.0.0.1:${envs.get(service)!.PORT}`);
    }
  });

  it('the admin of the first start logs in', async () => {
    const login = await api('POST', '/auth/login', ADMIN, { 'x-correlation-id': `e2e-${world.tag}` });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), expiresIn: expect.any(Number) });
    expect(login.headers.get('x-correlation-id')).toBe(`e2e-${world.tag}`);
    token = login.body.accessToken;
    const me = await api('GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ email: ADMIN.email, roles: ['admin'] }));
  });

  it('GET /clinics lists the Main Clinic', async () => {
    // created in the background once `payments` answers
    mainClinic = await eventually(
      async () => {
        const res = await api('GET', '/clinics');
        expect(res.status).toBe(200);
        expect(res.body.items.map((c: ClinicView) => c.name)).toEqual(['Main Clinic']);
        return res.body.items[0] as ClinicView;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(mainClinic).toEqual(expect.objectContaining({ currency: 'EUR', bankChargePercent: null }));
  });

  it('creates a clinic and sets its payment settings', async () => {
    const created = await api('POST', '/clinics', {
      name: 'Uptown Dental',
      currency: 'TRY',
      timeZone: 'Europe/Istanbul',
      locale: 'tr',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        name: 'Uptown Dental',
        currency: 'TRY',
        bankChargePercent: null,
      }),
    );
    newClinic = created.body;

    const set = await api('PUT', `/clinics/${newClinic.id}/payment-settings`, { bankChargePercent: '2.5' });
    expect(set.status).toBe(200);
    expect(set.body.bankChargePercent).toBe('2.50');

    const list = await api('GET', '/clinics');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: ClinicView) => [c.name, c.bankChargePercent])).toEqual([
      ['Main Clinic', null],
      ['Uptown Dental', '2.50'],
    ]);
    const bad = await api('PUT', `/clinics/${newClinic.id}/payment-settings`, { bankChargePercent: '101' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(
      expect.objectContaining({
        statusCode: 400,
        code: 'REQUEST.VALIDATION',
        message: expect.stringContaining('bankChargePercent'),
      }),
    );
  });

  it('answers 503 while payments is down and 200 again once it is back', async () => {
    await stack!.stopService('payments');
    const down = await api('GET', '/clinics');
    expect(down.status).toBe(503);
    expect(down.body).toEqual(
      expect.objectContaining({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'SERVICE.UNAVAILABLE',
        message: expect.stringContaining('payments'),
      }),
    );
    expect((await fetch(`${stack!.url('gateway')}/health/ready`)).status).toBe(200);

    await stack!.startService('payments');
    expect(stack!.lines('payments').length).toBeGreaterThan(0);
    const back = await api('GET', '/clinics');
    expect(back.status).toBe(200);
    expect(back.body.items.map((c: ClinicView) => [c.id, c.bankChargePercent])).toEqual([
      [mainClinic.id, null],
      [newClinic.id, '2.50'],
    ]);
  });
});
