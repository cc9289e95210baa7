// Requests built from an operation's schema with fast-check: valid-looking values first (by type, enum, example and
// the field's name where the schema is thin), then mutated the ways an integrator's client or an attacker would.
import fc from 'fast-check';
import type { Operation, Param, Schema } from './openapi';

export const ID_KINDS = [
  'clinic',
  'lab',
  'workOrder',
  'workOrderPayment',
  'patient',
  'treatment',
  'patientPayment',
  'physician',
  'alert',
  'family',
  'contract',
  'plan',
  'invoice',
  'subscription',
] as const;
export type IdKind = (typeof ID_KINDS)[number];
/** The ids of one organization's seeded records, by kind. */
export type OrgIds = Record<IdKind, string[]>;

export const ACTORS = ['adminA', 'accountantA', 'receptionA', 'physicianA', 'labManagerA', 'adminB', 'nobody'] as const;
export type Actor = (typeof ACTORS)[number];

export interface FuzzContext {
  A: OrgIds;
  B: OrgIds;
}

export interface FuzzRequest {
  op: string;
  method: Operation['method'];
  /** The concrete path with its query string. */
  url: string;
  actor: Actor;
  headers: Record<string, string>;
  /** The raw body as sent (undefined: none). */
  body?: string;
  /** What was done to the valid-looking request, for the report. */
  mutations: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

// ---------------------------------------------------------------------------------------------------------------
// field kinds: from the schema where it says, from the field's name where it does not

const SEGMENT_KIND: Record<string, IdKind> = {
  patients: 'patient',
  'work-orders': 'workOrder',
  labs: 'lab',
  clinics: 'clinic',
  alerts: 'alert',
  families: 'family',
  'report-subscriptions': 'subscription',
  physicians: 'physician',
  treatments: 'treatment',
  contracts: 'contract',
  'treatment-plans': 'plan',
  invoices: 'invoice',
};

/** The kind of record a path parameter names: the collection just before it (`/labs/{id}` → lab). */
export function pathParamKind(path: string, name: string): IdKind | undefined {
  const segments = path.split('/');
  const at = segments.indexOf(`{${name}}`);
  const collection = segments[at - 1];
  if (collection === 'payments') return segments.includes('patients') ? 'patientPayment' : 'workOrderPayment';
  return SEGMENT_KIND[collection] ?? fieldIdKind(name);
}

/** The kind of record an id field names: `clinicId` → clinic, `treatmentIds` → treatment. */
export function fieldIdKind(name: string): IdKind | undefined {
  const m = /^(.*?)Ids?$/.exec(name);
  if (!m) return undefined;
  const base = m[1];
  if (base === 'payment') return 'patientPayment';
  if (base === 'subscription') return 'subscription';
  return (ID_KINDS as readonly string[]).includes(base) ? (base as IdKind) : undefined;
}

const isIdName = (name: string) => /(^id|Id|Ids)$/.test(name);
const isDateName = (name: string) => /(^date|Date|^from|^to|^asOf|^through|^at)$/.test(name);
const isPercentName = (name: string) => /percent/i.test(name);
const isMoneyName = (name: string) => /(amount|Amount|bankCost|downPayment|^total)$/.test(name);

export const ODD_DATES = [
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '10000-01-01',
  '2026-1-1',
  '2026-13-01',
  '2024-02-29',
  '',
  '2026-11-21T10:00:00Z',
  '21.11.2026',
  '-2026-01-01',
  '2026-00-10',
];
export const INVALID_DATES = [
  '2026-02-30',
  '0000-01-01',
  '10000-01-01',
  '2026-1-1',
  '2026-13-01',
  '',
  '21.11.2026',
  '2026-00-10',
];
export const ODD_MONEY = [
  '1.234',
  '1e3',
  ' 12.00',
  '12.00 ',
  '12,50',
  '-0.00',
  '0',
  '+5',
  '.5',
  '5.',
  'NaN',
  'Infinity',
  '999999999999999999999999.99',
  '00012.00',
  '١٢٣',
  '1_000.00',
  '0x10',
  '-12.00',
];
export const INVALID_MONEY = [
  '1.234',
  '1e3',
  ' 12.00',
  '12,50',
  '+5',
  'NaN',
  'Infinity',
  '١٢٣',
  '1_000.00',
  '0x10',
  'abc',
];
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 2, -1, -0, 0, 1e21, 0.1, 123456789012, -2147483649, 4294967296];
const WEIRD_STRINGS = [
  '',
  ' ',
  'a'.repeat(5000),
  'ünïcödé ✓ 🦷',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '\u0000',
  '\uFFFF',
  '%00',
  '../../etc/passwd',
  '{{7*7}}',
  '\u202E',
];

const dateArb = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const moneyArb = fc.integer({ min: 1, max: 500_000 }).map((c) => (c / 100).toFixed(2));
const percentArb = fc.integer({ min: 0, max: 10_000 }).map((c) => (c / 100).toFixed(2));
const textArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Fuzz lab', 'Composite filling', 'Zirconia crown 26', 'Ali', 'Yılmaz') },
  {
    weight: 1,
    arbitrary: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0 && !s.includes('\u0000')),
  },
);

