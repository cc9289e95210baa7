// docker-compose.yml, the Dockerfile and .dockerignore, checked without a Docker engine: the compose file is parsed
// and held against the service catalog; the Dockerfile against the build facts (any app by name, production
// dependencies only, non-root, read-only).
import { SERVICE_NAMES, SERVICES } from '@dental/contracts';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { checkInitSql, COMMON_ENV, Finding, SECRET_ENV, SERVICE_ENV } from './tools/checks';

const ROOT = resolve(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
  read_only?: boolean;
  tmpfs?: string[];
  volumes?: string[];
  cap_drop?: string[];
}

// Compose files use YAML merge keys (<<: *anchor) for the shared settings.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const INFRA = ['postgres', 'nats', 'mailpit'];

describe('docker-compose.yml', () => {
  it('holds the six services, one migrate step each, and the infrastructure: nothing else', () => {
    const expected = [...SERVICE_NAMES.flatMap((n) => [n, `${n}-migrate`]), ...INFRA].sort();
    expect(Object.keys(services).sort()).toEqual(expected);
  });

  it.each(SERVICE_NAMES)(
    '%s: built from the Dockerfile by name, on its catalog port, with its own database',
    (name) => {
      const s = services[name];
      const { port, database } = SERVICES[name];
      expect(s.build?.context).toBe('.');
      expect(s.build?.args?.APP).toBe(name);
      expect(s.environment?.PORT).toBe(String(port));
      expect(s.ports?.some((p) => p.endsWith(`:${port}`))).toBe(true);
      const url = new URL((s.environment?.DATABASE_URL ?? '').replace(/\$\{[^}]+\}/g, 'x'));
      expect(url.protocol).toBe('postgres:');
      expect(url.host).toBe('postgres:5432');
      expect(url.pathname).toBe(`/${database}`);
      expect(s.environment?.MIGRATE_ON_START).toBe('true');
      expect(s.environment?.BUS_PREFIX).toBe('');
      for (const key of [...COMMON_ENV, ...(SERVICE_ENV[name] ?? [])])
        expect(Object.keys(s.environment ?? {})).toContain(key);
      // Secrets come from the caller's environment, with a dev default.
      for (const key of Object.keys(s.environment ?? {}).filter((k) => SECRET_ENV.has(k)))
        expect(s.environment?.[key]).toMatch(/^\$\{[A-Z_]+:-/);
    },
  );

  it.each(SERVICE_NAMES)('%s: health-checked, started after PostgreSQL, NATS and its migrations', (name) => {
    const s = services[name];
    expect(s.healthcheck?.test).toEqual(['CMD', 'node', '/app/healthcheck.cjs']);
    expect(s.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(s.depends_on?.nats?.condition).toBe('service_healthy');
    expect(s.depends_on?.[`${name}-migrate`]?.condition).toBe('service_completed_successfully');
    expect(s.read_only).toBe(true);
    expect(s.tmpfs).toContain('/tmp');
    expect(s.cap_drop).toContain('ALL');
  });

  it.each(SERVICE_NAMES)('%s-migrate: runs the migrations of the same image against the same database', (name) => {
    const m = services[`${name}-migrate`];
    const s = services[name];
    expect(m.command).toEqual(['node', `dist/apps/${name}/src/migrate.js`]);
    expect(m.image).toBe(s.image);
    expect(m.build).toEqual(s.build);
    expect(m.environment?.DATABASE_URL).toBe(s.environment?.DATABASE_URL);
    expect(m.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('only the gateway is published beyond localhost', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const p of s.ports ?? []) {
        if (name !== 'gateway') expect(p).toMatch(/^127\.0\.0\.1:/);
      }
    }
  });

  it('runs PostgreSQL 15 with one database per service, and NATS 2.11 with JetStream and monitoring', () => {
    expect(services.postgres.image).toMatch(/^postgres:15([.-]|$)/);
    const init = services.postgres.volumes?.find((v) => v.includes('/docker-entrypoint-initdb.d/'));
    expect(init).toBeDefined();
    const findings: Finding[] = [];
    checkInitSql(
      read(init!.split(':')[0]),
      { services: SERVICES, health: { live: '', ready: '' }, metricsPath: '' },
      'init',
      (rule, object, message) => findings.push({ rule, object: String(object), message }),
    );
    expect(findings).toEqual([]);
    expect(services.nats.image).toMatch(/^nats:2\.11([.-]|$)/);
    expect(services.nats.command).toEqual(expect.arrayContaining(['-js', '-m', '8222']));
    for (const name of INFRA) expect(services[name].healthcheck?.test?.length).toBeGreaterThan(1);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const last = stages[stages.length - 1];

  it('builds any app by name on Node 20 (bookworm-slim)', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(stages.every((s) => s.startsWith('${NODE_IMAGE}'))).toBe(true);
    expect(dockerfile).toMatch(/^ARG APP$/m);
    expect(dockerfile).toMatch(/npm ci --ignore-scripts\b/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toContain('dist/apps/${APP}/src/main.js');
  });

  it('gives the gateway image the built web app (dist/apps/web, copied with dist/) or fails the build', () => {
    const build = stages.find((s) => / AS build\b/.test(s))!;
    expect(build).toMatch(/^COPY \. \.$/m);
    expect(build).toMatch(/test "\$\{APP\}" != gateway \|\| test -f dist\/apps\/web\/index\.html/);
    expect(last).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(services.gateway.environment?.WEB_ROOT).toBe('/app/dist/apps/web');
  });

  it('ships production dependencies only, as uid 10001, starting the service', () => {
    const copies = last.match(/^COPY --from=(\S+) \S+\/node_modules/m);
    expect(copies).not.toBeNull();
    const depsStage = stages.find((s) => s.includes(` AS ${copies![1]}`))!;
    expect(depsStage).toMatch(/npm ci --omit=dev/);
    expect(last).not.toMatch(/npm (ci|install)/);
    expect(last).toMatch(/^USER 10001(:10001)?$/m);
    expect(last).toMatch(/^CMD \["node", "\/app\/service\/main\.js"\]$/m);
    expect(last).toContain('ln -s "dist/apps/${APP}/src" /app/service');
    expect(existsSync(join(ROOT, 'deploy/docker/healthcheck.cjs'))).toBe(true);
  });

  it('.dockerignore keeps secrets, local state and other builds out of the context', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.git', 'node_modules', 'dist', '.env', '.env.*', '.data']) expect(ignore).toContain(entry);
    expect(ignore).toContain('!deploy/docker/healthcheck.cjs');
  });
});
