// Reads an OpenAPI 3 document generically: operations with their path, query and header parameters and the JSON
// schema of their body, $refs resolved. Whatever the document leaves out (no schema, no types) is read as "anything".

export interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  description?: string;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path as the document writes it: `/api/v1/patients/{id}`. */
  path: string;
  key: string;
  params: Param[];
  /** The JSON body's schema, fully resolved; undefined when the operation takes no JSON body. */
  body?: Schema;
  bodyRequired: boolean;
}

interface OpenApiDocument {
  openapi?: string;
  paths?: Record<string, Record<string, RawOperation | unknown>>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, RawParam> };
}
interface RawParam {
  $ref?: string;
  name?: string;
  in?: string;
  required?: boolean;
  schema?: Schema;
}
interface RawOperation {
  parameters?: RawParam[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MAX_DEPTH = 8;

function refTarget<T>(doc: OpenApiDocument, ref: string): T | undefined {
  // only local references: #/components/schemas/Name
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[
      decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))
    ];
  }
  return node as T | undefined;
}

/** The schema with every $ref, allOf, oneOf and anyOf resolved (the first alternative), at most MAX_DEPTH deep. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || typeof schema !== 'object' || depth > MAX_DEPTH) return {};
  if (schema.$ref) {
    const { $ref, ...rest } = schema;
    return resolveSchema(doc, { ...refTarget<Schema>(doc, $ref), ...rest }, depth + 1);
  }
  let out: Schema = { ...schema };
  if (schema.allOf?.length) {
    const parts = schema.allOf.map((s) => resolveSchema(doc, s, depth + 1));
    out = parts.reduce<Schema>(
      (acc, p) => ({
        ...acc,
        ...p,
        properties: { ...acc.properties, ...p.properties },
        required: [...(acc.required ?? []), ...(p.required ?? [])],
      }),
      { ...out, allOf: undefined },
    );
  }
  const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (alternative) out = { ...resolveSchema(doc, alternative, depth + 1), ...out, oneOf: undefined, anyOf: undefined };
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, resolveSchema(doc, v, depth + 1)]),
    );
    if (!out.type) out.type = 'object';
  }
  if (out.items) out.items = resolveSchema(doc, out.items, depth + 1);
  return out;
}

/** Every operation of the document, in the document's order. */
export function operationsOf(raw: unknown): Operation[] {
  const doc = raw as OpenApiDocument;
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = ((item as { parameters?: RawParam[] }).parameters ?? []) as RawParam[];
    for (const method of METHODS) {
      const op = (item as Record<string, RawOperation | undefined>)[method];
      if (!op) continue;
      const params: Param[] = [];
      for (const p of [...shared, ...(op.parameters ?? [])]) {
        const param = p.$ref ? refTarget<RawParam>(doc, p.$ref) : p;
        if (!param?.name || !['path', 'query', 'header'].includes(param.in ?? '')) continue;
        params.push({
          name: param.name,
          in: param.in as Param['in'],
          required: param.in === 'path' || param.required === true,
          schema: resolveSchema(doc, param.schema),
        });
      }
      // a path parameter the document forgot to list is still a parameter
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!params.some((p) => p.in === 'path' && p.name === name))
          params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
      }
      const requestBody = op.requestBody?.$ref
        ? refTarget<RawOperation['requestBody']>(doc, op.requestBody.$ref)
        : op.requestBody;
      const json = Object.entries(requestBody?.content ?? {}).find(([type]) => /json/i.test(type))?.[1];
      ops.push({
        method,
        path,
        key: `${method.toUpperCase()} ${path}`,
        params,
        body: json ? resolveSchema(doc, json.schema ?? { type: 'object' }) : undefined,
        bodyRequired: requestBody?.required === true,
      });
    }
  }
  return ops;
}