const idsOf = (ids: OrgIds, kind: IdKind | undefined): string[] => (kind ? ids[kind] : ID_KINDS.flatMap((k) => ids[k]));

/** An id of this kind from the organization's seeded records (a random UUID when there is none). */
function idArb(ids: OrgIds, kind: IdKind | undefined): fc.Arbitrary<string> {
  const known = idsOf(ids, kind);
  return known.length
    ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid() })
    : fc.uuid();
}

function byName(name: string, ids: OrgIds): fc.Arbitrary<Json> | undefined {
  if (isIdName(name)) return idArb(ids, fieldIdKind(name));
  if (isDateName(name)) return dateArb;
  if (isPercentName(name)) return percentArb;
  if (isMoneyName(name)) return moneyArb;
  if (/email/i.test(name)) return fc.constantFrom('front-desk@clinic.example', 'fuzz@example.com');
  if (/url/i.test(name)) return fc.constantFrom('https://hooks.example/dental');
  if (/secret/i.test(name)) return fc.constantFrom('a-secret-of-sixteen-chars');
  if (/password/i.test(name)) return fc.constantFrom('fuzz-password-1');
  if (name === 'currency') return fc.constantFrom('EUR', 'TRY', 'USD');
  if (name === 'timeZone') return fc.constantFrom('Europe/Istanbul', 'UTC');
  if (name === 'tooth') return fc.constantFrom('26', '11');
  return undefined;
}

/** A valid-looking value for the schema (type, enum, example, bounds), guided by the field's name. */
export function valueArb(schema: Schema, name: string, ids: OrgIds, depth = 0, minimal = false): fc.Arbitrary<Json> {
  if (schema.enum?.length) return fc.constantFrom(...(schema.enum as Json[]));
  if (schema.type === 'array' || schema.items) {
    const itemName = name.replace(/s$/, '');
    const item = valueArb(schema.items ?? {}, isIdName(name) ? name : itemName, ids, depth + 1, minimal);
    return fc.array(item, {
      minLength: Math.max(1, schema.minItems ?? 1),
      maxLength: Math.min(3, schema.maxItems ?? 3),
    });
  }
  if (schema.properties && depth < 6) return objectArb(schema, ids, depth, minimal);
  const named = byName(name, ids);
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? 1;
    const max = Math.max(min, Math.min(schema.maximum ?? 100, min + 1000));
    return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  }
  if (named) return named;
  if (typeof schema.example === 'string' || typeof schema.example === 'number') return fc.constant(schema.example);
  // a thin schema ({ type: object } with nothing inside, or none at all) is read as text
  return textArb;
}

/** An object of the schema's properties (minimal: only the required ones). */
function objectArb(schema: Schema, ids: OrgIds, depth: number, minimal: boolean): fc.Arbitrary<Json> {
  const props = schema.properties ?? {};
  const required = (schema.required ?? []).filter((k) => k in props);
  const record: Record<string, fc.Arbitrary<Json>> = {};
  for (const [k, s] of Object.entries(props))
    if (!minimal || required.includes(k)) record[k] = valueArb(s, k, ids, depth + 1, minimal);
  return fc.record(record, { requiredKeys: required }) as fc.Arbitrary<Json>;
}

// ---------------------------------------------------------------------------------------------------------------
// mutations of a body

interface FieldInfo {
  path: Path;
  schema: Schema;
  required: boolean;
  name: string;
}

/** Every field the schema describes, nested ones too (array items as index 0). */
function fieldsOf(schema: Schema, base: Path = [], depth = 0): FieldInfo[] {
  if (depth > 6) return [];
  const out: FieldInfo[] = [];
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    const path = [...base, k];
    out.push({ path, schema: s, required: (schema.required ?? []).includes(k), name: k });
    if (s.properties) out.push(...fieldsOf(s, path, depth + 1));
    if (s.items?.properties) out.push(...fieldsOf(s.items, [...path, 0], depth + 1));
  }
  return out;
}

function getAt(value: Json, path: Path): Json | undefined {
  let node: Json | undefined = value;
  for (const p of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[p];
  }
  return node;
}

/** The value with `path` set (or deleted when `next` is undefined); parents are made where missing. */
function setAt(value: Json, path: Path, next: Json | undefined): Json {
  if (!path.length) return next === undefined ? {} : next;
  const [head, ...rest] = path;
  const container: Json = value !== null && typeof value === 'object' ? value : typeof head === 'number' ? [] : {};
  const copy: Json = Array.isArray(container) ? [...container] : { ...(container as Record<string, Json>) };
  const inner = (copy as Record<string | number, Json>)[head as never] ?? (typeof rest[0] === 'number' ? [] : {});
  if (!rest.length && next === undefined) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete (copy as Record<string, Json>)[head as string];
  } else {
    (copy as Record<string | number, Json>)[head as never] = setAt(inner as Json, rest, next) as never;
  }
  return copy;
}

