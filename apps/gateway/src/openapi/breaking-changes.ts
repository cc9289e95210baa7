/**
 * What breaks an integrator between two versions of the document (both dereferenced): an operation removed, a
 * response field removed or no longer always there, a request field or parameter newly required, a type narrowed
 * (type, format, enum values removed, lower maximum, higher minimum, shorter maxLength, new or changed pattern), a
 * field no longer accepted. Additions are not breaking. Each change is one line, the key of an approval in
 * apps/gateway/openapi.approved-changes.json.
 */
type Json = Record<string, unknown>;
type Doc = { paths?: Record<string, Record<string, Json>>; components?: { schemas?: Record<string, Json> } };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

export function breakingChanges(previous: object, current: object): string[] {
  const out: string[] = [];
  const prev = deref(previous as Doc);
  const cur = deref(current as Doc);
  for (const [path, item] of Object.entries(prev.paths ?? {})) {
    for (const method of METHODS) {
      const before = item[method] as Json | undefined;
      if (!before) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const after = cur.paths?.[path]?.[method] as Json | undefined;
      if (!after) {
        out.push(`${where}: operation removed`);
        continue;
      }
      compareParameters(where, before, after, out);
      compareRequestBody(where, before, after, out);
      compareResponses(where, before, after, out);
    }
  }
  return out.sort();
}

function compareParameters(where: string, before: Json, after: Json, out: string[]): void {
  const key = (p: Json) => `${p.in as string}:${p.name as string}`;
  const was = new Map(((before.parameters as Json[]) ?? []).map((p) => [key(p), p]));
  for (const p of (after.parameters as Json[]) ?? []) {
    const old = was.get(key(p));
    const label = `${where}: parameter ${p.in as string} ${p.name as string}`;
    if (!old) {
      if (p.required === true) out.push(`${label} added as required`);
      continue;
    }
    if (p.required === true && old.required !== true) out.push(`${label} now required`);
    narrowed(`${label}`, (old.schema as Json) ?? {}, (p.schema as Json) ?? {}, out, 'request');
  }
  for (const [k, old] of was) {
    if (!((after.parameters as Json[]) ?? []).some((p) => key(p) === k) && old.in !== 'header')
      out.push(`${where}: parameter ${old.in as string} ${old.name as string} removed`);
  }
}

function jsonSchema(body: unknown): Json | undefined {
  const content = (body as Json | undefined)?.content as Record<string, Json> | undefined;
  return content?.['application/json']?.schema as Json | undefined;
}

function compareRequestBody(where: string, before: Json, after: Json, out: string[]): void {
  const old = jsonSchema(before.requestBody);
  const now = jsonSchema(after.requestBody);
  if (!now) return;
  if (!old) {
    if ((after.requestBody as Json).required === true) out.push(`${where}: request body added as required`);
    return;
  }
  compareObject(`${where}: request`, old, now, out, 'request');
}

function compareResponses(where: string, before: Json, after: Json, out: string[]): void {
  const responses = (after.responses as Record<string, Json>) ?? {};
  for (const [status, response] of Object.entries((before.responses as Record<string, Json>) ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    const now = responses[status];
    if (!now) {
      out.push(`${where}: response ${status} removed`);
      continue;
    }
    for (const type of Object.keys((response.content as Json) ?? {})) {
      if (!((now.content as Json) ?? {})[type]) out.push(`${where}: response ${status} ${type} removed`);
    }
    const old = jsonSchema(response);
    const cur = jsonSchema(now);
    if (old && cur) compareObject(`${where}: response ${status}`, old, cur, out, 'response');
  }
}

/** Merges allOf parts into one object schema (our documents use allOf for nullable refs and error codes). */
function flat(schema: Json): Json {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = (schema.allOf as Json[]).map(flat);
  const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}));
  const required = parts.flatMap((p) => (p.required as string[]) ?? []);
  const { allOf: _allOf, ...rest } = schema;
  return { ...Object.assign({}, ...parts), ...rest, properties, required };
}

