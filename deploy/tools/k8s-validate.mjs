// Validates Kubernetes and KEDA objects against their OpenAPI schemas with kubernetes-models and
// @kubernetes-models/keda. Those packages are ES modules only (no `require` export), and Jest runs this repository
// as CommonJS, so deploy/tools/schemas.ts runs this file in a child process:
//   stdin:  a JSON array of objects
//   stdout: a JSON array, one entry per object: { supported, errors: [{ path, message }] }
// An object whose apiVersion/kind these packages do not model comes back with supported: false.

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString('utf8'));

/** The module that models an apiVersion, or undefined. */
function moduleOf(apiVersion) {
  if (typeof apiVersion !== 'string') return undefined;
  if (apiVersion === 'v1') return 'kubernetes-models/v1';
  const [group, version] = apiVersion.split('/');
  if (!version) return undefined;
  if (group === 'keda.sh') return `@kubernetes-models/keda/keda.sh/${version}`;
  if (!group.includes('.') || group.endsWith('.k8s.io')) return `kubernetes-models/${group}/${version}`;
  return undefined;
}

const modules = new Map();
async function load(specifier) {
  if (!modules.has(specifier)) {
    modules.set(
      specifier,
      import(specifier).catch((e) => {
        if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED')) return undefined;
        throw e;
      }),
    );
  }
  return modules.get(specifier);
}

const results = [];
for (const obj of objects) {
  const specifier = moduleOf(obj && obj.apiVersion);
  const mod = specifier ? await load(specifier) : undefined;
  const Model = mod && typeof mod[obj.kind] === 'function' ? mod[obj.kind] : undefined;
  if (!Model) {
    results.push({ supported: false, errors: [] });
    continue;
  }
  try {
    new Model(obj).validate();
    results.push({ supported: true, errors: [] });
  } catch (e) {
    const errors = Array.isArray(e && e.errors)
      ? e.errors.map((x) => ({
          path: x.instancePath || '/',
          message: `${x.message}${x.params && x.params.allowedValues ? ` (${x.params.allowedValues.join(', ')})` : ''}`,
        }))
      : [{ path: '/', message: String(e && e.message ? e.message : e) }];
    results.push({ supported: true, errors });
  }
}
process.stdout.write(JSON.stringify(results));
