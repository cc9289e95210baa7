// Signing in from a browser (README "Signing in from a browser") against real PostgreSQL and NATS: the session and
// CSRF cookies and their flags, the cookie accepted like a bearer token, the CSRF header on every change, Bearer
// winning over the cookie, sign-out, an ended session's own code, and a wrong password setting nothing.
// The gateway alone: `payments`, whose clinics GET /me lists, is played on the bus (test/support/payments-clinics.stub).
import { startService } from '@dental/platform';
import { eventually, GatewayClient, TestBus, TestWorld } from '@dental/testing';
import { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { gatewayService } from '../src/gateway.definition';
import { stubPaymentsClinics } from './support/payments-clinics.stub';

jest.setTimeout(60_000);

const SECRET = randomBytes(32).toString('hex');
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
const TTL_SECONDS = 1800;

interface SetCookie {
  value: string;
  /** attribute name (lower case) → value ('' for a flag) */
  attributes: Record<string, string>;
}

/** The Set-Cookie headers of an answer, by cookie name. */
function setCookies(res: request.Response): Record<string, SetCookie> {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  const out: Record<string, SetCookie> = {};
  for (const line of header ?? []) {
    const [pair, ...attrs] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = {
      value: decodeURIComponent(pair.slice(eq + 1)),
      attributes: Object.fromEntries(
        attrs.map((a) => {
          const i = a.indexOf('=');
          return i < 0 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
        }),
      ),
    };
  }
  return out;
}

/** A browser's signed-in state: the two cookie values it would send back. */
interface Session {
  session: string;
  csrf: string;
}

const cookieHeader = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

describe('browser session (integration, real PostgreSQL + NATS)', () => {
  const world = new TestWorld();
  let bus: TestBus | undefined;
  let gateway: INestApplication | undefined;
  let adminToken: string;
  let adminMe: Record<string, unknown>;

  const http = () => request(gateway!.getHttpServer());
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const withSession = (s: Session) => ({ cookie: cookieHeader({ df_session: s.session, df_csrf: s.csrf }) });

  async function signIn(email: string, password: string): Promise<Session & { res: request.Response }> {
    const res = await http().post('/api/v1/auth/session').send({ email, password });
    expect(res.status).toBe(200);
    const cookies = setCookies(res);
    return { session: cookies.df_session.value, csrf: cookies.df_csrf.value, res };
  }

  /** POST /users: a change only an admin may make, answered by the gateway alone. */
  const newUser = (roles: string[] = ['reception']) => ({
    email: `u-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Cookie User',
    password: 'user-password-1',
    roles,
  });
  const userCount = async () => (await http().get('/api/v1/users').set(bearer(adminToken))).body.total as number;

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    stubPaymentsClinics(bus);
    let url: string;
    ({ app: gateway, url } = await startService(
      gatewayService,
      world.env('gateway', {
        JWT_SECRET: SECRET,
        JWT_TTL_SECONDS: String(TTL_SECONDS),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOGIN_RATE_LIMIT: '1000',
        // one proxy in front: X-Forwarded-Proto says whether the browser came over TLS
        TRUST_PROXY: '1',
        WEB_ROOT: `/nonexistent-${world.tag}`,
      }),
    ));
    adminToken = await new GatewayClient(url).login(ADMIN.email, ADMIN.password);
    // the first clinic is created in the background once payments answers: /me lists it
    adminMe = await eventually(async () => {
      const me = await http().get('/api/v1/me').set(bearer(adminToken));
      expect(me.body.clinics).toHaveLength(1);
      return me.body as Record<string, unknown>;
    });
  });

  afterAll(async () => {
    try {
      await gateway?.close();
      await bus?.close();
    } finally {
      await world.cleanup();
    }
  });

  describe('POST /auth/session', () => {
    it("answers the session's lifetime and GET /me's body, and sets the two cookies with their flags", async () => {
      const { res } = await signIn(ADMIN.email, ADMIN.password);
      expect(res.body).toEqual({ expiresIn: TTL_SECONDS, user: adminMe });
      expect(res.headers['cache-control']).toBe('no-store');
      const cookies = setCookies(res);
      expect(Object.keys(cookies).sort()).toEqual(['df_csrf', 'df_session']);
      expect(cookies.df_session.attributes).toEqual({
        'max-age': String(TTL_SECONDS),
        path: '/api',
        expires: expect.any(String),
        httponly: '',
        samesite: 'Strict',
      });
      expect(cookies.df_csrf.attributes).toEqual({
        'max-age': String(TTL_SECONDS),
        path: '/',
        expires: expect.any(String),
        samesite: 'Strict',
      });
      expect(Date.parse(cookies.df_session.attributes.expires)).toBeGreaterThan(Date.now() + (TTL_SECONDS - 60) * 1000);
      // 32 random bytes, base64url
      expect(cookies.df_csrf.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // the same JWT the Bearer login gives: it works as a bearer token too
      const me = await http().get('/api/v1/me').set(bearer(cookies.df_session.value));
      expect(me.body).toEqual(adminMe);
    });

    it('gives every sign-in its own CSRF token', async () => {
      const [a, b] = [await signIn(ADMIN.email, ADMIN.password), await signIn(ADMIN.email, ADMIN.password)];
      expect(a.csrf).not.toBe(b.csrf);
    });

    it('marks both cookies Secure when the browser came over TLS (X-Forwarded-Proto from the trusted proxy)', async () => {
      const res = await http().post('/api/v1/auth/session').set('x-forwarded-proto', 'https').send(ADMIN);
      expect(res.status).toBe(200);
      const cookies = setCookies(res);
      expect(cookies.df_session.attributes).toHaveProperty('secure', '');
      expect(cookies.df_csrf.attributes).toHaveProperty('secure', '');
      const plain = setCookies(await http().post('/api/v1/auth/session').set('x-forwarded-proto', 'http').send(ADMIN));
      expect(plain.df_session.attributes).not.toHaveProperty('secure');
      expect(plain.df_csrf.attributes).not.toHaveProperty('secure');
    });

    it('answers 401 AUTH.UNAUTHENTICATED to a wrong password or an unknown e-mail and sets nothing', async () => {
      for (const body of [
        { email: ADMIN.email, password: 'wrong-password' },
        { email: 'nobody@example.com', password: ADMIN.password },
      ]) {
        const res = await http().post('/api/v1/auth/session').send(body);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.body).not.toHaveProperty('user');
      }
    });

    it('answers 400 naming the field for a malformed body, setting nothing', async () => {
      const res = await http().post('/api/v1/auth/session').send({ email: 'not-an-email', password: 'x' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['email']);
      expect(res.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('the session cookie in place of a bearer token', () => {
    it('signs a GET in with the cookie alone; no CSRF header is needed to read', async () => {
      const s = await signIn(ADMIN.email, ADMIN.password);
      const me = await http().get('/api/v1/me').set(withSession(s));
      expect({ status: me.status, body: me.body }).toEqual({ status: 200, body: adminMe });
      // the session cookie is enough: the CSRF cookie matters only to changes
      const bare = await http()
        .get('/api/v1/me')
        .set({ cookie: cookieHeader({ df_session: s.session }) });
      expect(bare.status).toBe(200);
    });

    it('refuses a change without the X-CSRF-Token header, or with a wrong one, with 403 and does nothing', async () => {
      const s = await signIn(ADMIN.email, ADMIN.password);
      const other = await signIn(ADMIN.email, ADMIN.password);
      const before = await userCount();
      const attempts = [
        http().post('/api/v1/users').set(withSession(s)).send(newUser()),
        http().post('/api/v1/users').set(withSession(s)).set('x-csrf-token', 'guessed').send(newUser()),
        // another session's token (a valid one, but not this browser's cookie)
        http().post('/api/v1/users').set(withSession(s)).set('x-csrf-token', other.csrf).send(newUser()),
        // the header without the CSRF cookie to compare it with
        http()
          .post('/api/v1/users')
          .set({ cookie: cookieHeader({ df_session: s.session }) })
          .set('x-csrf-token', s.csrf)
          .send(newUser()),
      ];
      for (const res of await Promise.all(attempts)) {
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'AUTH.CSRF_TOKEN_INVALID' });
        expect(res.body.message).toContain('x-csrf-token');
      }
      const id = '00000000-0000-4000-8000-000000000000';
      for (const [method, path] of [
        ['put', `/api/v1/clinics/${id}/payment-settings`],
        ['patch', `/api/v1/labs/${id}`],
        ['delete', `/api/v1/work-orders/${id}/payments/${id}`],
      ] as const) {
        const res = await http()[method](path).set(withSession(s)).send({});
        expect({ method, status: res.status, code: res.body.code }).toEqual({
          method,
          status: 403,
          code: 'AUTH.CSRF_TOKEN_INVALID',
        });
      }
      expect(await userCount()).toBe(before);
    });

    it('makes the change when X-CSRF-Token equals the df_csrf cookie', async () => {
      const s = await signIn(ADMIN.email, ADMIN.password);
      const before = await userCount();
      const user = newUser();
      const res = await http().post('/api/v1/users').set(withSession(s)).set('x-csrf-token', s.csrf).send(user);
      expect({ status: res.status, email: res.body.email }).toEqual({ status: 201, email: user.email });
      expect(await userCount()).toBe(before + 1);
    });

    it("keeps the role matrix: a reception user's cookie with the right CSRF header may not create users", async () => {
      const reception = newUser(['reception']);
      await http().post('/api/v1/users').set(bearer(adminToken)).send(reception).expect(201);
      const s = await signIn(reception.email, reception.password);
      const me = await http().get('/api/v1/me').set(withSession(s));
      expect(me.body).toEqual(expect.objectContaining({ email: reception.email, roles: ['reception'] }));
      const res = await http().post('/api/v1/users').set(withSession(s)).set('x-csrf-token', s.csrf).send(newUser());
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
    });

    it('leaves Bearer as it was: with both, the Authorization header decides and needs no CSRF header', async () => {
      const reception = newUser(['reception']);
      await http().post('/api/v1/users').set(bearer(adminToken)).send(reception).expect(201);
      const receptionSession = await signIn(reception.email, reception.password);
      // the admin's bearer token with reception's cookie: the admin
      const me = await http().get('/api/v1/me').set(bearer(adminToken)).set(withSession(receptionSession));
      expect(me.body.email).toBe(ADMIN.email);
      const created = await http()
        .post('/api/v1/users')
        .set(bearer(adminToken))
        .set(withSession(receptionSession))
        .send(newUser());
      expect(created.status).toBe(201);
      // a bad bearer token is refused even beside a valid cookie, with the bearer's code
      const bad = await http().get('/api/v1/me').set(bearer('not-a-token')).set(withSession(receptionSession));
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
      // and Bearer alone still needs no cookie
      expect((await http().post('/api/v1/users').set(bearer(adminToken)).send(newUser())).status).toBe(201);
    });

    it('answers 401 AUTH.SESSION_EXPIRED to an expired, tampered or foreign cookie, before any CSRF check', async () => {
      const s = await signIn(ADMIN.email, ADMIN.password);
      const now = Math.floor(Date.now() / 1000);
      const sign = (exp: number, secret = SECRET) =>
        new SignJWT({ org: adminMe.organizationId, clinics: '*', roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(adminMe.id as string)
          .setIssuer('dental-finance')
          .setAudience('dental-finance-api')
          .setIssuedAt(exp - 3600)
          .setExpirationTime(exp)
          .sign(new TextEncoder().encode(secret));
      // the same construction, valid: the cases below fail for the one thing each changes
      const valid = await http()
        .get('/api/v1/me')
        .set(withSession({ ...s, session: await sign(now + 600) }));
      expect(valid.status).toBe(200);
      const ended = [
        await sign(now - 10),
        await sign(now + 600, randomBytes(32).toString('hex')),
        `${s.session.slice(0, -4)}AAAA`,
        'garbage',
      ];
      for (const session of ended) {
        const get = await http()
          .get('/api/v1/me')
          .set(withSession({ ...s, session }));
        expect({ status: get.status, code: get.body.code }).toEqual({ status: 401, code: 'AUTH.SESSION_EXPIRED' });
        const post = await http()
          .post('/api/v1/users')
          .set(withSession({ ...s, session }))
          .set('x-csrf-token', s.csrf)
          .send(newUser());
        expect({ status: post.status, code: post.body.code }).toEqual({ status: 401, code: 'AUTH.SESSION_EXPIRED' });
      }
      expect(
        (
          await http()
            .get('/api/v1/me')
            .set(withSession({ ...s, session: await sign(now - 10) }))
        ).body.message,
      ).toMatch(/session has ended \(token expired\)/);
    });

    it('answers 401 AUTH.UNAUTHENTICATED with no session cookie (a CSRF cookie alone is nothing)', async () => {
      const res = await http().get('/api/v1/me').set({ cookie: 'df_csrf=abc; other=1' });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    });
  });

  describe('DELETE /auth/session', () => {
    it('clears both cookies on their paths (204), with or without a session', async () => {
      const s = await signIn(ADMIN.email, ADMIN.password);
      for (const headers of [withSession(s), {}]) {
        const res = await http().delete('/api/v1/auth/session').set(headers);
        expect(res.status).toBe(204);
        expect(res.text).toBe('');
        const cleared = setCookies(res);
        expect(Object.keys(cleared).sort()).toEqual(['df_csrf', 'df_session']);
        expect(cleared.df_session).toEqual({
          value: '',
          attributes: expect.objectContaining({ path: '/api', httponly: '', samesite: 'Strict' }),
        });
        expect(cleared.df_csrf).toEqual({ value: '', attributes: expect.objectContaining({ path: '/' }) });
        for (const c of Object.values(cleared)) expect(Date.parse(c.attributes.expires)).toBeLessThan(Date.now());
      }
      // what the browser then sends (no cookies) is signed out
      const after = await http().get('/api/v1/me');
      expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    });
  });
});
