// Policy checks on a rendered overlay, beyond what a schema can say: every service of the catalog
// (libs/contracts/src/services.ts) runs as a Deployment with the catalog's port and health paths, probes, limits,
// a non-root read-only container, graceful termination, its own database, a migrate Job, a Service and a
// PodDisruptionBudget; the network allows only what the architecture allows; autoscaling points at what exists;
// production runs NATS and PostgreSQL the way ARCHITECTURE.md fixes. Each finding names a rule, so tests can assert
// that a broken manifest is caught for the right reason.
import type { KObject } from './kustomize';
import { parseImage } from './kustomize';

export type Rule =
  | 'catalog'
  | 'deployment'
  | 'image'
  | 'command'
  | 'port'
  | 'probe'
  | 'limits'
  | 'security'
  | 'tmp'
  | 'termination'
  | 'metrics'
  | 'env'
  | 'secret'
  | 'database'
  | 'service'
  | 'pdb'
  | 'migrate'
  | 'autoscaling'
  | 'network'
  | 'exposure'
  | 'phase'
  | 'nats'
  | 'postgres';

export interface Finding {
  rule: Rule;
  object: string;
  message: string;
}

export interface CatalogService {
  name: string;
  port: number;
  database: string;
  stream?: string;
}

export interface Catalog {
  services: Record<string, CatalogService>;
  health: { live: string; ready: string };
  metricsPath: string;
}

export interface CheckOptions {
  environment: 'dev' | 'production';
  /** Application names found in apps/ (each must have a Deployment). */
  apps?: string[];
}

/** Environment every service reads (libs/platform/src/config.ts ServiceConfig, the lead's deployment facts). */
export const COMMON_ENV = [
  'DATABASE_URL',
  'NATS_URL',
  'PORT',
  'LOG_LEVEL',
  'MIGRATE_ON_START',
  'BUS_PREFIX',
  'STREAM_REPLICAS',
];
export const SERVICE_ENV: Record<string, string[]> = {
  gateway: [
    'JWT_SECRET',
    'JWT_ISSUER',
    'JWT_AUDIENCE',
    'JWT_TTL_SECONDS',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'RPC_TIMEOUT_MS',
    'WEB_ROOT',
  ],
  notifications: ['SMTP_URL'],
};
/** Never a literal or a ConfigMap value. */
export const SECRET_ENV = new Set([
  'JWT_SECRET',
  'ADMIN_PASSWORD',
  'SMTP_URL',
  'DATABASE_PASSWORD',
]);
/** The shape ServiceConfig accepts for DATABASE_URL (libs/platform/src/config.ts). */
const DATABASE_URL_SHAPE = /^postgres(ql)?:\/\/[^/\s]+\/[A-Za-z0-9_]+(\?.*)?$/;
/** The streams the reporting service reads with its durable consumer "reporting" (KEDA scales on their lag). */
export const REPORTING_STREAMS = ['PAYMENTS', 'WORK_ORDERS', 'PATIENT_ACCOUNTS'];
const PHASES = new Set(['infra', 'migrate', 'app']);
const MIN_GRACE_SECONDS = 45;

// ---------------------------------------------------------------------------------------------------------------
// Loose views of the Kubernetes types the checks read

type Labels = Record<string, string>;
interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface HttpGet {
  path?: string;
  port?: number | string;
}
interface Probe {
  httpGet?: HttpGet;
  exec?: { command?: string[] };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}
interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: unknown;
  };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvEntry[];
  envFrom?: Array<{ configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string } }>;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds?: number }; httpGet?: HttpGet } };
  securityContext?: SecurityContext;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext & { fsGroup?: number };
  volumes?: Array<{ name: string; emptyDir?: unknown; hostPath?: unknown }>;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
}
interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface NetworkPolicyPort {
  port?: number | string;
  protocol?: string;
}
interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}
interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: NetworkPolicyRule[];
  egress?: NetworkPolicyRule[];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const spec = (o: KObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;

function podTemplate(o: KObject): { labels: Labels; spec: PodSpec } | undefined {
  if (!WORKLOAD_KINDS.has(o.kind)) return undefined;
  const s = spec(o);
  const template = (
    o.kind === 'CronJob'
      ? ((s.jobTemplate as Record<string, unknown>)?.spec as Record<string, unknown>)?.template
      : s.template
  ) as { metadata?: { labels?: Labels }; spec?: PodSpec } | undefined;
  return { labels: template?.metadata?.labels ?? {}, spec: template?.spec ?? {} };
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(value))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const isEmptySelector = (s: LabelSelector | undefined) =>
  !!s && !Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length;

/** CPU in cores, memory in bytes. */
export function quantity(q: string | number | undefined): number {
  if (q === undefined) return NaN;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return NaN;
  const factor: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
  };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1);
}

// ---------------------------------------------------------------------------------------------------------------

class Manifests {
  constructor(readonly objects: KObject[]) {}

  find(kind: string, name: string): KObject | undefined {
    return this.objects.find((o) => o.kind === kind && o.metadata.name === name);
  }

  all(kind: string): KObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  configMapValue(name: string, key: string): string | undefined {
    const data = this.find('ConfigMap', name)?.data as Record<string, string> | undefined;
    return data?.[key];
  }

  /** Pods (labels, pod spec) of every workload, plus the instance pods of CloudNativePG clusters. */
  pods(): Array<{ owner: KObject; labels: Labels; spec?: PodSpec }> {
    const out: Array<{ owner: KObject; labels: Labels; spec?: PodSpec }> = [];
    for (const o of this.objects) {
      const t = podTemplate(o);
      if (t) out.push({ owner: o, labels: t.labels, spec: t.spec });
      if (o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/')) {
        const inherited = (spec(o).inheritedMetadata as { labels?: Labels } | undefined)?.labels ?? {};
        out.push({ owner: o, labels: { 'cnpg.io/cluster': o.metadata.name, ...inherited } });
      }
    }
    return out;
  }
}