const pathName = (path: Path) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');

/** A value of another type than the schema's (thin schemas: anything but a string). */
function wrongTypeValues(schema: Schema): Json[] {
  switch (schema.type) {
    case 'boolean':
      return ['true', 1, 0, 'yes', {}, []];
    case 'integer':
    case 'number':
      return ['3', '1e3', true, {}, [], 'three', 2.5];
    case 'array':
      return ['x', 5, { a: 1 }, true];
    case 'object':
      return schema.properties ? ['x', 5, [], true, [{}]] : [12345, true, { a: 1 }, ['x']];
    default:
      return [12345, true, { a: 1 }, ['x'], 12.5, -1];
  }
}

function deepNest(levels: number, arrays: boolean): Json {
  let v: Json = 1;
  for (let i = 0; i < levels; i++) v = arrays ? [v] : { a: v };
  return v;
}

export type BodyMutation =
  | 'missingRequired'
  | 'nullField'
  | 'nullRequired'
  | 'wrongType'
  | 'unknownField'
  | 'deepNesting'
  | 'hugeNumber'
  | 'numberAsString'
  | 'stringAsNumber'
  | 'oddDate'
  | 'invalidDate'
  | 'oddMoney'
  | 'invalidMoney'
  | 'arrayForObject'
  | 'weirdString'
  | 'randomIdInBody'
  | 'otherOrgIdInBody'
  | 'dropOptional';

interface MutationPick {
  kind: BodyMutation;
  pick: number;
  variant: number;
}

