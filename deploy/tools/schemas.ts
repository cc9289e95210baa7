// Offline schema validation of rendered objects:
//   1. Kubernetes and KEDA kinds: kubernetes-models / @kubernetes-models/keda (types, required fields, enums,
//      formats), run in a child process (k8s-validate.mjs) because those packages are ES modules only.
//   2. The same kinds, unknown fields: kubernetes-models' schemas accept any extra property, but the API server
//      rejects unknown fields (kubectl apply --validate=strict). Every property is checked against the TypeScript
//      interfaces kubernetes-models ships, read with the TypeScript compiler.
//   3. CloudNativePG kinds: the strict JSON schemas in deploy/schemas/, with ajv.
// Any object none of these knows is an error: a new kind needs a schema before it can ship.
import Ajv, { ValidateFunction } from 'ajv';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import type { KObject } from './kustomize';

export interface SchemaError {
  object: string;
  path: string;
  message: string;
}

const TOOLS_DIR = __dirname;
const REPO_ROOT = resolve(TOOLS_DIR, '../..');
const SCHEMA_DIR = resolve(TOOLS_DIR, '../schemas');

const describe = (o: KObject): string => `${o.kind}/${o.metadata?.name}`;

// ---------------------------------------------------------------------------------------------------------------
// 1. kubernetes-models (child process)

interface ModelResult {
  supported: boolean;
  errors: Array<{ path: string; message: string }>;
}

export class SchemaToolMissing extends Error {}

function assertModelsInstalled(): void {
  for (const pkg of ['kubernetes-models', '@kubernetes-models/keda']) {
    if (!existsSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'))) {
      throw new SchemaToolMissing(`${pkg} is not installed: run npm ci (it is a devDependency of the repository)`);
    }
  }
}