function compareObject(label: string, before: Json, after: Json, out: string[], side: 'request' | 'response', depth = 0): void {
  if (depth > 8) return;
  const old = flat(before);
  const now = flat(after);
  narrowed(label, old, now, out, side);
  if (old.type === 'array' || now.type === 'array') {
    if (old.items && now.items) compareObject(`${label}[]`, old.items as Json, now.items as Json, out, side, depth + 1);
    return;
  }
  const oldProps = (old.properties as Record<string, Json>) ?? {};
  const newProps = (now.properties as Record<string, Json>) ?? {};
  const oldRequired = new Set((old.required as string[]) ?? []);
  const newRequired = new Set((now.required as string[]) ?? []);
  for (const [name, schema] of Object.entries(oldProps)) {
    const field = `${label}.${name}`;
    if (!newProps[name]) {
      out.push(side === 'response' ? `${field} removed from the answer` : `${field} no longer accepted`);
      continue;
    }
    if (side === 'response' && oldRequired.has(name) && !newRequired.has(name)) out.push(`${field} no longer always answered`);
    if (side === 'request' && !oldRequired.has(name) && newRequired.has(name)) out.push(`${field} now required`);
    compareObject(field, schema, newProps[name], out, side, depth + 1);
  }
  if (side === 'request') {
    for (const name of newRequired) if (!oldProps[name]) out.push(`${label}.${name} added as required`);
  }
}

/** For a request: the new schema accepts less. For a response: the answer changed type or lost nullability rules. */
function narrowed(label: string, old: Json, now: Json, out: string[], side: 'request' | 'response'): void {
  if (old.type !== undefined && now.type !== undefined && old.type !== now.type) out.push(`${label}: type ${String(old.type)} → ${String(now.type)}`);
  if (side === 'response') {
    if (old.nullable !== true && now.nullable === true) out.push(`${label}: may now be null`);
    if (Array.isArray(now.enum) && Array.isArray(old.enum)) {
      const added = (now.enum as unknown[]).filter((v) => !(old.enum as unknown[]).includes(v));
      if (added.length && !label.includes(': response 4') && !label.endsWith('.code'))
        out.push(`${label}: answers new values ${added.join(', ')}`);
    }
    return;
  }
  if (old.nullable === true && now.nullable !== true) out.push(`${label}: null no longer accepted`);
  if (now.format !== undefined && old.format !== now.format) out.push(`${label}: format ${String(old.format)} → ${String(now.format)}`);
  if (now.pattern !== undefined && old.pattern !== now.pattern) out.push(`${label}: pattern ${String(old.pattern)} → ${String(now.pattern)}`);
  if (Array.isArray(now.enum)) {
    const removed = Array.isArray(old.enum) ? (old.enum as unknown[]).filter((v) => !(now.enum as unknown[]).includes(v)) : ['(any)'];
    if (removed.length) out.push(`${label}: no longer accepts ${removed.join(', ')}`);
  }
  const lower = (k: string) => now[k] !== undefined && (old[k] === undefined || (now[k] as number) < (old[k] as number));
  const higher = (k: string) => now[k] !== undefined && (old[k] === undefined || (now[k] as number) > (old[k] as number));
  for (const k of ['maximum', 'maxLength', 'maxItems']) if (lower(k)) out.push(`${label}: ${k} ${String(old[k])} → ${String(now[k])}`);
  for (const k of ['minimum', 'minLength', 'minItems']) if (higher(k)) out.push(`${label}: ${k} ${String(old[k])} → ${String(now[k])}`);
}

/** Every local $ref replaced by its target (a cycle stops at the second visit). */
export function deref<T>(doc: T): T {
  const root = doc as unknown as Doc;
  const walk = (value: unknown, seen: string[]): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, seen));
    if (!value || typeof value !== 'object') return value;
    const ref = (value as Json).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      if (seen.includes(ref)) return {};
      const target = root.components?.schemas?.[ref.slice('#/components/schemas/'.length)];
      return walk(target ?? {}, [...seen, ref]);
    }
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, walk(v, seen)]));
  };
  return { ...(doc as object), paths: walk(root.paths, []) } as T;
}