/** One mutation applied to a body, or null when the body has no field it applies to. */
function mutateBody(body: Json, schema: Schema, m: MutationPick, other: OrgIds): { body: Json; label: string } | null {
  const fields = fieldsOf(schema).filter(
    (f) => !f.path.includes(0) || getAt(body, f.path.slice(0, f.path.indexOf(0) + 1)) !== undefined,
  );
  const choose = <T>(xs: T[]): T | undefined => (xs.length ? xs[m.pick % xs.length] : undefined);
  const variant = <T>(xs: T[]): T => xs[m.variant % xs.length];
  const leaf = (f: FieldInfo) => !f.schema.properties && f.schema.type !== 'array';
  const stringLeaf = (f: FieldInfo) =>
    leaf(f) && !['boolean', 'integer', 'number'].includes(f.schema.type ?? '') && !f.schema.enum;
  const set = (f: FieldInfo | undefined, v: Json | undefined, what: string) =>
    f
      ? {
          body: setAt(body, f.path, v),
          label: `${what} ${pathName(f.path)}=${v === undefined ? '(absent)' : JSON.stringify(v)?.slice(0, 40)}`,
        }
      : null;
  switch (m.kind) {
    case 'missingRequired':
      return set(choose(fields.filter((f) => f.required && getAt(body, f.path) !== undefined)), undefined, 'missing');
    case 'dropOptional':
      return set(choose(fields.filter((f) => !f.required && getAt(body, f.path) !== undefined)), undefined, 'dropped');
    case 'nullField':
      return set(choose(fields), null, 'null');
    case 'nullRequired':
      return set(choose(fields.filter((f) => f.required && !f.schema.nullable)), null, 'null');
    case 'wrongType': {
      const f = choose(fields.filter((x) => !x.schema.nullable || x.schema.properties));
      return f ? set(f, variant(wrongTypeValues(f.schema)), 'wrong type') : null;
    }
    case 'unknownField': {
      const objects = [
        [] as Path,
        ...fields.filter((f) => f.schema.properties && getAt(body, f.path) !== undefined).map((f) => f.path),
      ];
      const at = choose(objects)!;
      const key = variant(['unknownField', 'organizationId', 'id', '__proto__', 'constructor', 'isAdmin', '']);
      const target = getAt(body, at);
      if (target === null || typeof target !== 'object' || Array.isArray(target)) return null;
      // __proto__ as an own key, as JSON.parse makes it
      const withExtra = JSON.parse(
        JSON.stringify(target).replace(
          /^\{/,
          `{${JSON.stringify(key)}:${JSON.stringify(variant([{ polluted: true }, 'x', 1, null]))}${Object.keys(target).length ? ',' : ''}`,
        ),
      ) as Json;
      return {
        body: at.length ? setAt(body, at, withExtra) : withExtra,
        label: `unknown field ${pathName([...at, key])}`,
      };
    }
    case 'deepNesting': {
      const f = choose(fields);
      const nested = deepNest(variant([33, 40, 100, 500]), m.variant % 2 === 0);
      return f ? set(f, nested, 'deep') : { body: setAt(body, ['nested'], nested), label: 'deep nested' };
    }
    case 'hugeNumber': {
      const f = choose(fields.filter(leaf));
      return f ? set(f, variant(HUGE_NUMBERS), 'number') : null;
    }
    case 'numberAsString': {
      const f = choose(fields.filter((x) => x.schema.type === 'integer' || x.schema.type === 'number'));
      return f
        ? set(f, variant(['3', '03', '1e2', ' 3', '3.0', '-1', '99999999999999999999']), 'number as string')
        : null;
    }
    case 'stringAsNumber': {
      const f = choose(fields.filter(stringLeaf));
      return f ? set(f, variant([12.5, 1250, 0, -5, 1e21, 0.001]), 'string as number') : null;
    }
    case 'oddDate':
    case 'invalidDate': {
      const f = choose(fields.filter((x) => isDateName(x.name) && leaf(x)));
      return f ? set(f, variant(m.kind === 'oddDate' ? ODD_DATES : INVALID_DATES), 'date') : null;
    }
    case 'oddMoney':
    case 'invalidMoney': {
      const f = choose(fields.filter((x) => (isMoneyName(x.name) || isPercentName(x.name)) && leaf(x)));
      return f ? set(f, variant(m.kind === 'oddMoney' ? ODD_MONEY : INVALID_MONEY), 'money') : null;
    }
    case 'arrayForObject': {
      const objects = fields.filter((f) => f.schema.properties && getAt(body, f.path) !== undefined);
      const f = choose(objects);
      if (!f || m.variant % 3 === 0) return { body: [body], label: 'array body' };
      return set(f, [getAt(body, f.path)!], 'array for object');
    }
    case 'weirdString': {
      const f = choose(fields.filter(stringLeaf));
      return f ? set(f, variant(WEIRD_STRINGS), 'string') : null;
    }
    case 'randomIdInBody':
    case 'otherOrgIdInBody': {
      const f = choose(fields.filter((x) => isIdName(x.name)));
      if (!f) return null;
      const kind = fieldIdKind(f.name);
      const foreign = idsOf(other, kind);
      const id =
        m.kind === 'randomIdInBody' || !foreign.length
          ? `${((m.variant * 2654435761) % 0xffffffff).toString(16).padStart(8, '0')}-0000-4000-8000-${m.pick.toString(16).padStart(12, '0').slice(-12)}`
          : foreign[m.variant % foreign.length];
      const value = f.schema.type === 'array' ? [id] : id;
      return set(f, value, m.kind === 'randomIdInBody' ? 'random id' : 'other org id');
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// path, query and headers

const NOT_UUIDS = ['nope', '123', '00000000-0000-0000-0000-00000000000', 'ÄÖ', '%2E%2E', '{id}', 'null', '1%00'];
type PathMutation = 'valid' | 'notUuid' | 'randomUuid' | 'otherOrg' | 'wrongKind' | 'nil' | 'upper';

function pathId(op: Operation, p: Param, own: OrgIds, other: OrgIds, how: PathMutation, n: number): string {
  const kind = pathParamKind(op.path, p.name);
  const pick = (xs: string[]) => (xs.length ? xs[n % xs.length] : undefined);
  const random = `${((n * 2246822519) % 0xffffffff).toString(16).padStart(8, '0')}-1111-4111-8111-${n.toString(16).padStart(12, '0').slice(-12)}`;
  switch (how) {
    case 'notUuid':
      return encodeURIComponent(NOT_UUIDS[n % NOT_UUIDS.length]).replace(/%25/g, '%');
    case 'randomUuid':
      return random;
    case 'nil':
      return '00000000-0000-0000-0000-000000000000';
    case 'otherOrg':
      return pick(idsOf(other, kind)) ?? random;
    case 'wrongKind':
      return pick(ID_KINDS.filter((k) => k !== kind).flatMap((k) => own[k])) ?? random;
    case 'upper':
      return (pick(idsOf(own, kind)) ?? random).toUpperCase();
    default:
      return pick(idsOf(own, kind)) ?? random;
  }
}

type QueryMutation =
  'none' | 'repeat' | 'unknown' | 'oversizedPage' | 'oddDate' | 'wrongType' | 'brackets' | 'empty' | 'randomId';

function queryValue(p: Param, ids: OrgIds, n: number): string {
  const s = p.schema;
  if (s.enum?.length) return String(s.enum[n % s.enum.length]);
  if (s.type === 'boolean') return n % 2 ? 'true' : 'false';
  if (s.type === 'integer' || s.type === 'number') return String(Math.max(s.minimum ?? 1, 1 + (n % 3)));
  if (isIdName(p.name)) {
    const known = idsOf(ids, fieldIdKind(p.name));
    return known.length ? known[n % known.length] : '6f1f9a9e-0000-4000-8000-000000000001';
  }
  if (isDateName(p.name)) return ['2026-01-01', '2026-11-21', '2026-12-31'][n % 3];
  if (typeof s.example === 'string') return s.example;
  return 'Ali';
}

// ---------------------------------------------------------------------------------------------------------------
// whole requests

const BODY_MUTATIONS: BodyMutation[] = [
  'missingRequired',
  'nullField',
  'nullRequired',
  'wrongType',
  'unknownField',
  'deepNesting',
  'hugeNumber',
  'numberAsString',
  'stringAsNumber',
  'oddDate',
  'oddMoney',
  'arrayForObject',
  'weirdString',
  'randomIdInBody',
  'otherOrgIdInBody',
  'dropOptional',
];
/** Mutations that no server may accept: a request carrying one must be refused, and store nothing. */
const REFUSED_BODY_MUTATIONS: BodyMutation[] = [
  'missingRequired',
  'nullRequired',
  'wrongType',
  'unknownField',
  'deepNesting',
  'invalidDate',
  'invalidMoney',
  'arrayForObject',
  'randomIdInBody',
  'otherOrgIdInBody',
];

type Encoding =
  'json' | 'charset' | 'gzipPlain' | 'deflatePlain' | 'textPlain' | 'form' | 'invalidJson' | 'emptyBody' | 'jsonScalar';
const INVALID_JSON = ['{"a":', '{"name": "x",}', "{'name':'x'}", '{"a":1}{"b":2}', '\uFEFF{"a":1}', '[', 'undefined'];
const JSON_SCALARS = ['null', '"text"', '123', 'true', '[]'];

interface Plan {
  actor: Actor;
  pathHow: PathMutation;
  n: number;
  query: QueryMutation;
  queryPresence: boolean[];
  body?: Json;
  bodyMutations: MutationPick[];
  encoding: Encoding;
  idempotencyKey: string | null;
}

function buildRequest(op: Operation, ctx: FuzzContext, plan: Plan): FuzzRequest | null {
  const isB = plan.actor === 'adminB';
  const own = isB ? ctx.B : ctx.A;
  const other = isB ? ctx.A : ctx.B;
  // B mostly tries A's ids (the cross-tenant attack); A mostly uses its own
  const pathIds = isB && plan.pathHow === 'valid' && plan.n % 4 !== 0 ? ctx.A : own;
  const mutations: string[] = [];
  let url = op.path;
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const id = pathId(op, p, pathIds, other, plan.pathHow, plan.n);
    url = url.replace(`{${p.name}}`, id);
  }
  if (plan.pathHow !== 'valid' && op.params.some((x) => x.in === 'path')) mutations.push(`path ${plan.pathHow}`);
  if (isB && plan.pathHow === 'valid' && pathIds === ctx.A && op.params.some((x) => x.in === 'path'))
    mutations.push('path of org A');

  // query
  const entries: [string, string][] = [];
  op.params
    .filter((p) => p.in === 'query')
    .forEach((p, i) => {
      if (p.required || plan.queryPresence[i % plan.queryPresence.length])
        entries.push([p.name, queryValue(p, isB && plan.n % 2 ? ctx.A : own, plan.n + i)]);
    });
  const queryParams = op.params.filter((p) => p.in === 'query');
  const qp = queryParams.length ? queryParams[plan.n % queryParams.length] : undefined;
  switch (plan.query) {
    case 'repeat':
      if (qp) entries.push([qp.name, queryValue(qp, own, plan.n + 1)], [qp.name, queryValue(qp, own, plan.n + 2)]);
      else entries.push(['page', '1'], ['page', '2']);
      break;
    case 'unknown':
      entries.push([['foo', 'organizationId', '__proto__', 'page[]', 'sort'][plan.n % 5], 'bar']);
      break;
    case 'oversizedPage':
      entries.push(
        ['page', ['1000001', '0', '-1', '99999999999999999999', '1.5', 'abc', '1e3', ''][plan.n % 8]],
        ['pageSize', ['501', '100000', '0', '-5', '50', '2.5'][plan.n % 6]],
      );
      break;
    case 'oddDate': {
      const dates = queryParams.filter((p) => isDateName(p.name));
      const target = dates.length ? dates[plan.n % dates.length].name : 'from';
      entries.push([target, ODD_DATES[plan.n % ODD_DATES.length]]);
      break;
    }
    case 'wrongType':
      if (qp) entries.push([qp.name, ['abc', '-1', '1e400', 'true', '[]', '{}', 'null', ' '][plan.n % 8]]);
      break;
    case 'brackets':
      if (qp) entries.push([`${qp.name}[a]`, '1'], [`${qp.name}[]`, '2']);
      break;
    case 'empty':
      if (qp) entries.push([qp.name, '']);
      break;
    case 'randomId': {
      const idp = queryParams.filter((p) => isIdName(p.name));
      if (idp.length)
        entries.push([
          idp[plan.n % idp.length].name,
          plan.n % 2
            ? (idsOf(other, fieldIdKind(idp[plan.n % idp.length].name))[0] ?? 'nope')
            : '6f1f9a9e-2222-4222-8222-000000000002',
        ]);
      break;
    }
  }
  if (plan.query !== 'none') mutations.push(`query ${plan.query}`);
  // a repeated key (the last one given wins the de-duplication below only when not a repeat test)
  const seen = new Set<string>();
  const finalEntries =
    plan.query === 'repeat' || plan.query === 'brackets'
      ? entries
      : entries
          .reverse()
          .filter(([k]) => !seen.has(k) && seen.add(k))
          .reverse();
  if (finalEntries.length)
    url += `?${finalEntries.map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&')}`;

  // headers
  const headers: Record<string, string> = {};
  if (plan.idempotencyKey !== null && op.params.some((p) => p.in === 'header' && /idempotency/i.test(p.name))) {
    headers['idempotency-key'] = plan.idempotencyKey;
  }

  // body
  let body: string | undefined;
  if (op.body && op.method !== 'get') {
    let value: Json = plan.body ?? {};
    for (const m of plan.bodyMutations) {
      const out = mutateBody(value, op.body, m, other);
      if (out) {
        value = out.body;
        mutations.push(out.label);
      }
    }
    body = JSON.stringify(value);
    headers['content-type'] = 'application/json';
    switch (plan.encoding) {
      case 'charset':
        headers['content-type'] =
          `application/json; charset=${['koi8-r', 'utf-16', 'latin1', 'x-unknown', 'utf-7'][plan.n % 5]}`;
        break;
      case 'gzipPlain':
        headers['content-encoding'] = ['gzip', 'identity, gzip', 'compress', 'x-gzip'][plan.n % 4];
        break;
      case 'deflatePlain':
        headers['content-encoding'] = ['deflate', 'br', 'zstd'][plan.n % 3];
        break;
      case 'textPlain':
        headers['content-type'] = [
          'text/plain',
          'application/xml',
          'application/vnd.api+json',
          'application/json-patch+json',
        ][plan.n % 4];
        break;
      case 'form':
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = 'name=a&name=b&paymentPlan[totalAmount]=1';
        break;
      case 'invalidJson':
        body = INVALID_JSON[plan.n % INVALID_JSON.length];
        break;
      case 'emptyBody':
        body = plan.n % 2 ? '' : undefined;
        if (body === undefined) delete headers['content-type'];
        break;
      case 'jsonScalar':
        body = JSON_SCALARS[plan.n % JSON_SCALARS.length];
        break;
    }
    if (plan.encoding !== 'json') mutations.push(`encoding ${plan.encoding}`);
  }
  return { op: op.key, method: op.method, url, actor: plan.actor, headers, body, mutations };
}

const ACTOR_WEIGHTS: [Actor, number][] = [
  ['adminA', 8],
  ['accountantA', 2],
  ['receptionA', 2],
  ['physicianA', 1],
  ['labManagerA', 1],
  ['adminB', 4],
  ['nobody', 1],
];

const idempotencyKeyArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.uuid() },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', 'a'.repeat(300), 'key with spaces', 'ключ'.replace(/[^\x20-\x7e]/g, '?')),
  },
);