interface ResolvedEnv {
  name: string;
  source: 'literal' | 'configMap' | 'secret' | 'field' | 'other';
  value: string;
  ref?: string;
}

/** The environment a container will see, in order; problems become findings. */
function resolveEnv(
  m: Manifests,
  c: Container,
  report: (rule: Rule, message: string) => void,
): Map<string, ResolvedEnv> {
  const env = new Map<string, ResolvedEnv>();
  for (const from of c.envFrom ?? []) {
    if (from.secretRef) {
      report(
        'secret',
        `container ${c.name}: envFrom secretRef ${from.secretRef.name}: name each secret key with secretKeyRef instead`,
      );
      continue;
    }
    if (!from.configMapRef) continue;
    const cm = m.find('ConfigMap', from.configMapRef.name);
    if (!cm) {
      if (!from.configMapRef.optional)
        report('env', `container ${c.name}: ConfigMap ${from.configMapRef.name} is not in the overlay`);
      continue;
    }
    for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
      env.set(k, { name: k, source: 'configMap', value: String(v), ref: cm.metadata.name });
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      const value = String(e.value).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, ref: string) => {
        const known = env.get(ref);
        if (!known) {
          report('env', `container ${c.name}: ${e.name} refers to $(${ref}), which is not defined before it`);
          return whole;
        }
        return known.value;
      });
      env.set(e.name, { name: e.name, source: 'literal', value });
    } else if (e.valueFrom?.configMapKeyRef) {
      const { name, key, optional } = e.valueFrom.configMapKeyRef;
      const v = m.configMapValue(name, key);
      if (v === undefined && !optional)
        report('env', `container ${c.name}: ${e.name} reads ConfigMap ${name} key ${key}, which does not exist`);
      env.set(e.name, { name: e.name, source: 'configMap', value: v ?? '', ref: name });
    } else if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      // A stand-in that keeps URLs parseable when a secret is spliced into them.
      env.set(e.name, { name: e.name, source: 'secret', value: 'secretvalue', ref: `${name}/${key}` });
    } else if (e.valueFrom?.fieldRef) {
      env.set(e.name, { name: e.name, source: 'field', value: 'field' });
    } else {
      env.set(e.name, { name: e.name, source: 'other', value: '' });
    }
  }
  return env;
}