function validateWithModels(objects: KObject[]): ModelResult[] {
  assertModelsInstalled();
  const out = execFileSync(process.execPath, ['--no-warnings', join(TOOLS_DIR, 'k8s-validate.mjs')], {
    input: JSON.stringify(objects),
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const results = JSON.parse(out) as ModelResult[];
  if (results.length !== objects.length) throw new Error('k8s-validate.mjs answered for a different number of objects');
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Unknown fields, from kubernetes-models' TypeScript interfaces

/** The .d.ts module and interface that describe an apiVersion/kind, when kubernetes-models has one. */
function typeModuleOf(apiVersion: string, kind: string): string | undefined {
  let dir: string | undefined;
  if (apiVersion === 'v1') dir = 'kubernetes-models/v1';
  else {
    const [group, version] = apiVersion.split('/');
    if (!version || !/^[A-Za-z0-9]+$/.test(kind)) return undefined;
    if (group === 'keda.sh') dir = `@kubernetes-models/keda/keda.sh/${version}`;
    else if (!group.includes('.') || group.endsWith('.k8s.io')) dir = `kubernetes-models/${group}/${version}`;
  }
  if (!dir) return undefined;
  const file = join(REPO_ROOT, 'node_modules', `${dir}/${kind}.d.ts`);
  return existsSync(file) ? `${dir}/${kind}` : undefined;
}

interface TypeWorld {
  checker: ts.TypeChecker;
  roots: Map<string, ts.Type>;
}

const typeWorlds = new Map<string, TypeWorld>();

/** One TypeScript program that imports the interface of every kind asked for (cached per set of kinds). */
function typeWorld(modules: string[]): TypeWorld {
  const key = modules.join('\n');
  const cached = typeWorlds.get(key);
  if (cached) return cached;
  const file = join(TOOLS_DIR, '__kubernetes_types__.ts');
  const lines = modules.map((m, i) => `import type { I${m.split('/').pop()} as T${i} } from '${m}';`);
  lines.push(`export interface Roots { ${modules.map((m, i) => `'${m}': T${i};`).join(' ')} }`);
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const problems = program.getSemanticDiagnostics(program.getSourceFile(file));
  if (problems.length) {
    throw new Error(
      `kubernetes-models types did not load: ${ts.flattenDiagnosticMessageText(problems[0].messageText, ' ')}`,
    );
  }
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const rootsSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'Roots')!;
  const rootsType = checker.getDeclaredTypeOfSymbol(rootsSymbol);
  const roots = new Map<string, ts.Type>();
  for (const m of modules) roots.set(m, checker.getTypeOfSymbol(rootsType.getProperty(m)!));
  const world = { checker, roots };
  typeWorlds.set(key, world);
  return world;
}

function isObjectLike(t: ts.Type): boolean {
  return (t.flags & ts.TypeFlags.Object) !== 0 || t.isIntersection();
}

/** Reports every property of `value` that `type` does not declare, recursively. */
function unknownFields(checker: ts.TypeChecker, value: unknown, type: ts.Type, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const t = checker.getNonNullableType(type);
  if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  const members = t.isUnion() ? t.types : [t];
  if (Array.isArray(value)) {
    const arrays = members.filter((m) => checker.isArrayType(m));
    if (!arrays.length) return; // a type mismatch: kubernetes-models reports it
    const element = checker.getTypeArguments(arrays[0] as ts.TypeReference)[0];
    value.forEach((item, i) => unknownFields(checker, item, element, `${path}/${i}`, out));
    return;
  }
  const objects = members.filter((m) => isObjectLike(m) && !checker.isArrayType(m));
  if (!objects.length) return;
  // With a union of object types, judge against the member that knows the most of the given keys.
  const keys = Object.keys(value as object);
  const known = (o: ts.Type) => keys.filter((k) => o.getProperty(k) || checker.getIndexInfosOfType(o).length).length;
  const best = objects.reduce((a, b) => (known(b) > known(a) ? b : a));
  const index = checker.getIndexInfosOfType(best)[0];
  for (const k of keys) {
    const prop = best.getProperty(k);
    const child = (value as Record<string, unknown>)[k];
    if (prop) unknownFields(checker, child, checker.getTypeOfSymbol(prop), `${path}/${k}`, out);
    else if (index) unknownFields(checker, child, index.type, `${path}/${k}`, out);
    else out.push(`${path}/${k}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Committed JSON schemas (CloudNativePG)

let ajvValidators: Map<string, ValidateFunction> | undefined;

function jsonSchemaValidators(): Map<string, ValidateFunction> {
  if (ajvValidators) return ajvValidators;
  const ajv = new Ajv({ allErrors: true, strict: true });
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'));
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')));
  ajvValidators = new Map();
  for (const f of files.filter((x) => !x.startsWith('_'))) {
    const [group, version, kind] = f.replace(/\.json$/, '').split('_');
    ajvValidators.set(`${group}/${version}|${kind}`, ajv.getSchema(f)!);
  }
  return ajvValidators;
}

// ---------------------------------------------------------------------------------------------------------------

/** Validates every object; an empty list means all of them conform to a known schema. */
export function validateSchemas(objects: KObject[]): SchemaError[] {
  const errors: SchemaError[] = [];
  const models = validateWithModels(objects);
  const jsonSchemas = jsonSchemaValidators();
  const typeModules = [
    ...new Set(objects.map((o) => typeModuleOf(o.apiVersion, o.kind)).filter((m): m is string => !!m)),
  ].sort();
  const world = typeModules.length ? typeWorld(typeModules) : undefined;

  objects.forEach((o, i) => {
    const name = describe(o);
    const jsonSchema = jsonSchemas.get(`${o.apiVersion}|${o.kind}`);
    if (models[i].supported) {
      for (const e of models[i].errors) errors.push({ object: name, path: e.path, message: e.message });
      const module = typeModuleOf(o.apiVersion, o.kind);
      if (module && world) {
        const unknown: string[] = [];
        unknownFields(world.checker, o, world.roots.get(module)!, '', unknown);
        for (const path of unknown)
          errors.push({ object: name, path, message: 'unknown field (the API server rejects it)' });
      }
    } else if (jsonSchema) {
      if (!jsonSchema(o)) {
        for (const e of jsonSchema.errors ?? []) {
          const extra =
            e.keyword === 'additionalProperties'
              ? `: ${(e.params as { additionalProperty: string }).additionalProperty}`
              : '';
          errors.push({ object: name, path: e.instancePath || '/', message: `${e.message}${extra}` });
        }
      }
    } else {
      errors.push({
        object: name,
        path: '/',
        message: `no schema for ${o.apiVersion} ${o.kind} (add one to deploy/schemas/)`,
      });
    }
  });
  return errors;
}
