// Renders every overlay offline and validates it: schemas (Kubernetes, KEDA, CloudNativePG) and the policy checks
// of deploy/tools/checks.ts against the service catalog. The negative tests break one thing at a time and expect
// the validation to name it, so a check that silently stopped checking would fail here.
import { HEALTH_PATHS, METRICS_PATH, SERVICE_NAMES, SERVICES } from '@dental/contracts';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Catalog, checkInitSql, checkManifests, CheckOptions, Finding, formatFindings } from './tools/checks';
import { KObject, render } from './tools/kustomize';
import { SchemaError, validateSchemas } from './tools/schemas';

const DEPLOY = __dirname;
const ROOT = resolve(DEPLOY, '..');
const OVERLAYS = readdirSync(join(DEPLOY, 'overlays')).filter((d) =>
  existsSync(join(DEPLOY, 'overlays', d, 'kustomization.yaml')),
);
const catalog: Catalog = { services: SERVICES, health: HEALTH_PATHS, metricsPath: METRICS_PATH };

/** Services in apps/ (a project.json with projectType application; the web app, type:web, is served by the gateway). */
const apps = readdirSync(join(ROOT, 'apps')).filter((d) => {
  const file = join(ROOT, 'apps', d, 'project.json');
  if (!existsSync(file)) return false;
  const project = JSON.parse(readFileSync(file, 'utf8'));
  return project.projectType === 'application' && !(project.tags ?? []).includes('type:web');
});

const environmentOf = (overlay: string): CheckOptions['environment'] =>
  overlay === 'production' ? 'production' : 'dev';
const formatSchemaErrors = (errors: SchemaError[]) =>
  errors.map((e) => `${e.object} ${e.path}: ${e.message}`).join('\n');

// Also compared with `kubectl kustomize` (kubectl is on every machine image of this project).

const rendered = new Map<string, KObject[]>();
function overlay(name: string): KObject[] {
  if (!rendered.has(name)) rendered.set(name, render(join(DEPLOY, 'overlays', name)));
  return structuredClone(rendered.get(name)!);
}

const byId = (objects: KObject[]) =>
  new Map(objects.map((o) => [`${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`, o]));