function probePort(c: Container, probe: Probe | undefined): number | undefined {
  const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
  if (typeof port === 'number') return port;
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

function preStopSeconds(c: Container): number | undefined {
  const pre = c.lifecycle?.preStop;
  if (!pre) return undefined;
  if (pre.sleep?.seconds !== undefined) return pre.sleep.seconds;
  const cmd = pre.exec?.command ?? [];
  const i = cmd.indexOf('sleep');
  return i >= 0 && cmd[i + 1] !== undefined ? Number(cmd[i + 1]) : 0;
}

// ---------------------------------------------------------------------------------------------------------------

export function checkManifests(objects: KObject[], catalog: Catalog, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const m = new Manifests(objects);
  const add = (rule: Rule, o: KObject | string, message: string) =>
    findings.push({ rule, object: typeof o === 'string' ? o : `${o.kind}/${o.metadata.name}`, message });
  const names = Object.keys(catalog.services);

  checkObjects(m, add, options);
  for (const o of objects) if (WORKLOAD_KINDS.has(o.kind)) checkWorkload(o, add);

  // Every app in apps/ is in the catalog, and every catalog service has a Deployment.
  for (const app of options.apps ?? []) {
    if (!names.includes(app))
      add('catalog', `apps/${app}`, 'an application in apps/ that libs/contracts/src/services.ts does not list');
  }
  for (const app of names) {
    if (options.apps && !options.apps.includes(app))
      add('catalog', `apps/${app}`, 'listed in the catalog but has no directory in apps/');
  }
  for (const name of new Set([...names, ...(options.apps ?? [])])) {
    if (!m.find('Deployment', name))
      add('deployment', `Deployment/${name}`, 'missing: every service in apps/ needs a Deployment');
  }

  const envByService = new Map<string, Map<string, ResolvedEnv>>();
  for (const name of names) {
    const env = checkService(m, catalog, catalog.services[name], add);
    if (env) envByService.set(name, env);
  }
  checkAutoscaling(m, catalog, add);
  checkNetwork(m, catalog, add);
  checkNats(m, envByService, options, add);
  checkPostgres(m, catalog, options, add);
  return findings;
}

type Add = (rule: Rule, o: KObject | string, message: string) => void;

function checkObjects(m: Manifests, add: Add, options: CheckOptions): void {
  for (const o of m.objects) {
    const phase = o.metadata.labels?.['dental.io/phase'];
    if (!phase || !PHASES.has(phase))
      add('phase', o, 'needs label dental.io/phase: infra, migrate or app (deploy/README.md, Install order)');
    if (o.kind === 'Secret')
      add('secret', o, 'Secrets are created on the cluster, never committed (deploy/README.md, Secrets)');
    if (o.kind === 'Service') {
      const type = (spec(o).type as string | undefined) ?? 'ClusterIP';
      if (type !== 'ClusterIP') add('exposure', o, `type ${type}: only the Ingress to the gateway may expose anything`);
    }
    if (o.kind === 'Ingress') {
      const backends = JSON.stringify(spec(o)).match(/"service":\{"name":"([^"]+)"/g) ?? [];
      for (const b of backends) {
        const name = b.replace(/.*"name":"/, '').replace(/"$/, '');
        if (name !== 'gateway') add('exposure', o, `routes to ${name}: only the gateway serves the public API`);
      }
    }
    const t = podTemplate(o);
    for (const c of [...(t?.spec.containers ?? []), ...(t?.spec.initContainers ?? [])]) {
      const image = c.image ?? '';
      const { tag, digest } = parseImage(image);
      if (!image) add('image', o, `container ${c.name} has no image`);
      else if (!digest && (!tag || tag === 'latest'))
        add('image', o, `container ${c.name}: image ${image} needs a tag other than latest`);
      if (options.environment === 'production' && /^dental\//.test(image)) {
        add(
          'image',
          o,
          `container ${c.name}: ${image} is the base placeholder; the overlay must set the registry image`,
        );
      }
    }
  }
}

/** Pod-level rules for every workload: non-root, read-only, no privilege, resources, probes on long-running pods. */
function checkWorkload(o: KObject, add: Add): void {
  const t = podTemplate(o)!;
  const pod = t.spec;
  const containers = pod.containers ?? [];
  if (!containers.length) add('deployment', o, 'no containers');
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) add('security', o, 'uses the host network, PID or IPC namespace');
  if (pod.automountServiceAccountToken !== false)
    add('security', o, 'automountServiceAccountToken must be false (no pod here calls the API)');
  for (const v of pod.volumes ?? []) if (v.hostPath) add('security', o, `volume ${v.name} is a hostPath`);
  const podSc = pod.securityContext ?? {};
  for (const c of [...containers, ...(pod.initContainers ?? [])]) {
    const sc = c.securityContext ?? {};
    const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    const user = sc.runAsUser ?? podSc.runAsUser;
    if (nonRoot !== true) add('security', o, `container ${c.name}: runAsNonRoot must be true`);
    if (user === undefined || user === 0)
      add('security', o, `container ${c.name}: runAsUser must be set to a non-zero uid (got ${user ?? 'none'})`);
    if (sc.allowPrivilegeEscalation !== false)
      add('security', o, `container ${c.name}: allowPrivilegeEscalation must be false`);
    if (sc.readOnlyRootFilesystem !== true)
      add('security', o, `container ${c.name}: readOnlyRootFilesystem must be true`);
    if (sc.privileged) add('security', o, `container ${c.name} is privileged`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL'))
      add('security', o, `container ${c.name}: capabilities must drop ALL`);
    if ((sc.capabilities?.add ?? []).length) add('security', o, `container ${c.name} adds capabilities`);
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      add('security', o, `container ${c.name}: seccompProfile must be RuntimeDefault`);

    const r = c.resources ?? {};
    for (const res of ['cpu', 'memory']) {
      if (r.requests?.[res] === undefined) add('limits', o, `container ${c.name}: no ${res} request`);
      if (r.limits?.[res] === undefined) add('limits', o, `container ${c.name}: no ${res} limit`);
      const req = quantity(r.requests?.[res]);
      const lim = quantity(r.limits?.[res]);
      if (r.requests?.[res] !== undefined && Number.isNaN(req))
        add('limits', o, `container ${c.name}: ${res} request is not a quantity`);
      if (r.limits?.[res] !== undefined && Number.isNaN(lim))
        add('limits', o, `container ${c.name}: ${res} limit is not a quantity`);
      if (req > lim) add('limits', o, `container ${c.name}: ${res} request above its limit`);
    }
  }
  if (LONG_RUNNING.has(o.kind)) {
    for (const c of containers) {
      if (!c.readinessProbe) add('probe', o, `container ${c.name}: no readinessProbe`);
      if (!c.livenessProbe) add('probe', o, `container ${c.name}: no livenessProbe`);
    }
  }
}

function checkService(
  m: Manifests,
  catalog: Catalog,
  svc: CatalogService,
  add: Add,
): Map<string, ResolvedEnv> | undefined {
  const d = m.find('Deployment', svc.name);
  if (!d) return undefined;
  const t = podTemplate(d)!;
  const selector = spec(d).selector as LabelSelector | undefined;
  if (t.labels['app.kubernetes.io/name'] !== svc.name || t.labels['app.kubernetes.io/component'] !== 'service') {
    add(
      'deployment',
      d,
      `pods must carry app.kubernetes.io/name: ${svc.name} and app.kubernetes.io/component: service`,
    );
  }
  if (!selectorMatches(selector, t.labels))
    add('deployment', d, 'spec.selector does not match the pod template labels');

  const c = t.spec.containers?.find((x) => x.name === svc.name);
  if (!c) {
    add('deployment', d, `no container named ${svc.name}`);
    return undefined;
  }
  const image = parseImage(c.image ?? '').name;
  if (image.split('/').pop() !== svc.name) add('image', d, `runs image ${c.image}, not the ${svc.name} image`);
  const main = `dist/apps/${svc.name}/src/main.js`;
  if (c.command && (c.command.join(' ') !== `node ${main}` || (c.args ?? []).length)) {
    add('command', d, `must run "node ${main}" (runs ${[...c.command, ...(c.args ?? [])].join(' ')})`);
  }

  const http = c.ports?.find((p) => p.name === 'http');
  if (!http) add('port', d, `container ${c.name}: no port named http`);
  else if (http.containerPort !== svc.port)
    add('port', d, `containerPort ${http.containerPort}, the catalog says ${svc.port}`);

  const probes: Array<[keyof Container, string]> = [
    ['readinessProbe', catalog.health.ready],
    ['livenessProbe', catalog.health.live],
    ['startupProbe', catalog.health.live],
  ];
  for (const [field, path] of probes) {
    const probe = c[field] as Probe | undefined;
    // A missing readiness or liveness probe is reported by checkWorkload, for every workload.
    if (!probe) continue;
    const allowed = field === 'startupProbe' ? [catalog.health.live, catalog.health.ready] : [path];
    if (!probe.httpGet) add('probe', d, `${field} must be an HTTP GET on ${path}`);
    else {
      if (!allowed.includes(probe.httpGet.path ?? ''))
        add('probe', d, `${field} path ${probe.httpGet.path}, expected ${path}`);
      const port = probePort(c, probe);
      if (port !== svc.port) add('port', d, `${field} port ${probe.httpGet.port} is not the service port ${svc.port}`);
    }
  }

  const grace = t.spec.terminationGracePeriodSeconds ?? 30;
  const sleep = preStopSeconds(c);
  if (grace < MIN_GRACE_SECONDS)
    add(
      'termination',
      d,
      `terminationGracePeriodSeconds ${grace}: at least ${MIN_GRACE_SECONDS} (longer than the NATS drain)`,
    );
  if (sleep === undefined)
    add('termination', d, 'no preStop hook: the pod must keep serving while its endpoint is removed');
  else if (sleep >= grace)
    add('termination', d, 'preStop takes the whole grace period; nothing is left for the NATS drain');

  const annotations = ((spec(d).template as { metadata?: { annotations?: Labels } })?.metadata?.annotations ??
    {}) as Labels;
  if (
    annotations['prometheus.io/scrape'] !== 'true' ||
    annotations['prometheus.io/path'] !== catalog.metricsPath ||
    annotations['prometheus.io/port'] !== String(svc.port)
  ) {
    add('metrics', d, `pods must be annotated for scraping ${catalog.metricsPath} on port ${svc.port}`);
  }

  const tmpMount = c.volumeMounts?.find((v) => v.mountPath === '/tmp');
  const tmpVolume = tmpMount && t.spec.volumes?.find((v) => v.name === tmpMount.name);
  if (!tmpVolume?.emptyDir) add('tmp', d, 'needs an emptyDir at /tmp (the root filesystem is read-only)');

  const env = resolveEnv(m, c, (rule, message) => add(rule, d, message));
  checkEnv(svc, env, d, add);

  const replicas = spec(d).replicas as number | undefined;
  // Service: cluster-internal, selects these pods, serves the catalog port.
  const service = m.find('Service', svc.name);
  if (!service) add('service', `Service/${svc.name}`, 'missing');
  else {
    if (!selectorMatches({ matchLabels: spec(service).selector as Labels }, t.labels))
      add('service', service, `selector does not match ${svc.name}'s pods`);
    const ports = (spec(service).ports ?? []) as Array<{ name?: string; port: number; targetPort?: number | string }>;
    const p = ports.find((x) => x.name === 'http');
    const target =
      typeof p?.targetPort === 'string'
        ? c.ports?.find((x) => x.name === p.targetPort)?.containerPort
        : (p?.targetPort ?? p?.port);
    if (!p || p.port !== svc.port || target !== svc.port)
      add('port', service, `port http must be ${svc.port} and reach container port ${svc.port}`);
  }

  const pdbs = m.all('PodDisruptionBudget').filter((p) => selectorMatches(spec(p).selector as LabelSelector, t.labels));
  if (!pdbs.length) add('pdb', d, 'no PodDisruptionBudget selects its pods');
  for (const p of pdbs) {
    const min = spec(p).minAvailable;
    if (typeof min === 'number' && replicas !== undefined && min >= replicas)
      add('pdb', p, `minAvailable ${min} with ${replicas} replicas blocks every node drain`);
  }

  checkMigrateJob(m, svc, d, c, env, add);
  return env;
}

function checkEnv(svc: CatalogService, env: Map<string, ResolvedEnv>, d: KObject, add: Add): void {
  for (const key of [...COMMON_ENV, ...(SERVICE_ENV[svc.name] ?? [])]) {
    if (!env.has(key)) add('env', d, `${key} is not set`);
  }
  for (const [key, v] of env) {
    if (SECRET_ENV.has(key) && v.source !== 'secret')
      add('secret', d, `${key} must come from a Secret (secretKeyRef), not a ${v.source}`);
  }
  const port = env.get('PORT');
  if (port && port.value !== String(svc.port)) add('port', d, `PORT=${port.value}, the catalog says ${svc.port}`);
  const migrate = env.get('MIGRATE_ON_START');
  if (migrate && migrate.value !== 'false')
    add('env', d, 'MIGRATE_ON_START must be "false" in Kubernetes (the migrate Job runs migrations)');
  const prefix = env.get('BUS_PREFIX');
  if (prefix && prefix.value !== '') add('env', d, 'BUS_PREFIX must be empty in deployments');
  const url = env.get('DATABASE_URL');
  if (url) {
    if (!DATABASE_URL_SHAPE.test(url.value))
      add('database', d, `DATABASE_URL "${url.value}" is not a postgres URL with a database`);
    else {
      const database = decodeURIComponent(new URL(url.value).pathname.slice(1));
      if (database !== svc.database)
        add('database', d, `DATABASE_URL names database ${database}; ${svc.name} owns ${svc.database}`);
    }
    if (!/\$\(|secretvalue/.test(url.value) && /:\/\/[^/]*:[^@]+@/.test(url.value))
      add('secret', d, 'DATABASE_URL carries a literal password');
  }
  const user = env.get('DATABASE_USER');
  if (user && user.ref !== `${svc.name}-db/username`)
    add('database', d, `DATABASE_USER must come from Secret ${svc.name}-db (its own role)`);
}

function checkMigrateJob(
  m: Manifests,
  svc: CatalogService,
  d: KObject,
  c: Container,
  env: Map<string, ResolvedEnv>,
  add: Add,
): void {
  const job = m.find('Job', `${svc.name}-migrate`);
  if (!job) {
    add('migrate', `Job/${svc.name}-migrate`, 'missing: migrations run in a Job before the rollout');
    return;
  }
  const t = podTemplate(job)!;
  const jc = t.spec.containers?.[0];
  if (!jc || (t.spec.containers ?? []).length !== 1) {
    add('migrate', job, 'must have exactly one container');
    return;
  }
  const script = `dist/apps/${svc.name}/src/migrate.js`;
  if ((jc.command ?? []).join(' ') !== `node ${script}`) add('migrate', job, `must run "node ${script}"`);
  if (jc.image !== c.image) add('migrate', job, `image ${jc.image} differs from the Deployment's ${c.image}`);
  if (!['Never', 'OnFailure'].includes(t.spec.restartPolicy ?? ''))
    add('migrate', job, 'restartPolicy must be Never or OnFailure');
  if (spec(job).backoffLimit === undefined) add('migrate', job, 'set backoffLimit');
  if (job.metadata.labels?.['dental.io/phase'] !== 'migrate')
    add('phase', job, 'a migrate Job carries dental.io/phase: migrate');
  const service = m.find('Service', svc.name);
  if (service && selectorMatches({ matchLabels: spec(service).selector as Labels }, t.labels))
    add('migrate', job, 'its pods are selected by the Service');
  const jobEnv = resolveEnv(m, jc, (rule, message) => add(rule, job, message));
  for (const [key, v] of env) {
    const j = jobEnv.get(key);
    if (!j) add('migrate', job, `lacks ${key}: migrate.js validates the service's whole configuration`);
    else if (key === 'DATABASE_URL' && j.value !== v.value)
      add('migrate', job, 'DATABASE_URL differs from the Deployment');
  }
}

function checkAutoscaling(m: Manifests, catalog: Catalog, add: Add): void {
  const scaled = new Set<string>();
  for (const hpa of m.all('HorizontalPodAutoscaler')) {
    const ref = spec(hpa).scaleTargetRef as { kind: string; name: string };
    if (!m.find(ref.kind, ref.name))
      add('autoscaling', hpa, `targets ${ref.kind}/${ref.name}, which is not in the overlay`);
    scaled.add(ref.name);
  }
  for (const so of m.all('ScaledObject')) {
    const ref = spec(so).scaleTargetRef as { kind?: string; name: string };
    if (!m.find(ref.kind ?? 'Deployment', ref.name))
      add('autoscaling', so, `targets ${ref.kind ?? 'Deployment'}/${ref.name}, which is not in the overlay`);
    scaled.add(ref.name);
  }
  for (const name of scaled) {
    const d = m.find('Deployment', name);
    if (d && spec(d).replicas !== undefined)
      add('autoscaling', d, 'autoscaled: leave spec.replicas unset, or every apply resets the scale');
  }

  const gatewayHpa = m
    .all('HorizontalPodAutoscaler')
    .find((h) => (spec(h).scaleTargetRef as { name: string }).name === 'gateway');
  if (!gatewayHpa) add('autoscaling', 'HorizontalPodAutoscaler/gateway', 'missing: the gateway scales on CPU');
  else {
    const metrics = (spec(gatewayHpa).metrics ?? []) as Array<{ type: string; resource?: { name: string } }>;
    if (!metrics.some((x) => x.type === 'Resource' && x.resource?.name === 'cpu'))
      add('autoscaling', gatewayHpa, 'must scale on CPU');
  }

  const so = m.all('ScaledObject').find((x) => (spec(x).scaleTargetRef as { name: string }).name === 'reporting');
  if (!so) {
    add('autoscaling', 'ScaledObject/reporting', "missing: reporting scales on its consumers' lag with KEDA");
    return;
  }
  const s = spec(so);
  if (s.minReplicaCount !== 1 || s.maxReplicaCount !== 10)
    add('autoscaling', so, `replicas ${s.minReplicaCount}..${s.maxReplicaCount}, expected 1..10`);
  const triggers = (s.triggers ?? []) as Array<{ type: string; metadata?: Record<string, string> }>;
  const streams = new Set(
    Object.values(catalog.services)
      .map((x) => x.stream)
      .filter(Boolean),
  );
  const seen = new Set<string>();
  for (const tr of triggers) {
    const md = tr.metadata ?? {};
    if (tr.type !== 'nats-jetstream') {
      add('autoscaling', so, `trigger ${tr.type}: reporting scales on nats-jetstream lag only`);
      continue;
    }
    seen.add(md.stream);
    if (!streams.has(md.stream)) add('autoscaling', so, `stream ${md.stream} is not a stream of the catalog`);
    if (md.consumer !== 'reporting')
      add('autoscaling', so, `consumer ${md.consumer}: the durable consumer is named "reporting"`);
    if (md.account !== '$G') add('autoscaling', so, `account ${md.account}: NATS without accounts uses $G`);
    if (!/^[1-9][0-9]*$/.test(md.lagThreshold ?? ''))
      add('autoscaling', so, 'lagThreshold must be a positive whole number');
    const endpoint = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?:(\d+)$/.exec(
      md.natsServerMonitoringEndpoint ?? '',
    );
    if (!endpoint) {
      add(
        'autoscaling',
        so,
        `natsServerMonitoringEndpoint "${md.natsServerMonitoringEndpoint}" must be <service>.<namespace>.svc.cluster.local:8222`,
      );
      continue;
    }
    const [, svcName, ns, , port] = endpoint;
    const target = m.find('Service', svcName);
    const targetPorts = ((target && spec(target).ports) ?? []) as Array<{ port: number }>;
    if (!target || !targetPorts.some((p) => p.port === Number(port)))
      add('autoscaling', so, `no Service ${svcName} with port ${port} in the overlay`);
    if (Number(port) !== 8222) add('autoscaling', so, `port ${port}: the NATS monitoring port is 8222`);
    if (so.metadata.namespace && ns !== so.metadata.namespace)
      add('autoscaling', so, `endpoint namespace ${ns}, but the overlay deploys to ${so.metadata.namespace}`);
  }
  for (const stream of REPORTING_STREAMS)
    if (!seen.has(stream)) add('autoscaling', so, `no trigger on stream ${stream}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Network

interface PodRef {
  labels: Labels;
  namespace: string;
  ports: Array<{ name?: string; containerPort: number }>;
}

function peerMatches(peer: NetworkPolicyPeer, policyNamespace: string, pod: PodRef): boolean {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) {
    if (
      !selectorMatches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace }) &&
      !isEmptySelector(peer.namespaceSelector)
    )
      return false;
  } else if (pod.namespace !== policyNamespace) return false;
  return !peer.podSelector || isEmptySelector(peer.podSelector) || selectorMatches(peer.podSelector, pod.labels);
}

function portMatches(ports: NetworkPolicyPort[] | undefined, port: number, destination: PodRef): boolean {
  if (!ports?.length) return true;
  return ports.some(
    (p) =>
      p.port === undefined ||
      p.port === port ||
      (typeof p.port === 'string' && destination.ports.some((x) => x.name === p.port && x.containerPort === port)),
  );
}

function policiesFor(m: Manifests, pod: PodRef): Array<{ policy: KObject; spec: NetworkPolicySpec }> {
  return m
    .all('NetworkPolicy')
    .map((policy) => ({ policy, spec: policy.spec as unknown as NetworkPolicySpec }))
    .filter(
      ({ policy, spec: s }) =>
        (policy.metadata.namespace ?? pod.namespace) === pod.namespace &&
        (isEmptySelector(s.podSelector) || selectorMatches(s.podSelector, pod.labels)),
    );
}

/** Whether the namespace's policies let `from` open a connection to `to` on `port` (both directions checked). */
export function connectionAllowed(objects: KObject[], from: PodRef, to: PodRef, port: number): boolean {
  const m = new Manifests(objects);
  const isolated = (pod: PodRef, type: 'Ingress' | 'Egress') =>
    policiesFor(m, pod).some(({ spec: s }) =>
      (s.policyTypes ?? (type === 'Ingress' ? ['Ingress'] : [])).includes(type),
    );
  const egressOk =
    !isolated(from, 'Egress') ||
    policiesFor(m, from).some(({ policy, spec: s }) =>
      (s.egress ?? []).some(
        (r) =>
          (!r.to?.length || r.to.some((p) => peerMatches(p, policy.metadata.namespace ?? from.namespace, to))) &&
          portMatches(r.ports, port, to),
      ),
    );
  const ingressOk =
    !isolated(to, 'Ingress') ||
    policiesFor(m, to).some(({ policy, spec: s }) =>
      (s.ingress ?? []).some(
        (r) =>
          (!r.from?.length || r.from.some((p) => peerMatches(p, policy.metadata.namespace ?? to.namespace, from))) &&
          portMatches(r.ports, port, to),
      ),
    );
  return egressOk && ingressOk;
}

const MONITORING = 'monitoring';
const EXTERNAL_PORTS = new Set([25, 465, 587, 443]);

function checkNetwork(m: Manifests, catalog: Catalog, add: Add): void {
  const policies = m.all('NetworkPolicy');
  const deny = policies.find((p) => {
    const s = p.spec as unknown as NetworkPolicySpec;
    return (
      isEmptySelector(s.podSelector) &&
      ['Ingress', 'Egress'].every((x) => s.policyTypes?.includes(x)) &&
      !s.ingress?.length &&
      !s.egress?.length
    );
  });
  if (!deny)
    add(
      'network',
      'NetworkPolicy/default-deny',
      'missing: a policy selecting every pod that denies all ingress and egress',
    );

  const namespace = m.find('Deployment', 'gateway')?.metadata.namespace ?? '';
  const externalDatabase = isExternalDatabase(m);
  const pods = m.pods().map((p) => ({
    ...p,
    ref: {
      labels: p.labels,
      namespace: p.owner.metadata.namespace ?? namespace,
      ports: (p.spec?.containers ?? []).flatMap((c) => c.ports ?? []),
    } as PodRef,
  }));
  const byComponent = (component: string) => pods.filter((p) => p.labels['app.kubernetes.io/component'] === component);

  for (const svc of Object.values(catalog.services)) {
    const d = m.find('Deployment', svc.name);
    if (!d) continue;
    const t = podTemplate(d)!;
    const me: PodRef = {
      labels: t.labels,
      namespace: d.metadata.namespace ?? namespace,
      ports: (t.spec.containers ?? []).flatMap((c) => c.ports ?? []),
    };
    const mine = policiesFor(m, me);

    // Ingress: the gateway from outside (the ingress controller), everyone else only from Prometheus.
    let reachableFromOutside = false;
    for (const { policy, spec: s } of mine) {
      for (const rule of s.ingress ?? []) {
        if (!rule.from?.length) {
          add('network', policy, `lets anyone reach ${svc.name} (an ingress rule without from)`);
          continue;
        }
        if (!rule.ports?.length) add('network', policy, `an ingress rule to ${svc.name} without ports`);
        for (const peer of rule.from) {
          const ns = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
          const monitoringOnly = !!peer.namespaceSelector && ns === MONITORING && !peer.ipBlock;
          if (monitoringOnly) continue;
          if (svc.name !== 'gateway')
            add(
              'network',
              policy,
              `lets ${JSON.stringify(peer)} reach ${svc.name}; only the gateway is reachable from outside`,
            );
          else if (peer.namespaceSelector && ns !== me.namespace) reachableFromOutside = true;
        }
      }
    }
    if (svc.name === 'gateway' && !reachableFromOutside)
      add('network', d, "the gateway must be reachable from the ingress controller's namespace");

    // Egress: DNS, PostgreSQL, NATS; notifications also SMTP/HTTPS out of the cluster.
    for (const { policy, spec: s } of mine) {
      for (const rule of s.egress ?? []) {
        const ports = (rule.ports ?? []).map((p) => p.port);
        if (!rule.to?.length || !ports.length) {
          add('network', policy, `an egress rule of ${svc.name} without destination or ports opens everything`);
          continue;
        }
        const dns = ports.every((p) => p === 53);
        const toComponent = (component: string) =>
          rule.to!.every(
            (p) =>
              !p.ipBlock &&
              !p.namespaceSelector &&
              p.podSelector?.matchLabels?.['app.kubernetes.io/component'] === component,
          );
        const ok =
          dns ||
          (toComponent('postgres') && ports.every((p) => p === 5432)) ||
          (externalDatabase && rule.to.every((p) => !!p.ipBlock) && ports.every((p) => p === 5432)) ||
          (toComponent('nats') && ports.every((p) => p === 4222)) ||
          (svc.name === 'notifications' &&
            rule.to.every((p) => !!p.ipBlock) &&
            ports.every((p) => EXTERNAL_PORTS.has(Number(p))));
        if (!ok)
          add(
            'network',
            policy,
            `lets ${svc.name} reach ${JSON.stringify(rule)}; services reach only PostgreSQL and NATS`,
          );
      }
    }

    for (const [component, port] of [
      ['postgres', 5432],
      ['nats', 4222],
    ] as const) {
      if (component === 'postgres' && externalDatabase) {
        const open = mine.some(({ spec: s }) =>
          (s.egress ?? []).some((r) => r.to?.some((p) => !!p.ipBlock) && (r.ports ?? []).some((p) => p.port === 5432)),
        );
        if (!open) add('network', d, 'no egress rule reaches the external PostgreSQL (an ipBlock on 5432)');
        continue;
      }
      const targets = byComponent(component);
      if (!targets.length) add('network', d, `no ${component} pods in the overlay`);
      else if (!targets.some((x) => connectionAllowed(m.objects, me, x.ref, port)))
        add('network', d, `cannot reach ${component} on ${port}`);
    }
    const job = m.find('Job', `${svc.name}-migrate`);
    const postgres = byComponent('postgres');
    if (job && postgres.length) {
      const jt = podTemplate(job)!;
      const jobRef: PodRef = { labels: jt.labels, namespace: job.metadata.namespace ?? namespace, ports: [] };
      if (!postgres.some((x) => connectionAllowed(m.objects, jobRef, x.ref, 5432)))
        add('network', job, 'cannot reach PostgreSQL on 5432');
    }
    // Services talk over NATS only: no service may open a connection to another.
    for (const other of Object.values(catalog.services)) {
      const od = other.name !== svc.name ? m.find('Deployment', other.name) : undefined;
      if (!od) continue;
      const ot = podTemplate(od)!;
      const them: PodRef = { labels: ot.labels, namespace: od.metadata.namespace ?? namespace, ports: [] };
      if (connectionAllowed(m.objects, them, me, svc.port))
        add('network', d, `${other.name} can connect to ${svc.name} directly`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// NATS and PostgreSQL

function checkNats(
  m: Manifests,
  envByService: Map<string, Map<string, ResolvedEnv>>,
  options: CheckOptions,
  add: Add,
): void {
  const urls = new Set([...envByService.values()].map((e) => e.get('NATS_URL')?.value).filter((v): v is string => !!v));
  for (const url of urls) {
    const parsed = /^nats:\/\/([a-z0-9-]+):(\d+)$/.exec(url);
    const service = parsed && m.find('Service', parsed[1]);
    const ports = ((service && spec(service).ports) ?? []) as Array<{ port: number }>;
    if (!service || !ports.some((p) => p.port === Number(parsed![2])))
      add('nats', 'platform-config', `NATS_URL ${url} names no Service of the overlay`);
  }
  const replicasSeen = new Set([...envByService.values()].map((e) => e.get('STREAM_REPLICAS')?.value));
  if (replicasSeen.size > 1)
    add('nats', 'platform-config', 'services disagree on STREAM_REPLICAS and would keep rewriting the streams');
  const streamReplicas = Number([...replicasSeen][0]);

  const sts = m.find('StatefulSet', 'nats');
  if (!sts) {
    add('nats', 'StatefulSet/nats', 'missing');
    return;
  }
  const servers = (spec(sts).replicas as number | undefined) ?? 1;
  const c = podTemplate(sts)!.spec.containers?.[0];
  const config = m.configMapValue('nats-config', 'nats.conf') ?? '';
  if (!/jetstream\s*\{/.test(config)) add('nats', 'ConfigMap/nats-config', 'JetStream is not enabled');
  if (!/http:\s*\S*8222/.test(config))
    add('nats', 'ConfigMap/nats-config', 'the monitoring port 8222 is not enabled (KEDA reads lag there)');
  if (!(streamReplicas >= 1 && streamReplicas <= servers))
    add('nats', sts, `STREAM_REPLICAS ${streamReplicas} needs at least that many NATS servers (${servers})`);
  const routes = (config.match(/nats:\/\/[a-z0-9.-]+:6222/g) ?? []).length;
  if (servers > 1 && routes !== servers)
    add('nats', 'ConfigMap/nats-config', `${servers} servers but ${routes} cluster routes`);
  if (options.environment === 'production') {
    if (!/^nats:2\.11([.-]|$)/.test(c?.image ?? '')) add('nats', sts, `image ${c?.image}: production pins NATS 2.11`);
    if (servers !== 3) add('nats', sts, `${servers} servers: production runs 3`);
    if (streamReplicas !== 3)
      add('nats', 'ConfigMap/platform-config', `STREAM_REPLICAS ${streamReplicas}: production streams have 3 replicas`);
    if (!/sync_interval:\s*always/.test(config))
      add('nats', 'ConfigMap/nats-config', 'production sets jetstream sync_interval: always');
  }
}

/**
 * An external PostgreSQL (deploy/README.md, External PostgreSQL): DATABASE_HOST is a DNS name outside the cluster
 * and no PostgreSQL runs in the overlay. Services then reach it through an ipBlock rule on 5432.
 */
function isExternalDatabase(m: Manifests): boolean {
  const host = m.configMapValue('database-config', 'DATABASE_HOST') ?? '';
  const inCluster = m.pods().some((p) => p.labels['app.kubernetes.io/component'] === 'postgres');
  return host.includes('.') && !/\.svc(\.|$)/.test(host) && !inCluster;
}

function checkPostgres(m: Manifests, catalog: Catalog, options: CheckOptions, add: Add): void {
  const host = m.configMapValue('database-config', 'DATABASE_HOST');
  const clusters = m.objects.filter((o) => o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/'));
  if (isExternalDatabase(m)) return;
  const hostKnown = !!host && (!!m.find('Service', host) || clusters.some((c) => `${c.metadata.name}-rw` === host));
  if (!hostKnown)
    add(
      'postgres',
      'ConfigMap/database-config',
      `DATABASE_HOST ${host} is neither a Service nor a CloudNativePG cluster's -rw Service of the overlay`,
    );

  if (options.environment === 'production') {
    const cluster = clusters.find((c) => `${c.metadata.name}-rw` === host);
    if (!cluster) {
      add('postgres', 'Cluster', 'production runs PostgreSQL as a CloudNativePG Cluster behind DATABASE_HOST');
      return;
    }
    const s = spec(cluster);
    if ((s.instances as number) < 3) add('postgres', cluster, `${s.instances} instances: production runs 3`);
    if (!/:15(\.|-|$)/.test((s.imageName as string) ?? ''))
      add('postgres', cluster, `image ${s.imageName}: PostgreSQL 15`);
    const roles = ((s.managed as Record<string, unknown>)?.roles ?? []) as Array<{
      name: string;
      login?: boolean;
      passwordSecret?: { name: string };
    }>;
    const databases = m.objects.filter((o) => o.kind === 'Database' && o.apiVersion.startsWith('postgresql.cnpg.io/'));
    for (const svc of Object.values(catalog.services)) {
      const db = databases.find((x) => (x.spec as { name?: string }).name === svc.database);
      if (!db) {
        add('postgres', `Database/${svc.database}`, `no Database for ${svc.name}`);
        continue;
      }
      const ds = db.spec as { owner: string; cluster: { name: string } };
      if (ds.cluster.name !== cluster.metadata.name)
        add('postgres', db, `belongs to cluster ${ds.cluster.name}, not ${cluster.metadata.name}`);
      const role = roles.find((r) => r.name === ds.owner);
      if (!role) add('postgres', db, `owner ${ds.owner} is not a managed role of ${cluster.metadata.name}`);
      else {
        if (role.login !== true) add('postgres', cluster, `role ${role.name} cannot log in`);
        if (role.passwordSecret?.name !== `${svc.name}-db`)
          add(
            'postgres',
            cluster,
            `role ${role.name} must read its password from ${svc.name}-db, the Secret ${svc.name} uses`,
          );
      }
    }
  } else {
    const sts = m.all('StatefulSet').find((x) => podTemplate(x)!.labels['app.kubernetes.io/component'] === 'postgres');
    const image = sts && podTemplate(sts)!.spec.containers?.[0]?.image;
    if (sts && !/^postgres:15([.-]|$)/.test(image ?? '')) add('postgres', sts, `image ${image}: PostgreSQL 15`);
    const init = Object.values((m.find('ConfigMap', 'postgres-init')?.data ?? {}) as Record<string, string>).join('\n');
    if (sts) checkInitSql(init, catalog, 'ConfigMap/postgres-init', add);
  }
}

/** The init script creates exactly the catalog's databases. */
export function checkInitSql(sql: string, catalog: Catalog, where: string, add: Add): void {
  const created = [...sql.matchAll(/CREATE DATABASE\s+"?([A-Za-z0-9_]+)"?/gi)].map((x) => x[1]).sort();
  const expected = Object.values(catalog.services)
    .map((s) => s.database)
    .sort();
  if (created.join() !== expected.join())
    add('postgres', where, `creates ${created.join(', ') || 'nothing'}; the catalog needs ${expected.join(', ')}`);
}

export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `[${f.rule}] ${f.object}: ${f.message}`).join('\n');
}