/**
 * Requests for one operation. `refusedOnly`: every request carries a mutation no server may accept (as organization
 * A's admin, or B's with A's ids), so none may store a row.
 */
export function requestArb(op: Operation, ctx: FuzzContext, refusedOnly: boolean): fc.Arbitrary<FuzzRequest> {
  const hasBody = !!op.body && op.method !== 'get';
  const hasPath = op.params.some((p) => p.in === 'path');
  const queryCount = Math.max(1, op.params.filter((p) => p.in === 'query').length);
  const mutationPick = (kinds: BodyMutation[]) =>
    fc.record({ kind: fc.constantFrom(...kinds), pick: fc.nat({ max: 1000 }), variant: fc.nat({ max: 1000 }) });
  const actorArb = refusedOnly
    ? fc.constantFrom<Actor>('adminA', 'adminA', 'adminB')
    : fc.oneof(...ACTOR_WEIGHTS.map(([a, weight]) => ({ weight, arbitrary: fc.constant(a) })));
  return actorArb.chain((actor) => {
    const ids = actor === 'adminB' ? ctx.B : ctx.A;
    const refusal = refusedOnly ? refusalArb(hasBody, hasPath, actor) : fc.constant(null);
    return fc
      .record({
        refusal,
        pathHow: fc.oneof(
          { weight: 12, arbitrary: fc.constant<PathMutation>('valid') },
          {
            weight: 1,
            arbitrary: fc.constantFrom<PathMutation>('notUuid', 'randomUuid', 'otherOrg', 'wrongKind', 'nil', 'upper'),
          },
        ),
        n: fc.nat({ max: 10_000 }),
        query: fc.oneof(
          { weight: 6, arbitrary: fc.constant<QueryMutation>('none') },
          {
            weight: 4,
            arbitrary: fc.constantFrom<QueryMutation>(
              'repeat',
              'unknown',
              'oversizedPage',
              'oddDate',
              'wrongType',
              'brackets',
              'empty',
              'randomId',
            ),
          },
        ),
        queryPresence: fc.array(fc.boolean(), { minLength: queryCount, maxLength: queryCount }),
        body: hasBody ? valueArb(op.body!, '', ids) : fc.constant(undefined),
        bodyMutations: fc.oneof(
          { weight: 3, arbitrary: fc.constant([] as MutationPick[]) },
          { weight: 6, arbitrary: fc.array(mutationPick(BODY_MUTATIONS), { minLength: 1, maxLength: 2 }) },
        ),
        encoding: fc.oneof(
          { weight: 14, arbitrary: fc.constant<Encoding>('json') },
          {
            weight: 1,
            arbitrary: fc.constantFrom<Encoding>(
              'charset',
              'gzipPlain',
              'deflatePlain',
              'textPlain',
              'form',
              'invalidJson',
              'emptyBody',
              'jsonScalar',
            ),
          },
        ),
        idempotencyKey: idempotencyKeyArb,
      })
      .map(({ refusal, ...plan }) => {
        const p: Plan = { ...plan, actor };
        if (refusal) {
          // exactly the one refusal: everything else valid
          p.pathHow = refusal.pathHow ?? 'valid';
          p.query = refusal.query ?? 'none';
          p.encoding = refusal.encoding ?? 'json';
          p.bodyMutations = refusal.body ? [refusal.body] : [];
          if (p.idempotencyKey === '' || (p.idempotencyKey && p.idempotencyKey.length > 200)) p.idempotencyKey = null;
          // B's valid-looking request goes to A's records
          if (actor === 'adminB' && p.n % 4 === 0) p.n += 1;
        }
        return buildRequest(op, ctx, p);
      })
      .filter((r): r is FuzzRequest => r !== null && (!refusedOnly || r.mutations.length > 0));
  });

  function refusalArb(withBody: boolean, withPath: boolean, actor: Actor) {
    type Refusal = { pathHow?: PathMutation; query?: QueryMutation; encoding?: Encoding; body?: MutationPick };
    // an unknown query parameter is refused where the operation reads a query at all
    const options: fc.Arbitrary<Refusal>[] = op.params.some((p) => p.in === 'query')
      ? [fc.constant<Refusal>({ query: 'unknown' })]
      : [];
    if (withPath) {
      options.push(fc.constantFrom<PathMutation>('notUuid', 'randomUuid', 'nil').map((pathHow) => ({ pathHow })));
      if (actor === 'adminB')
        options.push(fc.constant<Refusal>({ pathHow: 'valid' })); // B with A's path ids
      else options.push(fc.constant<Refusal>({ pathHow: 'otherOrg' }));
    }
    if (withBody) {
      options.push(mutationPick(REFUSED_BODY_MUTATIONS).map((body) => ({ body })));
      options.push(mutationPick(REFUSED_BODY_MUTATIONS).map((body) => ({ body })));
      options.push(mutationPick(REFUSED_BODY_MUTATIONS).map((body) => ({ body })));
      options.push(
        fc
          .constantFrom<Encoding>('charset', 'gzipPlain', 'invalidJson', 'jsonScalar')
          .map((encoding) => ({ encoding })),
      );
      if (op.body?.required?.length) options.push(fc.constant<Refusal>({ encoding: 'emptyBody' }));
    }
    return fc.oneof(...options);
  }
}