function get(objects: KObject[], kind: string, name: string): KObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered`);
  return o;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const podSpec = (o: KObject): Any => (o.spec as Any).template.spec;
const container = (o: KObject, name?: string): Any => podSpec(o).containers.find((c: Any) => !name || c.name === name);

function findings(
  objects: KObject[],
  environment: CheckOptions['environment'] = 'dev',
  extraApps: string[] = [],
): Finding[] {
  return checkManifests(objects, catalog, { environment, apps: [...apps, ...extraApps] });
}
const rulesOf = (f: Finding[]) => [...new Set(f.map((x) => x.rule))].sort();

describe('the service catalog', () => {
  it('lists every application in apps/', () => {
    expect([...SERVICE_NAMES].sort()).toEqual(expect.arrayContaining(apps.sort()));
  });
});

describe.each(OVERLAYS)('overlay %s', (name) => {
  it('renders', () => {
    expect(overlay(name).length).toBeGreaterThan(0);
  });

  it('matches the Kubernetes, KEDA and CloudNativePG schemas', () => {
    expect(formatSchemaErrors(validateSchemas(overlay(name)))).toBe('');
  });

  it('passes the deployment checks against the catalog', () => {
    expect(formatFindings(findings(overlay(name), environmentOf(name)))).toBe('');
  });

  it('has a Deployment, Service, PodDisruptionBudget and migrate Job for every service of the catalog', () => {
    const objects = overlay(name);
    for (const service of SERVICE_NAMES) {
      for (const [kind, id] of [
        ['Deployment', service],
        ['Service', service],
        ['PodDisruptionBudget', service],
        ['Job', `${service}-migrate`],
      ]) {
        expect(objects.some((o) => o.kind === kind && o.metadata.name === id)).toBe(true);
      }
    }
  });

  it('renders exactly what `kubectl kustomize` renders', () => {
    const dir = join(DEPLOY, 'overlays', name);
    const theirs = parseAllDocuments(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' })).map(
      (d) => d.toJS() as KObject,
    );
    const mine = byId(JSON.parse(JSON.stringify(overlay(name))) as KObject[]);
    const other = byId(theirs);
    expect([...mine.keys()].sort()).toEqual([...other.keys()].sort());
    for (const [id, o] of other) expect({ id, o: mine.get(id) }).toEqual({ id, o });
  });
});

describe('the checks catch what is wrong', () => {
  const dev = () => overlay('dev');

  it('a Deployment without a readiness probe', () => {
    const objects = dev();
    delete container(get(objects, 'Deployment', 'payments')).readinessProbe;
    expect(findings(objects)).toContainEqual(expect.objectContaining({ rule: 'probe', object: 'Deployment/payments' }));
  });

  it('a Deployment without a liveness probe, or probing the wrong path', () => {
    const objects = dev();
    delete container(get(objects, 'Deployment', 'gateway')).livenessProbe;
    container(get(objects, 'Deployment', 'work-orders')).readinessProbe.httpGet.path = '/healthz';
    const f = findings(objects).filter((x) => x.rule === 'probe');
    expect(f.map((x) => x.object).sort()).toEqual(['Deployment/gateway', 'Deployment/work-orders']);
  });

  it('a container without limits', () => {
    const objects = dev();
    delete container(get(objects, 'Deployment', 'reporting')).resources.limits;
    delete container(get(objects, 'StatefulSet', 'nats')).resources.limits.memory;
    const f = findings(objects).filter((x) => x.rule === 'limits');
    expect(f.map((x) => x.object)).toEqual(expect.arrayContaining(['Deployment/reporting', 'StatefulSet/nats']));
  });

  it('a container running as root, writable, or escalating', () => {
    const objects = dev();
    const d = get(objects, 'Deployment', 'notifications');
    podSpec(d).securityContext.runAsUser = 0;
    const job = get(objects, 'Job', 'payments-migrate');
    delete podSpec(job).securityContext.runAsNonRoot;
    container(get(objects, 'Deployment', 'payments')).securityContext.readOnlyRootFilesystem = false;
    const f = findings(objects).filter((x) => x.rule === 'security');
    expect(f.map((x) => x.object)).toEqual(
      expect.arrayContaining(['Deployment/notifications', 'Job/payments-migrate', 'Deployment/payments']),
    );
  });

  it('a port that does not match the catalog', () => {
    const objects = dev();
    container(get(objects, 'Deployment', 'payments')).ports[0].containerPort = 3999;
    get(objects, 'ConfigMap', 'reporting-config').data = { PORT: '3999' };
    const f = findings(objects).filter((x) => x.rule === 'port');
    expect(f.map((x) => x.object)).toEqual(expect.arrayContaining(['Deployment/payments', 'Deployment/reporting']));
  });

  it('a service of the catalog or of apps/ without a Deployment', () => {
    const objects = dev().filter((o) => !(o.kind === 'Deployment' && o.metadata.name === 'reporting'));
    const f = findings(objects, 'dev', ['invoicing']);
    expect(f).toContainEqual(expect.objectContaining({ rule: 'deployment', object: 'Deployment/reporting' }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'deployment', object: 'Deployment/invoicing' }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'catalog', object: 'apps/invoicing' }));
  });

  it('a missing migrate Job, PodDisruptionBudget or Service', () => {
    const gone = new Set(['Job/payments-migrate', 'PodDisruptionBudget/gateway', 'Service/reporting']);
    const objects = dev().filter((o) => !gone.has(`${o.kind}/${o.metadata.name}`));
    expect(rulesOf(findings(objects))).toEqual(expect.arrayContaining(['migrate', 'pdb', 'service']));
  });

  it('a short grace period or no preStop', () => {
    const objects = dev();
    podSpec(get(objects, 'Deployment', 'payments')).terminationGracePeriodSeconds = 30;
    delete container(get(objects, 'Deployment', 'gateway')).lifecycle;
    const f = findings(objects).filter((x) => x.rule === 'termination');
    expect(f.map((x) => x.object).sort()).toEqual(['Deployment/gateway', 'Deployment/payments']);
  });

  it('the wrong database, a literal secret, a committed Secret', () => {
    const objects = dev();
    const url = container(get(objects, 'Deployment', 'payments')).env.find((e: Any) => e.name === 'DATABASE_URL');
    url.value = url.value.replace('dental_payments', 'dental_reporting');
    const jwt = container(get(objects, 'Deployment', 'gateway')).env.find((e: Any) => e.name === 'JWT_SECRET');
    delete jwt.valueFrom;
    jwt.value = 'a-secret-written-into-the-manifest-0123456789';
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'payments-db', labels: { 'dental.io/phase': 'infra' } },
      stringData: { password: 'x' },
    });
    const f = findings(objects);
    expect(f).toContainEqual(expect.objectContaining({ rule: 'database', object: 'Deployment/payments' }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'secret', object: 'Deployment/gateway' }));
    expect(f).toContainEqual(expect.objectContaining({ rule: 'secret', object: 'Secret/payments-db' }));
  });

  it('migrations on start, or a missing variable', () => {
    const objects = dev();
    get(objects, 'ConfigMap', 'platform-config').data = {
      ...(get(objects, 'ConfigMap', 'platform-config').data as object),
      MIGRATE_ON_START: 'true',
    };
    const env = container(get(objects, 'Deployment', 'notifications')).env;
    container(get(objects, 'Deployment', 'notifications')).env = env.filter((e: Any) => e.name !== 'SMTP_URL');
    const f = findings(objects).filter((x) => x.rule === 'env');
    expect(f.some((x) => /MIGRATE_ON_START/.test(x.message))).toBe(true);
    expect(f).toContainEqual(
      expect.objectContaining({ object: 'Deployment/notifications', message: 'SMTP_URL is not set' }),
    );
  });

  it('a network rule that opens a service to everyone, or lets it reach anything', () => {
    const objects = dev();
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'open-payments', namespace: 'dental-dev', labels: { 'dental.io/phase': 'infra' } },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'payments' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{}],
        egress: [{ ports: [{ port: 443 }] }],
      },
    });
    const f = findings(objects).filter((x) => x.rule === 'network');
    expect(f.map((x) => x.message).join('\n')).toMatch(/lets anyone reach payments/);
    expect(f.map((x) => x.message).join('\n')).toMatch(/without destination or ports/);
  });

  it('a service that can call another one directly (they talk over NATS only)', () => {
    const objects = dev();
    const labels = (name: string) => ({
      matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'service' },
    });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'gateway-to-payments', namespace: 'dental-dev', labels: { 'dental.io/phase': 'infra' } },
      spec: {
        podSelector: labels('gateway'),
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: labels('payments') }], ports: [{ port: 3003 }] }],
      },
    });
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'payments-from-gateway', namespace: 'dental-dev', labels: { 'dental.io/phase': 'infra' } },
      spec: {
        podSelector: labels('payments'),
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: labels('gateway') }], ports: [{ port: 'http' }] }],
      },
    });
    const messages = findings(objects)
      .filter((x) => x.rule === 'network')
      .map((x) => x.message)
      .join('\n');
    expect(messages).toMatch(/gateway can connect to payments directly/);
    expect(messages).toMatch(/lets gateway reach/);
  });

  it('services that cannot reach PostgreSQL or NATS', () => {
    const objects = dev().filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'services-egress'));
    const f = findings(objects).filter((x) => x.rule === 'network');
    expect(f.some((x) => /cannot reach postgres/.test(x.message))).toBe(true);
    expect(f.some((x) => /cannot reach nats/.test(x.message))).toBe(true);
  });

  it('a KEDA trigger on the wrong consumer, stream or namespace', () => {
    const objects = dev();
    const triggers = (get(objects, 'ScaledObject', 'reporting').spec as Any).triggers;
    triggers[0].metadata.consumer = 'reporting-v2';
    triggers[1].metadata.stream = 'ORDERS';
    triggers[2].metadata.natsServerMonitoringEndpoint = 'nats-headless.dental.svc.cluster.local:8222';
    const messages = findings(objects)
      .filter((x) => x.rule === 'autoscaling')
      .map((x) => x.message)
      .join('\n');
    expect(messages).toMatch(/consumer reporting-v2/);
    expect(messages).toMatch(/stream ORDERS/);
    expect(messages).toMatch(/endpoint namespace dental/);
  });

  it('a fixed replica count on an autoscaled Deployment', () => {
    const objects = dev();
    (get(objects, 'Deployment', 'gateway').spec as Any).replicas = 2;
    expect(findings(objects)).toContainEqual(
      expect.objectContaining({ rule: 'autoscaling', object: 'Deployment/gateway' }),
    );
  });

  it('production NATS that is not 2.11, 3 servers, sync_interval always and 3 stream replicas', () => {
    const objects = overlay('production');
    container(get(objects, 'StatefulSet', 'nats')).image = 'nats:2.10-alpine';
    const cm = get(objects, 'ConfigMap', 'nats-config') as Any;
    cm.data['nats.conf'] = cm.data['nats.conf'].replace('sync_interval: always', '');
    (get(objects, 'ConfigMap', 'platform-config') as Any).data.STREAM_REPLICAS = '1';
    const messages = findings(objects, 'production')
      .filter((x) => x.rule === 'nats')
      .map((x) => x.message)
      .join('\n');
    expect(messages).toMatch(/2\.11/);
    expect(messages).toMatch(/sync_interval/);
    expect(messages).toMatch(/STREAM_REPLICAS 1/);
  });

  it('a production database without its Database resource or role', () => {
    const objects = overlay('production').filter(
      (o) => !(o.kind === 'Database' && o.metadata.name === 'dental-reporting'),
    );
    ((get(objects, 'Cluster', 'dental-pg').spec as Any).managed.roles as Any[]).find(
      (r) => r.name === 'dental_payments',
    ).passwordSecret.name = 'shared-db';
    const f = findings(objects, 'production').filter((x) => x.rule === 'postgres');
    expect(f.map((x) => x.message).join('\n')).toMatch(/no Database for reporting/);
    expect(f.map((x) => x.message).join('\n')).toMatch(/dental_payments must read its password from payments-db/);
  });

  it('an init script that misses a database', () => {
    const f: Finding[] = [];
    checkInitSql('CREATE DATABASE dental_gateway;', catalog, 'x', (rule, object, message) =>
      f.push({ rule, object: String(object), message }),
    );
    expect(f).toHaveLength(1);
  });

  it('a production image left at the base placeholder or at latest', () => {
    const objects = overlay('production');
    container(get(objects, 'Deployment', 'payments')).image = 'dental/payments';
    container(get(objects, 'Deployment', 'gateway')).image = 'registry.example.com/dental-finance/gateway:latest';
    const f = findings(objects, 'production').filter((x) => x.rule === 'image');
    expect(f.map((x) => x.object).sort()).toEqual(['Deployment/gateway', 'Deployment/payments', 'Deployment/payments']);
  });
});

describe('production with an external PostgreSQL (deploy/README.md)', () => {
  it('passes without CloudNativePG when the host is external and an ipBlock rule opens 5432', () => {
    const cnpg = (o: KObject) =>
      o.apiVersion.startsWith('postgresql.cnpg.io/') || (o.kind === 'NetworkPolicy' && o.metadata.name === 'postgres');
    const objects = overlay('production').filter((o) => !cnpg(o));
    (get(objects, 'ConfigMap', 'database-config') as Any).data.DATABASE_HOST = 'pg.dental.example.internal';
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'external-postgres', namespace: 'dental', labels: { 'dental.io/phase': 'infra' } },
      spec: {
        podSelector: {
          matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['service', 'migrate'] }],
        },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 5432, protocol: 'TCP' }] }],
      },
    });
    expect(formatFindings(findings(objects, 'production'))).toBe('');
    expect(formatSchemaErrors(validateSchemas(objects))).toBe('');
  });

  it('still fails when nothing opens 5432 to it', () => {
    const objects = overlay('production').filter((o) => !o.apiVersion.startsWith('postgresql.cnpg.io/'));
    (get(objects, 'ConfigMap', 'database-config') as Any).data.DATABASE_HOST = 'pg.dental.example.internal';
    const f = findings(objects, 'production').filter((x) => x.rule === 'network');
    expect(f.map((x) => x.message)).toContain('no egress rule reaches the external PostgreSQL (an ipBlock on 5432)');
  });
});

describe('the schemas catch what is wrong', () => {
  it('a wrong type in a Kubernetes object', () => {
    const objects = overlay('dev');
    container(get(objects, 'Deployment', 'payments')).ports[0].containerPort = '3003';
    (get(objects, 'PodDisruptionBudget', 'gateway').spec as Any).selector = 'gateway';
    const errors = validateSchemas(objects);
    expect(errors).toContainEqual(
      expect.objectContaining({
        object: 'Deployment/payments',
        path: '/spec/template/spec/containers/0/ports/0/containerPort',
      }),
    );
    expect(errors.some((e) => e.object === 'PodDisruptionBudget/gateway')).toBe(true);
  });

  it('an unknown (misspelt) field, which the API server would reject', () => {
    const objects = overlay('dev');
    const c = container(get(objects, 'Deployment', 'payments'));
    c.readinesProbe = c.readinessProbe;
    (get(objects, 'HorizontalPodAutoscaler', 'gateway').spec as Any).minReplica = 1;
    const errors = validateSchemas(objects);
    expect(errors).toContainEqual(
      expect.objectContaining({
        object: 'Deployment/payments',
        path: '/spec/template/spec/containers/0/readinesProbe',
      }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ object: 'HorizontalPodAutoscaler/gateway', path: '/spec/minReplica' }),
    );
  });

  it('a KEDA ScaledObject that breaks its schema', () => {
    const objects = overlay('dev');
    const s = get(objects, 'ScaledObject', 'reporting').spec as Any;
    s.maxReplicaCount = 'ten';
    s.triggers[0].metdata = s.triggers[0].metadata;
    const errors = validateSchemas(objects).filter((e) => e.object === 'ScaledObject/reporting');
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/spec/maxReplicaCount', '/spec/triggers/0/metdata']),
    );
  });

  it('a CloudNativePG Cluster or Database that breaks its schema', () => {
    const objects = overlay('production');
    const cluster = get(objects, 'Cluster', 'dental-pg').spec as Any;
    cluster.instances = 'three';
    cluster.storage.sise = '10Gi';
    delete (get(objects, 'Database', 'dental-payments').spec as Any).owner;
    const errors = validateSchemas(objects);
    expect(errors.filter((e) => e.object === 'Cluster/dental-pg').map((e) => e.path)).toEqual(
      expect.arrayContaining(['/spec/instances', '/spec/storage']),
    );
    expect(errors.some((e) => e.object === 'Database/dental-payments')).toBe(true);
  });

  it('a kind nobody has a schema for', () => {
    const errors = validateSchemas([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]);
    expect(errors).toEqual([
      expect.objectContaining({ object: 'Widget/w', message: expect.stringMatching(/no schema/) }),
    ]);
  });
});

describe('a broken overlay, rendered from a kustomization', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dental-overlay-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the checks when a patch removes a probe and the limits', () => {
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'resources:',
        `  - ${relative(dir, join(DEPLOY, 'overlays', 'dev'))}`,
        'patches:',
        '  - patch: |-',
        '      apiVersion: apps/v1',
        '      kind: Deployment',
        '      metadata:',
        '        name: payments',
        '      spec:',
        '        template:',
        '          spec:',
        '            containers:',
        '              - name: payments',
        '                readinessProbe: null',
        '                resources:',
        '                  limits: null',
        '',
      ].join('\n'),
    );
    const objects = render(dir);
    expect(formatSchemaErrors(validateSchemas(objects))).toBe('');
    const f = findings(objects).filter((x) => x.object === 'Deployment/payments');
    expect(rulesOf(f)).toEqual(['limits', 'probe']);
  });
});

describe('deploy/scripts/create-secrets.sh', () => {
  /** Every (secret, key) the rendered overlay reads. */
  function secretRefs(objects: KObject[]): Array<{ name: string; key: string }> {
    const refs: Array<{ name: string; key: string }> = [];
    const visit = (v: unknown, field?: string): void => {
      if (Array.isArray(v)) v.forEach((x) => visit(x));
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (field === 'secretKeyRef' || (field && ['accessKeyId', 'secretAccessKey'].includes(field))) {
          refs.push({ name: String(o.name), key: String(o.key) });
        } else if (field === 'passwordSecret') {
          refs.push({ name: String(o.name), key: 'username' }, { name: String(o.name), key: 'password' });
        } else for (const [k, x] of Object.entries(o)) visit(x, k);
      }
    };
    objects.forEach((o) => visit(o));
    return refs;
  }

  it.each(OVERLAYS)('creates every secret key the %s overlay reads', (name) => {
    const objects = overlay(name);
    const namespace = objects.find((o) => o.kind === 'Namespace')!.metadata.name;
    const out = execFileSync('bash', [join(DEPLOY, 'scripts', 'create-secrets.sh'), namespace, environmentOf(name)], {
      env: {
        ...process.env,
        DRY_RUN: '1',
        SMTP_URL: 'smtps://u:p@smtp.example.com:465',
        S3_ACCESS_KEY_ID: 'a',
        S3_SECRET_ACCESS_KEY: 'b',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const secrets = parseAllDocuments(out)
      .map((d) => d.toJS() as { metadata: { name: string }; data: Record<string, string> } | null)
      .filter((s): s is { metadata: { name: string }; data: Record<string, string> } => !!s);
    const value = (n: string, k: string) => {
      const s = secrets.find((x) => x.metadata.name === n);
      return s && s.data[k] !== undefined ? Buffer.from(s.data[k], 'base64').toString('utf8') : undefined;
    };
    for (const ref of secretRefs(objects))
      expect({ ...ref, present: value(ref.name, ref.key) !== undefined }).toEqual({ ...ref, present: true });
    for (const svc of SERVICE_NAMES) {
      expect(value(`${svc}-db`, 'password')).toMatch(/^[0-9a-f]{32,}$/);
      // Production: the username is the CloudNativePG role that owns the service's database.
      if (name === 'production') expect(value(`${svc}-db`, 'username')).toBe(SERVICES[svc].database);
    }
    expect(value('gateway-secrets', 'JWT_SECRET')!.length).toBeGreaterThanOrEqual(32);
  });
});
