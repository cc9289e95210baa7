// The committed JSON-schema snapshot of every message (libs/contracts/schemas, README "Contracts and versions"): each
// event contract's payload, each RPC contract's request and reply.
// Classes (event payloads, requests) are described by their class-validator rules, what a receiver enforces; replies,
// which are TypeScript interfaces, by their types. A message whose schema differs from its snapshot fails here: an additive change (a new optional field) is taken in with
// `npm run contracts:snapshot`; a breaking one is refused, because it needs a new version published beside the old.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { createGenerator } from 'ts-json-schema-generator';
import { allEventContracts, allRpcContracts } from './index';
import { breakingChanges } from './schema-compat';

jest.setTimeout(180_000);

// class-transformer's store of `@Type` (nested classes): not in its typed entry point
const { defaultMetadataStorage } = jest.requireActual<{ defaultMetadataStorage: MetadataStorage }>(
  'class-transformer/cjs/storage',
);

const ROOT = join(__dirname, '..', '..', '..');
const DIR = join(__dirname, '..', 'schemas');
const UPDATE = process.env.UPDATE_CONTRACT_SCHEMAS === '1';

interface Snapshot {
  file: string;
  schema: Record<string, unknown>;
}

/** A class's schema from its validation rules, nested classes inlined (so a snapshot file stands alone). */
function classSchemas(): (cls: new (...args: never[]) => unknown) => Record<string, unknown> {
  const options = { classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: '#/definitions/' };
  // nested classes by name; the top class by constructor, its inherited rules included (Nest's IntersectionType)
  const all = validationMetadatasToSchemas(options) as Record<string, Record<string, unknown>>;
  const inline = (value: unknown, seen: string[]): unknown => {
    if (Array.isArray(value)) return value.map((v) => inline(v, seen));
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: string }).$ref;
    if (ref) {
      const name = ref.replace('#/definitions/', '');
      if (seen.includes(name)) return { $ref: name };
      return inline(all[name] ?? {}, [...seen, name]);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, seen)]));
  };
  return (cls) => inline(targetConstructorToSchema(cls, options), [cls.name]) as Record<string, unknown>;
}

function generate(): Snapshot[] {
  const classSchemaOf = classSchemas();
  const generator = createGenerator({
    path: join(__dirname, 'index.ts'),
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    type: '*',
    skipTypeCheck: true,
    expose: 'none',
    topRef: false,
    additionalProperties: true,
    jsDoc: 'none',
  });
  const schemaOf = (name: string) => {
    try {
      const { $schema: _, ...schema } = generator.createSchema(name) as Record<string, unknown>;
      return schema;
    } catch (e) {
      throw new Error(`no JSON schema for ${name}: ${(e as Error).message}`);
    }
  };
  const events = allEventContracts().map((c) => ({
    file: join('events', `${c.type}.v${c.version}.json`),
    schema: { type: c.type, version: c.version, owner: c.owner, payload: classSchemaOf(c.payload) },
  }));
  const rpcs = allRpcContracts().map((c) => ({
    file: join('rpc', `${c.subject}.json`),
    schema: {
      subject: c.subject,
      owner: c.owner,
      request: classSchemaOf(c.request),
      response: c.response === null ? null : schemaOf(c.response),
    },
  }));
  return [...events, ...rpcs];
}

function committed(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const sub of ['events', 'rpc']) {
    mkdirSync(join(DIR, sub), { recursive: true });
    for (const f of readdirSync(join(DIR, sub)).filter((n) => n.endsWith('.json')))
      out.set(join(sub, f), JSON.parse(readFileSync(join(DIR, sub, f), 'utf8')) as Record<string, unknown>);
  }
  return out;
}

describe('message schemas against the committed snapshot', () => {
  const current = generate();
  const before = committed();

  it('every event and RPC contract has a snapshot, and every snapshot a contract', () => {
    const missing = current.filter((s) => !before.has(s.file)).map((s) => s.file);
    const stale = [...before.keys()].filter((f) => !current.some((s) => s.file === f));
    if (UPDATE) {
      for (const s of current.filter((c) => missing.includes(c.file)))
        writeFileSync(join(DIR, s.file), JSON.stringify(s.schema, null, 2) + '\n');
      for (const f of stale) rmSync(join(DIR, f));
      return;
    }
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('no message changed incompatibly without a new version; additive changes are in the snapshot', () => {
    const breaking: string[] = [];
    const additive: string[] = [];
    for (const s of current) {
      const old = before.get(s.file);
      if (!old || JSON.stringify(old) === JSON.stringify(s.schema)) continue;
      const problems =
        'subject' in s.schema
          ? [
              ...breakingChanges(old.request, s.schema.request, {}, '$.request'),
              ...breakingChanges(old.response, s.schema.response, { newFieldsMayBeRequired: true }, '$.response'),
            ]
          : breakingChanges(old.payload, s.schema.payload, {}, '$.payload');
      if (problems.length) breaking.push(`${s.file}: ${problems.join('; ')}`);
      else {
        additive.push(s.file);
        if (UPDATE) writeFileSync(join(DIR, s.file), JSON.stringify(s.schema, null, 2) + '\n');
      }
    }
    if (breaking.length)
      throw new Error(
        `breaking change without a new version (define the message again with version + 1, publish both until ` +
          `consumers move; libs/contracts/README.md):\n${breaking.join('\n')}`,
      );
    if (!UPDATE && additive.length)
      throw new Error(`additive change not in the snapshot: run npm run contracts:snapshot\n${additive.join('\n')}`);
  });
});