/**
 * The refusals of one write operation, field by field rather than at random: each required field missing (nested
 * objects too), each field null where the document does not allow null, each field of a wrong type, each id field a
 * random UUID and one of the other organization; without a body, its path ids not a UUID and random.
 */
export function systematicRefusals(op: Operation, ctx: FuzzContext, body: Json | undefined): FuzzRequest[] {
  const base: Plan = {
    actor: 'adminA',
    pathHow: 'valid',
    n: 1,
    query: 'none',
    queryPresence: [false],
    body,
    bodyMutations: [],
    encoding: 'json',
    idempotencyKey: null,
  };
  const out: FuzzRequest[] = [];
  const seen = new Set<string>();
  const add = (plan: Plan) => {
    const r = buildRequest(op, ctx, plan);
    const key = r ? `${r.url} ${r.mutations.join()}` : '';
    if (r && r.mutations.length && !seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  };
  if (body !== undefined) {
    const count = fieldsOf(op.body!).length;
    for (const kind of ['missingRequired', 'nullRequired', 'wrongType', 'randomIdInBody', 'otherOrgIdInBody'] as const)
      for (let pick = 0; pick < count; pick++) add({ ...base, bodyMutations: [{ kind, pick, variant: pick }] });
  }
  for (const pathHow of ['notUuid', 'randomUuid'] as const) add({ ...base, pathHow });
  return out;
}

/**
 * Each query parameter of a read operation given each odd value of its kind, one at a time (dates: every odd date;
 * page and pageSize: out of bounds; ids: not a UUID, random, the other organization's; enums and booleans: words
 * they do not know), and dates in pairs at the ends of the calendar.
 */
/**
 * Bodies for one write operation to find one the server takes (the base of its systematic refusals, so each refusal is
 * refused for its own mutation): the required fields alone first, then a few with optional fields too.
 */
export function candidateBodies(op: Operation, ctx: FuzzContext, seed: number): Json[] {
  if (!op.body || op.method === 'get') return [];
  return [
    ...fc.sample(valueArb(op.body, '', ctx.A, 0, true), { seed, numRuns: 2 }),
    ...fc.sample(valueArb(op.body, '', ctx.A), { seed: seed + 1, numRuns: 3 }),
  ];
}

/** The request that sends this body as organization A's admin, and nothing odd. */
export function plainRequest(op: Operation, ctx: FuzzContext, body: Json): FuzzRequest {
  return buildRequest(op, ctx, {
    actor: 'adminA',
    pathHow: 'valid',
    n: 1,
    query: 'none',
    queryPresence: [false],
    body,
    bodyMutations: [],
    encoding: 'json',
    idempotencyKey: null,
  })!;
}

/** Each field of a write operation's body null, one at a time (a null the server must refuse or take, never a 500). */
export function systematicNulls(op: Operation, ctx: FuzzContext, seed: number): FuzzRequest[] {
  if (!op.body || op.method === 'get') return [];
  const [body] = fc.sample(valueArb(op.body, '', ctx.A), { seed, numRuns: 1 });
  const out: FuzzRequest[] = [];
  fieldsOf(op.body).forEach((_, pick) => {
    const r = buildRequest(op, ctx, {
      actor: 'adminA',
      pathHow: 'valid',
      n: 1,
      query: 'none',
      queryPresence: [false],
      body,
      bodyMutations: [{ kind: 'nullField', pick, variant: 0 }],
      encoding: 'json',
      idempotencyKey: null,
    });
    if (r && r.mutations.length) out.push(r);
  });
  return out;
}

export function systematicQueries(op: Operation, ctx: FuzzContext): FuzzRequest[] {
  const query = op.params.filter((p) => p.in === 'query');
  if (!query.length || op.method !== 'get') return [];
  const out: FuzzRequest[] = [];
  const pathIds = (url: string) =>
    op.params
      .filter((p) => p.in === 'path')
      .reduce((u, p) => u.replace(`{${p.name}}`, pathId(op, p, ctx.A, ctx.B, 'valid', 0)), url);
  // the parameters a valid request needs (a clinic for reports, a format for exports)
  const needed: [string, string][] = query.filter((p) => p.required).map((p) => [p.name, queryValue(p, ctx.A, 0)]);
  const add = (entries: [string, string][], label: string) => {
    const names = new Set(entries.map(([k]) => k));
    const all = [...needed.filter(([k]) => !names.has(k)), ...entries];
    const qs = all.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    out.push({
      op: op.key,
      method: op.method,
      url: `${pathIds(op.path)}?${qs}`,
      actor: 'adminA',
      headers: {},
      mutations: [label],
    });
  };
  for (const p of query) {
    let values: string[];
    if (isDateName(p.name)) values = ODD_DATES;
    else if (p.name === 'page' || p.name === 'pageSize')
      values = ['0', '-1', '1000001', '501', '1e3', '2.5', ' 1', '99999999999999999999', ''];
    else if (isIdName(p.name))
      values = ['nope', '6f1f9a9e-3333-4333-8333-000000000003', ...idsOf(ctx.B, fieldIdKind(p.name)).slice(0, 1), ''];
    else if (p.schema.enum?.length || p.schema.type === 'boolean') values = ['nonsense', 'TRUE', '', 'null'];
    else values = ['', 'a'.repeat(3000), '%', "' or 1=1 --"];
    for (const v of values) add([[p.name, v]], `query ${p.name}=${JSON.stringify(v).slice(0, 30)}`);
  }
  const from = query.find((p) => p.name === 'from');
  const to = query.find((p) => p.name === 'to');
  if (from && to) {
    const pairs = [
      ['9999-12-31', '0001-01-01'],
      ['0001-01-01', '9999-12-31'],
      ['2026-12-31', '2026-01-01'],
      ['9999-12-01', '9999-12-31'],
      ['0001-01-01', '0001-01-31'],
      ['9999-12-31', '9999-12-31'],
    ];
    for (const [f, t] of pairs)
      add(
        [
          ['from', f],
          ['to', t],
        ],
        `query from=${f}&to=${t}`,
      );
    // every grouping and every format at the ends of the calendar
    for (const p of query.filter(
      (x) => x.schema.enum?.length && x.name !== 'paymentMethod' && x.name !== 'paymentStatus',
    ))
      for (const value of p.schema.enum!)
        for (const [f, t] of [pairs[1], pairs[3], pairs[4], ['9999-12-31', '']])
          add(
            [[p.name, String(value)], ['from', f], ...(t ? [['to', t] as [string, string]] : [])],
            `query ${p.name}=${String(value)}&from=${f}&to=${t}`,
          );
  }
  const asOf = query.find((p) => p.name === 'asOf');
  if (asOf) for (const v of ['0001-01-01', '9999-12-31']) add([['asOf', v]], `query asOf=${v}`);
  return out;
}

export type { Json };
