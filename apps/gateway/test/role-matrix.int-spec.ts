// One role matrix (apps/gateway/src/http/role-matrix.ts): every route of the gateway is in it, every route × role
// answers as it says, and README.md shows it. The gateway alone on real PostgreSQL and NATS: a role check comes
// before any request to a service, so a route the role may call answers what no service behind it means (503, or
// the clinics stub's 404), never 403. e2e/role-matrix.e2e-spec.ts has the checks that need the services' answers.
import { Role, ROLES } from '@dental/contracts';
import { startService } from '@dental/platform';
import { GatewayClient, TestBus, TestWorld } from '@dental/testing';
import { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { gatewayService } from '../src/gateway.definition';
import { mayCall, ROLE_MATRIX, RouteRule } from '../src/http/role-matrix';
import { renderRoleTable } from '../src/http/role-table';
import { stubPaymentsClinics } from './support/payments-clinics.stub';

jest.setTimeout(180_000);

const PASSWORD = 'user-password-1';
const UNLISTED = ['/health/live', '/health/ready', '/api/v1/health/live', '/api/v1/health/ready', '/metrics'];

/** Every route the gateway's HTTP server serves, as `METHOD /path` without the /api/v1 prefix. */
function servedRoutes(gateway: INestApplication): string[] {
  const express = gateway.getHttpAdapter().getInstance() as {
    router?: { stack: Layer[] };
    _router?: { stack: Layer[] };
  };
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const stack = (express.router ?? express._router)!.stack;
  const routes = new Set<string>();
  for (const layer of stack) {
    // the API under /api/v1 (the docs' own routes and catch-alls are not the API)
    const path = layer.route?.path;
    if (!path?.startsWith('/api/v1/') || path.includes('{*') || UNLISTED.includes(path)) continue;
    for (const [method, on] of Object.entries(layer.route!.methods)) {
      if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${path.slice('/api/v1'.length)}`);
    }
  }
  return [...routes].sort();
}

describe('the role matrix (integration: the gateway alone)', () => {
  const world = new TestWorld();
  const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' };
  const tokens = new Map<Role, string>();
  let bus: TestBus;
  let gateway: INestApplication;
  let url: string;
  const http = () => request(gateway.getHttpServer());
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  async function user(roles: Role[]): Promise<string> {
    const email = `${roles.join('-')}-${randomBytes(4).toString('hex')}@example.com`;
    const res = await http()
      .post('/api/v1/users')
      .set(auth(tokens.get('admin')!))
      .send({ email, name: email, password: PASSWORD, roles });
    expect(res.status).toBe(201);
    return new GatewayClient(url).login(email, PASSWORD);
  }

  beforeAll(async () => {
    bus = await TestBus.connect(world);
    stubPaymentsClinics(bus);
    ({ app: gateway, url } = await startService(
      gatewayService,
      world.env('gateway', {
        JWT_SECRET: randomBytes(32).toString('hex'),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOGIN_RATE_LIMIT: '1000',
        RPC_TIMEOUT_MS: '1500',
        // every allowed route answers 503 here: the warnings would drown the output
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      }),
    ));
    tokens.set('admin', await new GatewayClient(url).login(ADMIN.email, ADMIN.password));
    for (const role of ROLES) if (role !== 'admin') tokens.set(role, await user([role]));
  });

  afterAll(async () => {
    try {
      await gateway?.close();
      await bus?.close();
    } finally {
      await world.cleanup();
    }
  });

  it('every route the gateway serves is in the matrix, and every row of the matrix is a route', () => {
    expect(servedRoutes(gateway)).toEqual(Object.keys(ROLE_MATRIX).sort());
  });

  it('README.md shows the matrix as it is', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain(renderRoleTable());
  });

  it('every route × role: refused (403 AUTH.FORBIDDEN) exactly where the matrix says so', async () => {
    const mismatches: string[] = [];
    for (const [key, rule] of Object.entries(ROLE_MATRIX) as [string, RouteRule][]) {
      if (rule.access === 'public') continue;
      const [method, template] = key.split(' ');
      const path = `/api/v1${template.replace(/:[A-Za-z]+/g, () => randomUUID())}`;
      for (const role of ROLES) {
        const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const agent = http();
        const res = await agent[verb](path)
          .set(auth(tokens.get(role)!))
          .send({});
        const refused = res.status === 403 && res.body.code === 'AUTH.FORBIDDEN';
        if (refused === mayCall(rule, [role])) mismatches.push(`${key} as ${role}: ${res.status} ${res.body.code}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
