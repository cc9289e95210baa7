// The renderer against small kustomizations: the features deploy/ uses behave as kustomize's, and everything else
// is refused. When kubectl is on the PATH, each fixture is also rendered by `kubectl kustomize` and compared.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KObject, KustomizeError, parseImage, render } from './kustomize';

// Also compared with `kubectl kustomize` (kubectl is on every machine image of this project).

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kustomize-spec-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function files(tree: Record<string, string>): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: { app: api }
spec:
  replicas: 2
  selector: { matchLabels: { app: api } }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: dental/api:1.0@sha256:0123
          env:
            - { name: A, value: "1" }
            - { name: B, value: "2" }
          ports:
            - { name: http, containerPort: 3000 }
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
        - name: sidecar
          image: busybox:1.36
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: { app: api }
  ports:
    - { name: http, port: 80, targetPort: http }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: api
spec:
  scaleTargetRef: { name: api }
  triggers:
    - { type: cpu, metadata: { value: "50" } }
    - { type: memory, metadata: { value: "50" } }
---
apiVersion: v1
kind: Namespace
metadata:
  name: placeholder
`;

const OVERLAY = `namespace: shop
labels:
  - pairs: { env: test }
    includeTemplates: true
images:
  - { name: dental/api, newName: registry.local:5000/api, newTag: "2.0" }
  - { name: busybox, digest: "sha256:abcd" }
replicas:
  - { name: api, count: 5 }
resources:
  - ../base
patches:
  - path: patch.yaml
  - target: { kind: Service, name: "ap." }
    patch: |-
      apiVersion: v1
      kind: Service
      metadata:
        name: ignored
      spec:
        ports:
          - { port: 80, name: web }
          - { port: 9090, name: metrics, targetPort: 9090 }
`;

const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - { name: B, value: "20" }
            - { name: C, value: "3" }
            - { name: A, $patch: delete }
          volumeMounts:
            - { name: data, mountPath: /data }
          ports: null
        - name: extra
          image: dental/api
      volumes:
        - name: data
          emptyDir: { medium: Memory }
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: api
spec:
  triggers:
    - { type: cpu, metadata: { value: "80" } }
`;

function fixture(): string {
  files({
    'base/kustomization.yaml': 'resources:\n  - all.yaml\n',
    'base/all.yaml': DEPLOYMENT,
    'overlay/kustomization.yaml': OVERLAY,
    'overlay/patch.yaml': PATCH,
  });
  return join(root, 'overlay');
}

const find = (objects: KObject[], kind: string) => objects.find((o) => o.kind === kind)!;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe('render', () => {
  it('merges patches strategically for built-in kinds and replaces lists of custom resources', () => {
    const objects = render(fixture());
    const d = find(objects, 'Deployment') as Any;
    // kustomize's order for merged lists: the patch's items first, then those only the target had.
    const [api, extra, sidecar] = d.spec.template.spec.containers;
    expect(api.env).toEqual([
      { name: 'B', value: '20' },
      { name: 'C', value: '3' },
    ]);
    expect(api.ports).toBeUndefined();
    expect(api.volumeMounts.map((v: Any) => v.mountPath)).toEqual(['/data', '/tmp']);
    expect(d.spec.template.spec.volumes.map((v: Any) => v.name)).toEqual(['data', 'tmp']);
    expect([api.image, sidecar.image, extra.image]).toEqual([
      'registry.local:5000/api:2.0',
      'busybox@sha256:abcd',
      'registry.local:5000/api:2.0',
    ]);
    expect(d.spec.replicas).toBe(5);
    expect((find(objects, 'ScaledObject') as Any).spec.triggers).toEqual([{ type: 'cpu', metadata: { value: '80' } }]);
    const ports = (find(objects, 'Service') as Any).spec.ports;
    expect(ports).toEqual([
      { name: 'web', port: 80, targetPort: 'http' },
      { name: 'metrics', port: 9090, targetPort: 9090 },
    ]);
  });

  it('sets the namespace, renames the Namespace object and adds labels to objects and pod templates', () => {
    const objects = render(fixture());
    expect(find(objects, 'Namespace').metadata).toEqual({ name: 'shop', labels: { env: 'test' } });
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      expect(o.metadata.namespace).toBe('shop');
      expect(o.metadata.labels?.env).toBe('test');
    }
    const d = find(objects, 'Deployment') as Any;
    expect(d.spec.template.metadata.labels).toEqual({ app: 'api', env: 'test' });
    expect(d.spec.selector.matchLabels).toEqual({ app: 'api' });
  });

  it('gives what `kubectl kustomize` gives', () => {
    const dir = fixture();
    const theirs = parseAllDocuments(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' })).map((x) =>
      x.toJS(),
    );
    expect(JSON.parse(JSON.stringify(render(dir)))).toEqual(theirs);
  });

  it.each([
    ['an unsupported field', 'resources: [a.yaml]\nnamePrefix: x-\n', /namePrefix/],
    [
      'labels on selectors',
      'resources: [a.yaml]\nlabels:\n  - pairs: { a: b }\n    includeSelectors: true\n',
      /includeSelectors/,
    ],
    [
      'a JSON 6902 patch',
      'resources: [a.yaml]\npatches:\n  - target: { kind: Service }\n    patch: |-\n      - { op: remove, path: /spec }\n',
      /6902/,
    ],
    [
      'a patch that matches nothing',
      'resources: [a.yaml]\npatches:\n  - patch: |-\n      apiVersion: v1\n      kind: Service\n      metadata: { name: nope }\n',
      /matches no resource/,
    ],
    ['a resource defined twice', 'resources: [a.yaml, a.yaml]\n', /defined twice/],
    ['a remote resource', 'resources: [https://example.com/x.yaml]\n', /remote/],
    ['replicas of nothing', 'resources: [a.yaml]\nreplicas: [{ name: nope, count: 1 }]\n', /no Deployment/],
  ])('refuses %s', (_what, kustomization, error) => {
    files({
      'k/kustomization.yaml': kustomization,
      'k/a.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: s }\n',
    });
    expect(() => render(join(root, 'k'))).toThrow(KustomizeError);
    expect(() => render(join(root, 'k'))).toThrow(error);
  });
});

describe('parseImage', () => {
  it.each([
    ['nats:2.11-alpine', { name: 'nats', tag: '2.11-alpine' }],
    ['registry:5000/a/b', { name: 'registry:5000/a/b' }],
    ['registry:5000/a/b:1@sha256:ff', { name: 'registry:5000/a/b', tag: '1', digest: 'sha256:ff' }],
  ])('%s', (image, expected) => {
    expect(parseImage(image)).toEqual({ digest: undefined, ...expected });
  });
});
