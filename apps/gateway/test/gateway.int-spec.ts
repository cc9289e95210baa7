// The gateway's public API (API.md) against real PostgreSQL and NATS: first start, login, token checks, roles,
// tenancy, validation, payment settings, a service that is down, the login rate limit and the OpenAPI document.
// The gateway alone: `payments`, which keeps the clinics, is played on the bus (test/support/payments-clinics.stub).
import { hashPassword, TokenService } from '@dental/auth';
import { startService } from '@dental/platform';
import { eventually, expectError as expectApiError, GatewayClient, TestBus, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import request from 'supertest';
import { GatewayConfig } from '../src/gateway.config';
import { gatewayService } from '../src/gateway.definition';
import { Organization } from '../src/identity/organization.entity';
import { User } from '../src/identity/user.entity';
import { PaymentsClinics, stubPaymentsClinics } from './support/payments-clinics.stub';

jest.setTimeout(60_000);

interface Running<C> {
  app: INestApplication;
  config: C;
  url: string;
  closed: boolean;
}

interface ClinicView {
  id: string;
  organizationId: string;
  name: string;
  currency: string;
  bankChargePercent: string | null;
}

const ISSUER = 'dental-finance';
const AUDIENCE = 'dental-finance-api';
const SECRET = randomBytes(32).toString('hex');
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const ORGANIZATION_NAME = 'Chain One';

/** The error body of API.md: `{ statusCode, error, message, code, details? }`, and no other key. */
function expectError(res: request.Response, status: number, code?: string): void {
  expectApiError(res, status, code);
  expect(res.body.error).toBe(STATUS_CODES[status]);
  const allowed = ['statusCode', 'error', 'message', 'code', 'details'];
  expect(Object.keys(res.body).filter((k) => !allowed.includes(k))).toEqual([]);
}

/** The fields a 400 names in its details. */
function fieldsOf(res: request.Response): string[] {
  expect(Array.isArray(res.body.details)).toBe(true);
  return (res.body.details as { field: string; reasons: string[] }[]).map((d) => {
    expect(d.reasons.length).toBeGreaterThan(0);
    return d.field;
  });
}

describe('gateway (integration, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  const gatewayEnv = (extra: Record<string, string> = {}) =>
    world.env('gateway', {
      JWT_SECRET: SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ORGANIZATION_NAME,
      RPC_TIMEOUT_MS: '1500',
      ...extra,
    });
  let bus: TestBus;
  let payments: PaymentsClinics;
  let gateway: Running<GatewayConfig> | undefined;
  let adminToken: string;
  let mainClinic: ClinicView;

  const http = () => request(gateway!.app.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  const login = (email: string, password: string) => new GatewayClient(gateway!.url).login(email, password);

  async function createUser(
    token: string,
    user: { email: string; roles: string[]; clinicIds?: string[] },
    password = 'user-password-1',
  ) {
    const res = await http()
      .post('/api/v1/users')
      .set(auth(token))
      .send({ name: `User ${user.email}`, password, ...user });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ email: user.email, roles: user.roles }),
    });
    expect(res.body).not.toHaveProperty('passwordHash');
    return { id: res.body.id as string, token: await login(user.email, password) };
  }

  async function createClinic(token: string, name: string): Promise<ClinicView> {
    const res = await http().post('/api/v1/clinics').set(auth(token)).send({ name, currency: 'EUR' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: expect.objectContaining({ name, currency: 'EUR' }),
    });
    return res.body as ClinicView;
  }

  async function close(r: Running<unknown> | undefined): Promise<void> {
    if (!r || r.closed) return;
    r.closed = true;
    await r.app.close();
  }

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    payments = stubPaymentsClinics(bus);
    const g = await startService(gatewayService, gatewayEnv({ LOGIN_RATE_LIMIT: '1000' }));
    gateway = { ...g, closed: false };
    adminToken = await login(ADMIN.email, ADMIN.password);
    // The first clinic is created in the background once `payments` answers.
    mainClinic = await eventually(async () => {
      const res = await http().get('/api/v1/clinics').set(auth(adminToken));
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      return res.body.items[0] as ClinicView;
    });
  });

  afterAll(async () => {
    try {
      await close(gateway);
      await bus?.close();
    } finally {
      await world.cleanup();
    }
  });

  describe('first start', () => {
    it('created one organization, its admin and the Main Clinic', async () => {
      const me = await http().get('/api/v1/me').set(auth(adminToken));
      expect(me.status).toBe(200);
      expect(me.body).toEqual(
        expect.objectContaining({
          email: ADMIN.email,
          roles: ['admin'],
          clinicIds: '*',
          organization: { id: expect.any(String), name: ORGANIZATION_NAME },
        }),
      );
      expect(me.body.clinics).toEqual([mainClinic]);
      expect(mainClinic).toEqual(
        expect.objectContaining({
          name: 'Main Clinic',
          currency: 'EUR',
          bankChargePercent: null,
          organizationId: me.body.organization.id,
        }),
      );

      const em = gateway!.app.get(MikroORM).em.fork();
      const orgs = await em.find(Organization, {});
      expect(orgs.map((o) => ({ id: o.id, firstClinicId: o.firstClinicId }))).toEqual([
        { id: me.body.organization.id, firstClinicId: mainClinic.id },
      ]);
      await eventually(async () => {
        await em.refresh(orgs[0]);
        expect(orgs[0].firstClinicReady).toBe(true);
      });
      expect(await em.count(User, {})).toBe(1);
    });
  });

  describe('login', () => {
    it('answers a token for the right password, whatever the case of the e-mail', async () => {
      const res = await http()
        .post('/api/v1/auth/login')
        .send({ email: 'ADMIN@Example.com', password: ADMIN.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), expiresIn: 3600 });
      expect((await http().get('/api/v1/me').set(auth(res.body.accessToken))).status).toBe(200);
    });

    it('answers 401 with one message for a wrong password and for an unknown e-mail', async () => {
      const wrongPassword = await http()
        .post('/api/v1/auth/login')
        .send({ email: ADMIN.email, password: 'not-the-password' });
      const unknownEmail = await http()
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@example.com', password: ADMIN.password });
      expectError(wrongPassword, 401, 'AUTH.UNAUTHENTICATED');
      expectError(unknownEmail, 401, 'AUTH.UNAUTHENTICATED');
      expect(unknownEmail.body).toEqual(wrongPassword.body);
      expect(wrongPassword.body).not.toHaveProperty('accessToken');
    });

    it.each([
      ['an e-mail that is not one', { email: 'not-an-email', password: 'x' }, ['email']],
      ['no password', { email: ADMIN.email }, ['password']],
      ['an empty password', { email: ADMIN.email, password: '' }, ['password']],
      ['nothing', {}, ['email', 'password']],
      ['an unknown field', { email: ADMIN.email, password: ADMIN.password, remember: true }, ['remember']],
    ])('answers 400 naming the field for %s', async (_, body, fields) => {
      const res = await http().post('/api/v1/auth/login').send(body);
      expectError(res, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(res).sort()).toEqual([...fields].sort());
      for (const field of fields) expect(res.body.message).toContain(field);
    });
  });

  describe('access token', () => {
    const claims = () => ({ org: mainClinic.organizationId, clinics: '*', roles: ['admin'] });
    const key = (secret = SECRET) => new TextEncoder().encode(secret);
    let adminId: string;

    beforeAll(async () => {
      adminId = (await http().get('/api/v1/me').set(auth(adminToken))).body.id;
    });

    /** A token like the gateway's, signed here with jose; `exp` in seconds since the epoch. */
    function sign(exp: number, { secret = SECRET, audience = AUDIENCE, issuer = ISSUER } = {}): Promise<string> {
      return new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(adminId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(exp - 3600)
        .setExpirationTime(exp)
        .sign(key(secret));
    }

    const now = () => Math.floor(Date.now() / 1000);
    const me = (token: string) => http().get('/api/v1/me').set(auth(token));

    it('GET /me answers the caller for a valid token', async () => {
      const res = await me(adminToken);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ id: adminId, email: ADMIN.email, organization: expect.any(Object) }),
      );
      expect(res.body).not.toHaveProperty('passwordHash');
      // the same construction as the negative cases below, valid: proves they fail for the one thing they change
      expect((await me(await sign(now() + 600))).status).toBe(200);
    });

    it('answers 401 without a token or with another scheme', async () => {
      expectError(await http().get('/api/v1/me'), 401, 'AUTH.UNAUTHENTICATED');
      expectError(
        await http().get('/api/v1/me').set('authorization', `Basic ${adminToken}`),
        401,
        'AUTH.UNAUTHENTICATED',
      );
      expectError(await http().get('/api/v1/me').set('authorization', 'Bearer'), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await http().get('/api/v1/clinics'), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('answers 401 for an expired token', async () => {
      const res = await me(await sign(now() - 60));
      expectError(res, 401, 'AUTH.UNAUTHENTICATED');
      expect(res.body.message).toMatch(/expired/);
    });

    it('answers 401 for a token whose signature was changed', async () => {
      const [header, payload, signature] = adminToken.split('.');
      // a character in the middle: the last one may only carry padding bits
      const i = Math.floor(signature.length / 2);
      const flipped = signature.slice(0, i) + (signature[i] === 'A' ? 'B' : 'A') + signature.slice(i + 1);
      expectError(await me(`${header}.${payload}.${flipped}`), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('answers 401 for a token whose payload was changed', async () => {
      const [header, payload, signature] = adminToken.split('.');
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify({ ...decoded, org: randomUUID(), exp: decoded.exp + 3600 })).toString(
        'base64url',
      );
      expectError(await me(`${header}.${forged}.${signature}`), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('answers 401 for an unsigned token (alg none)', async () => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims(), sub: adminId, iss: ISSUER, aud: AUDIENCE, exp: now() + 600 })}.`;
      expectError(await me(unsigned), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('answers 401 for a token of another secret, audience or issuer', async () => {
      const principal = {
        userId: adminId,
        organizationId: mainClinic.organizationId,
        clinicIds: '*' as const,
        roles: ['admin' as const],
      };
      const other = (settings: Partial<{ secret: string; issuer: string; audience: string }>) =>
        new TokenService({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 600, ...settings }).issue(
          principal,
        );
      expect((await me((await other({})).accessToken)).status).toBe(200);
      expectError(
        await me((await other({ secret: randomBytes(32).toString('hex') })).accessToken),
        401,
        'AUTH.UNAUTHENTICATED',
      );
      expectError(await me((await other({ audience: 'another-api' })).accessToken), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await me((await other({ issuer: 'someone-else' })).accessToken), 401, 'AUTH.UNAUTHENTICATED');
      expectError(await me(await sign(now() + 600, { audience: 'another-api' })), 401, 'AUTH.UNAUTHENTICATED');
    });
  });

  describe('roles', () => {
    it('reception may list clinics but not create one nor change payment settings', async () => {
      const reception = await createUser(adminToken, { email: 'reception@example.com', roles: ['reception'] });
      const list = await http().get('/api/v1/clinics').set(auth(reception.token));
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: ClinicView) => c.id)).toContain(mainClinic.id);
      expectError(
        await http().post('/api/v1/clinics').set(auth(reception.token)).send({ name: 'Not Allowed', currency: 'EUR' }),
        403,
        'AUTH.FORBIDDEN',
      );
      expectError(
        await http()
          .put(`/api/v1/clinics/${mainClinic.id}/payment-settings`)
          .set(auth(reception.token))
          .send({ bankChargePercent: '1.00' }),
        403,
        'AUTH.FORBIDDEN',
      );
      expectError(await http().get('/api/v1/users').set(auth(reception.token)), 403, 'AUTH.FORBIDDEN');
      expectError(
        await http()
          .post('/api/v1/users')
          .set(auth(reception.token))
          .send({ email: 'x@example.com', name: 'X', password: 'password-1', roles: ['admin'] }),
        403,
        'AUTH.FORBIDDEN',
      );
      const after = await http().get(`/api/v1/clinics/${mainClinic.id}`).set(auth(adminToken));
      expect(after.body.bankChargePercent).toBe(mainClinic.bankChargePercent);
      expect((await http().get('/api/v1/clinics').set(auth(adminToken))).body.items).toHaveLength(1);
    });

    it('an accountant may change payment settings', async () => {
      const accountant = await createUser(adminToken, { email: 'accountant@example.com', roles: ['accountant'] });
      const res = await http()
        .put(`/api/v1/clinics/${mainClinic.id}/payment-settings`)
        .set(auth(accountant.token))
        .send({ bankChargePercent: '1.75' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ id: mainClinic.id, bankChargePercent: '1.75' }));
      expectError(
        await http().post('/api/v1/clinics').set(auth(accountant.token)).send({ name: 'Not Allowed', currency: 'EUR' }),
        403,
        'AUTH.FORBIDDEN',
      );
    });

    it('an e-mail is taken once; an unknown role is a 400', async () => {
      const again = await http()
        .post('/api/v1/users')
        .set(auth(adminToken))
        .send({ email: 'Reception@example.com', name: 'Again', password: 'password-1', roles: ['reception'] });
      expectError(again, 409, 'USER.EMAIL_TAKEN');
      const badRole = await http()
        .post('/api/v1/users')
        .set(auth(adminToken))
        .send({ email: 'new@example.com', name: 'New', password: 'password-1', roles: ['owner'] });
      expectError(badRole, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(badRole)).toEqual(['roles']);
    });
  });

  describe('payment settings', () => {
    const put = (body: unknown) =>
      http()
        .put(`/api/v1/clinics/${mainClinic.id}/payment-settings`)
        .set(auth(adminToken))
        .send(body as object);
    const stored = async () =>
      (await http().get(`/api/v1/clinics/${mainClinic.id}`).set(auth(adminToken))).body.bankChargePercent;

    it.each([
      ['2.50', '2.50'],
      ['0', '0.00'],
      [null, null],
      ['12.3456', '12.3456'],
      ['100', '100.00'],
    ])('%p is stored and answered as %p', async (given, answered) => {
      const res = await put({ bankChargePercent: given });
      expect(res.status).toBe(200);
      expect(res.body.bankChargePercent).toBe(answered);
      expect(await stored()).toBe(answered);
    });

    it.each([
      ['"abc"', { bankChargePercent: 'abc' }],
      ['"-1"', { bankChargePercent: '-1' }],
      ['"101"', { bankChargePercent: '101' }],
      ['"1e2"', { bankChargePercent: '1e2' }],
      ['"2.12345"', { bankChargePercent: '2.12345' }],
      ['""', { bankChargePercent: '' }],
      ['a number', { bankChargePercent: 2.5 }],
      ['a missing field', {}],
    ])('%s is a 400 naming bankChargePercent and changes nothing', async (_, body) => {
      expect((await put({ bankChargePercent: '2.50' })).status).toBe(200);
      const res = await put(body);
      expectError(res, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(res)).toEqual(['bankChargePercent']);
      expect(res.body.message).toContain('bankChargePercent');
      expect(await stored()).toBe('2.50');
    });
  });

  describe('tenancy', () => {
    let other: { organizationId: string; token: string; clinic: ClinicView };

    beforeAll(async () => {
      // A second organization, as a later sign-up would make it: straight into the gateway's database.
      const em = gateway!.app.get(MikroORM).em.fork();
      const org = em.create(Organization, { name: 'Chain Two', firstClinicId: null });
      await em.flush();
      em.create(User, {
        organizationId: org.id,
        email: 'admin@chain-two.example.com',
        name: 'Chain Two Admin',
        passwordHash: await hashPassword('chain-two-password'),
        roles: ['admin'],
        clinicIds: null,
      });
      await em.flush();
      const token = await login('admin@chain-two.example.com', 'chain-two-password');
      other = { organizationId: org.id, token, clinic: await createClinic(token, 'Chain Two Clinic') };
    });

    it('another organization sees only its own clinic', async () => {
      expect(other.clinic.organizationId).toBe(other.organizationId);
      const list = await http().get('/api/v1/clinics').set(auth(other.token));
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: ClinicView) => c.id)).toEqual([other.clinic.id]);
      expectError(await http().get(`/api/v1/clinics/${mainClinic.id}`).set(auth(other.token)), 404, 'CLINIC.NOT_FOUND');
    });

    it("the first organization's admin gets 404 for the other organization's clinic", async () => {
      expectError(
        await http().get(`/api/v1/clinics/${other.clinic.id}`).set(auth(adminToken)),
        404,
        'CLINIC.NOT_FOUND',
      );
      expectError(
        await http()
          .put(`/api/v1/clinics/${other.clinic.id}/payment-settings`)
          .set(auth(adminToken))
          .send({ bankChargePercent: '9.00' }),
        404,
        'CLINIC.NOT_FOUND',
      );
      const list = await http().get('/api/v1/clinics').set(auth(adminToken));
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: ClinicView) => c.id)).not.toContain(other.clinic.id);
      expect(list.body.items.map((c: ClinicView) => c.organizationId)).toEqual(
        list.body.items.map(() => mainClinic.organizationId),
      );
      // the setting was not changed behind the 404
      expect(
        (await http().get(`/api/v1/clinics/${other.clinic.id}`).set(auth(other.token))).body.bankChargePercent,
      ).toBeNull();
      // nor may a user be given a clinic of another organization
      const res = await http()
        .post('/api/v1/users')
        .set(auth(adminToken))
        .send({
          email: 'spy@example.com',
          name: 'Spy',
          password: 'password-1',
          roles: ['accountant'],
          clinicIds: [other.clinic.id],
        });
      expectError(res, 404, 'CLINIC.NOT_FOUND');
    });

    it('a user restricted to clinic A gets 404 for clinic B of the same organization', async () => {
      const branch = await createClinic(adminToken, 'Branch Clinic');
      const restricted = await createUser(adminToken, {
        email: 'restricted@example.com',
        roles: ['accountant'],
        clinicIds: [mainClinic.id],
      });
      const list = await http().get('/api/v1/clinics').set(auth(restricted.token));
      expect(list.body.items.map((c: ClinicView) => c.id)).toEqual([mainClinic.id]);
      expectError(
        await http().get(`/api/v1/clinics/${branch.id}`).set(auth(restricted.token)),
        404,
        'CLINIC.NOT_FOUND',
      );
      expectError(
        await http()
          .put(`/api/v1/clinics/${branch.id}/payment-settings`)
          .set(auth(restricted.token))
          .send({ bankChargePercent: '3.00' }),
        404,
        'CLINIC.NOT_FOUND',
      );
      expect((await http().get(`/api/v1/clinics/${mainClinic.id}`).set(auth(restricted.token))).status).toBe(200);
      expect(
        (await http().get(`/api/v1/clinics/${branch.id}`).set(auth(adminToken))).body.bankChargePercent,
      ).toBeNull();
      const me = await http().get('/api/v1/me').set(auth(restricted.token));
      expect(me.body.clinicIds).toEqual([mainClinic.id]);
    });
  });

  describe('validation', () => {
    it('POST /clinics names every bad field', async () => {
      const res = await http()
        .post('/api/v1/clinics')
        .set(auth(adminToken))
        .send({ name: '', currency: 'EU', color: 'red' });
      expectError(res, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(res).sort()).toEqual(['color', 'currency', 'name']);
      for (const field of ['color', 'currency', 'name']) expect(res.body.message).toContain(field);
    });

    it.each([
      ['a lower-case currency', { name: 'X', currency: 'eur' }, 'currency'],
      ['an unknown currency', { name: 'X', currency: 'XXY' }, 'currency'],
      ['a name that is not a string', { name: 42, currency: 'EUR' }, 'name'],
      ['an unknown locale', { name: 'X', currency: 'EUR', locale: 'fr' }, 'locale'],
    ])('POST /clinics with %s is a 400 naming it', async (_, body, field) => {
      const res = await http().post('/api/v1/clinics').set(auth(adminToken)).send(body);
      expectError(res, 400, 'REQUEST.VALIDATION');
      expect(fieldsOf(res)).toEqual([field]);
    });

    it("a rule of the service behind is that service's 400, not a 500", async () => {
      const res = await http()
        .post('/api/v1/clinics')
        .set(auth(adminToken))
        .send({ name: 'Mars Dental', currency: 'EUR', timeZone: 'Mars/Olympus' });
      expectError(res, 400, 'CLINIC.INVALID_TIME_ZONE');
    });

    it('malformed JSON is a 400', async () => {
      const res = await http()
        .post('/api/v1/clinics')
        .set(auth(adminToken))
        .set('content-type', 'application/json')
        .send('{"name": "Broken",');
      expectError(res, 400, 'REQUEST.VALIDATION');
      const login = await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":');
      expectError(login, 400, 'REQUEST.VALIDATION');
    });

    it('an id that is not a uuid is a 400', async () => {
      expectError(await http().get('/api/v1/clinics/not-a-uuid').set(auth(adminToken)), 400, 'REQUEST.VALIDATION');
      expectError(
        await http()
          .put('/api/v1/clinics/123/payment-settings')
          .set(auth(adminToken))
          .send({ bankChargePercent: '1.00' }),
        400,
        'REQUEST.VALIDATION',
      );
    });

    it('an unknown clinic is a 404 and an unknown route a 404, both in the error shape', async () => {
      expectError(await http().get(`/api/v1/clinics/${randomUUID()}`).set(auth(adminToken)), 404, 'CLINIC.NOT_FOUND');
      expectError(await http().get('/api/v1/no-such-route').set(auth(adminToken)), 404);
    });
  });

  describe('public routes', () => {
    it('the OpenAPI document needs no token and lists the routes', async () => {
      const res = await http().get('/api/docs-json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/login',
          '/api/v1/me',
          '/api/v1/clinics',
          '/api/v1/clinics/{id}/payment-settings',
        ]),
      );
      expect(res.body.paths['/api/v1/auth/login']).toHaveProperty('post');
    });

    it('/health/ready needs no token and checks the database and NATS', async () => {
      const res = await http().get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body.info).toEqual(
        expect.objectContaining({
          database: expect.objectContaining({ status: 'up' }),
          nats: expect.objectContaining({ status: 'up' }),
        }),
      );
      expect((await http().get('/health/live')).status).toBe(200);
    });
  });

  describe('login rate limit', () => {
    let limited: Running<GatewayConfig> | undefined;

    beforeAll(async () => {
      // A second gateway on the same database with the default limit (10 a minute per client address).
      const g = await startService(gatewayService, gatewayEnv());
      limited = { ...g, closed: false };
    });

    afterAll(() => close(limited));

    it('the 11th attempt within a minute is a 429, even with the right password', async () => {
      expect(limited!.config.LOGIN_RATE_LIMIT).toBe(10);
      const server = limited!.app.getHttpServer();
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push(
          (
            await request(server)
              .post('/api/v1/auth/login')
              .send({ email: ADMIN.email, password: `wrong-${i}` })
          ).status,
        );
      }
      expect(statuses).toEqual(Array(10).fill(401));
      const eleventh = await request(server).post('/api/v1/auth/login').send(ADMIN);
      expectError(eleventh, 429, 'AUTH.TOO_MANY_ATTEMPTS');
      expect(eleventh.body).not.toHaveProperty('accessToken');
      // the limit is on login only
      expect((await request(server).get('/api/v1/me').set(auth(adminToken))).status).toBe(200);
    });
  });

  // Last: it stops `payments` (no one answers its subjects: no stub).
  describe('a service that is down', () => {
    it('answers 503 SERVICE.UNAVAILABLE, and what does not need it keeps working', async () => {
      payments.stop();
      const res = await http().get('/api/v1/clinics').set(auth(adminToken));
      expectError(res, 503, 'SERVICE.UNAVAILABLE');
      expect(res.body.message).toContain('payments');
      expectError(
        await http()
          .put(`/api/v1/clinics/${mainClinic.id}/payment-settings`)
          .set(auth(adminToken))
          .send({ bankChargePercent: '1.00' }),
        503,
        'SERVICE.UNAVAILABLE',
      );
      expect((await http().post('/api/v1/auth/login').send(ADMIN)).status).toBe(200);
    });
  });
});
