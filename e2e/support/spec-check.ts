// Every answer the e2e tier gets through GatewayClient and jsonApi is checked against the committed spec
// (apps/gateway/openapi.json): its status is documented for that operation and its JSON body matches the schema.
// So the spec cannot lie: where it disagrees with the gateway, the test fails and the spec is fixed (npm run openapi).
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Record<string, Json>;
}

let operations: Operation[] | undefined;
let components: Json = {};
const validators = new Map<string, ValidateFunction>();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('binary', true);

function load(): Operation[] {
  if (operations) return operations;
  const spec = JSON.parse(readFileSync(join(__dirname, '../../apps/gateway/openapi.json'), 'utf8'));
  components = spec.components?.schemas ?? {};
  operations = Object.entries(spec.paths as Record<string, Record<string, Json>>).flatMap(([template, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      responses: op.responses as Record<string, Json>,
    })),
  );
  // a literal segment wins over a parameter (payments.pdf before {paymentId})
  operations.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  return operations;
}

/** OpenAPI 3.0 to JSON Schema: $refs resolved, `nullable` as a null alternative. */
function toJsonSchema(schema: unknown, seen: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, seen));
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '');
    return seen.includes(name) ? {} : toJsonSchema(components[name], [...seen, name]);
  }
  const { nullable, example: _example, ...rest } = s;
  const out = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, k === 'properties' ? mapValues(v as Json, seen) : toJsonSchema(v, seen)]),
  );
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const mapValues = (o: Json, seen: string[]) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toJsonSchema(v, seen)]));

/** Throws when the answer is not one the spec documents for `method path` (path under /api/v1, with or without query). */
export function checkAgainstSpec(
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  body: unknown,
): void {
  const url = `/api/v1${path.split('?')[0]}`;
  const op = load().find((o) => o.method === method.toUpperCase() && o.pattern.test(url));
  if (!op) throw new Error(`spec: ${method} ${url} is not in apps/gateway/openapi.json`);
  const response = op.responses[String(status)];
  if (!response)
    throw new Error(
      `spec: ${method} ${op.template} answered ${status}, which it does not document (${Object.keys(op.responses).join(', ')})`,
    );
  const content = (response.content ?? {}) as Record<string, Json>;
  const type = (contentType ?? '').split(';')[0].trim();
  if (!type || body === undefined) return;
  const media = content[type];
  if (!media)
    throw new Error(
      `spec: ${method} ${op.template} ${status} answered ${type}, documented: ${Object.keys(content).join(', ')}`,
    );
  if (type !== 'application/json' || !media.schema) return;
  const key = `${op.method} ${op.template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(toJsonSchema(media.schema) as object);
    validators.set(key, validate);
  }
  if (!validate(body))
    throw new Error(
      `spec: ${key}: the body does not match the documented schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n` +
        JSON.stringify(body).slice(0, 2000),
    );
}
