import { AuthErrors, CommonErrors, ERROR_CATALOG, ErrorCode, GatewayErrors, IdempotencyErrors } from '@dental/contracts';
import { SESSION_COOKIE } from '@dental/auth';
import { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { AnswerSpec, CONTENT_TYPES, X_ANSWER, X_ERRORS, X_KEY_REQUIRED } from './api-docs';
import { exampleOf } from './examples';
import { documentValidationRules } from './validator-metadata';
import { ApiError, Live, Ready, views } from './views';

export const API_DESCRIPTION = [
  'Public API v1 of the dental finance platform (API.md). Money is a decimal string ("1025.00"), dates are',
  'YYYY-MM-DD, ids are UUIDs, paged lists are { items, total, page, pageSize }. Every error is',
  '{ statusCode, error, message, code, details? }; `code` is stable, and each operation lists the codes it can answer.',
  'A 503 means nothing was done (SERVICE.UNAVAILABLE) or maybe done (SERVICE.OUTCOME_UNKNOWN): retry with the same',
  'Idempotency-Key.',
].join(' ');

/**
 * The three POSTs that create money or a work order (@ApiIdempotencyKeyRequired): API.md requires their
 * Idempotency-Key, so the document says `required: true` (the server still takes a request without one). The other
 * writes that honour a key keep it optional. redocly.yaml checks this list.
 */
export const IDEMPOTENCY_KEY_REQUIRED = ['createWorkOrder', 'recordWorkOrderPayment', 'recordPatientPayment'] as const;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** The gateway's OpenAPI document, as served at /api/docs-json and committed as apps/gateway/openapi.json. */
export function createGatewayDocument(app: INestApplication, options: { strict?: boolean } = {}): OpenAPIObject {
  documentValidationRules();
  const config = new DocumentBuilder()
    .setTitle('Dental finance gateway')
    .setDescription(API_DESCRIPTION)
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://dental-finance.invalid/license')
    .addServer('/', 'this gateway')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    // a browser's alternative to the bearer token (POST /auth/session); its changes need X-CSRF-Token
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
    .build();
  const raw = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
  return finishDocument(raw, options.strict ?? false);
}

/** Answers, errors, examples, health and order: what Nest's scan of the decorators does not write by itself. */
export function finishDocument(doc: OpenAPIObject, strict = true): OpenAPIObject {
  // strict (the committed file, its test): an undocumented operation is an error; at run time the gateway still starts
  const problem = (message: string) => {
    if (strict) throw new Error(message);
  };
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ...views.schemas };
  addHealth(doc);
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId || op.operationId.includes('_'))
        problem(`${where}: set @ApiOperation({ operationId, summary }) (got ${op.operationId})`);
      if (!op.summary) problem(`${where}: @ApiOperation needs a summary`);
      (op.tags ?? []).forEach((t) => tags.add(t));
      documentParameters(op, where, problem);
      documentRequestBody(doc, op);
      documentAnswer(doc, op, where, problem);
      documentErrors(doc, op, method);
      delete ext(op)[X_ANSWER];
      delete ext(op)[X_ERRORS];
      delete ext(op)[X_KEY_REQUIRED];
      if (!op.security) op.security = []; // public: login and the probes
      else if (op.security.length) op.security = [...op.security, { session: [] }]; // or the browser's cookie
    }
  }
  doc.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  return sortKeys(doc) as OpenAPIObject;
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: 'Login, the current user and user management',
  clinics: 'Clinics and their payment settings',
  labs: 'Dental labs',
  'work-orders': 'Lab work orders, their payment plans and the payments to labs',
  finance: 'The Finance view: what is paid to and owed to labs, with exports',
  patients: 'Patients, physicians, families, treatments, plans and invoices',
  'patient accounts': "A patient's account: received money, receipts, closures, balance distribution, contracts",
  reports: 'Account Book and Progress Payment, as JSON or files',
  alerts: 'Payment alerts on patients',
  notifications: 'Notification channels, scheduled reports and the delivery log',
  health: 'Liveness and readiness probes',
};

type Problem = (message: string) => void;

/** The private x-dental-* extensions of an operation. */
const ext = (op: OperationObject) => op as unknown as Record<string, unknown>;

function documentParameters(op: OperationObject, where: string, problem: Problem): void {
  for (const p of (op.parameters ?? []) as ParameterObject[]) {
    if (p.in === 'path') {
      // every path parameter of the gateway is a UUID (http/uuid-param.ts)
      p.schema = { type: 'string', format: 'uuid' };
      p.description = p.description ?? `the ${p.name === 'id' ? 'resource' : p.name.replace(/Id$/, '')} id`;
    }
    if (p.in === 'header' && p.name === 'Idempotency-Key') {
      p.required = ext(op)[X_KEY_REQUIRED] === true;
      p.schema = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]{1,200}$' };
      p.example = '5f0c2a9e-1b7d-4c1e-8f3a-2d6b9e4c7a10';
    }
    if (!p.schema) problem(`${where}: parameter ${p.name} has no schema`);
  }
}

function documentRequestBody(doc: OpenAPIObject, op: OperationObject): void {
  const body = op.requestBody as { content?: Record<string, { schema?: SchemaObject | ReferenceObject; examples?: unknown }> };
  const json = body?.content?.['application/json'];
  if (!json?.schema) return;
  json.examples = { [op.operationId as string]: { summary: op.summary, value: exampleOf(doc, json.schema, 'request') } };
}

function documentAnswer(doc: OpenAPIObject, op: OperationObject, where: string, problem: Problem): void {
  const spec = ext(op)[X_ANSWER] as AnswerSpec | undefined;
  if (!spec) return problem(`${where}: document its answer with @ApiAnswer(...) or @ApiDownload(...)`);
  const success = Object.keys(op.responses).filter((status) => /^2\d\d$/.test(status));
  if (success.length !== 1) return problem(`${where}: expected one 2xx response, got ${success.join(', ')}`);
  const content: Record<string, unknown> = {};
  if (spec.schema) {
    content[CONTENT_TYPES.json] = {
      schema: spec.schema,
      examples: { [exampleName(op)]: { summary: spec.description, value: exampleOf(doc, spec.schema, 'response') } },
    };
  }
  for (const file of spec.files ?? []) content[CONTENT_TYPES[file]] = { schema: { type: 'string', format: 'binary' } };
  const headers = spec.files?.length
    ? {
        'Content-Disposition': {
          description: 'attachment; filename="…" (downloads)',
          schema: { type: 'string' },
        },
      }
    : undefined;
  op.responses[success[0]] = {
    description: spec.description,
    ...(headers ? { headers } : {}),
    ...(Object.keys(content).length ? { content } : {}), // a 204 has no body
  } as ResponseObject;
}

/** "listFinanceLabs" → "financeLabsList": a name for the one success example. */
function exampleName(op: OperationObject): string {
  return `${op.operationId}Answer`;
}

function documentErrors(doc: OpenAPIObject, op: OperationObject, method: string): void {
  const secured = (op.security ?? []).length > 0;
  const params = (op.parameters ?? []) as ParameterObject[];
  const codes = new Set<ErrorCode>([CommonErrors.VALIDATION, ...((ext(op)[X_ERRORS] as ErrorCode[]) ?? [])]);
  if (secured) [AuthErrors.UNAUTHENTICATED, AuthErrors.FORBIDDEN, CommonErrors.FORBIDDEN_CLINIC].forEach((c) => codes.add(c));
  if (secured) codes.add(AuthErrors.SESSION_EXPIRED); // the browser's session cookie
  if (secured && method !== 'get') codes.add(AuthErrors.CSRF_TOKEN_INVALID);
  if (!op.operationId?.startsWith('health')) codes.add(CommonErrors.UNAVAILABLE);
  if (method !== 'get') codes.add(CommonErrors.OUTCOME_UNKNOWN);
  if (op.requestBody) [GatewayErrors.TOO_LARGE, GatewayErrors.UNSUPPORTED_CHARSET, GatewayErrors.UNSUPPORTED_ENCODING].forEach((c) => codes.add(c));
  if (params.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
    [IdempotencyErrors.KEY_INVALID, IdempotencyErrors.KEY_REUSED].forEach((c) => codes.add(c));
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes].sort()) {
    const status = ERROR_CATALOG[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, list] of byStatus) {
    if (op.responses[String(status)]) continue; // written by hand (the readiness probe's 503)
    op.responses[String(status)] = errorResponse(status, list);
  }
}

export function errorResponse(status: number, codes: ErrorCode[]): ResponseObject {
  const reason = STATUS_CODES[status] ?? 'Error';
  return {
    description: `${reason}: ${codes.join(', ')} (meanings: the ErrorCode schema)`,
    content: {
      [CONTENT_TYPES.json]: {
        schema: { allOf: [ApiError, { type: 'object', properties: { code: { type: 'string', enum: codes } } }] },
      },
    },
  };
}

/** /health/live and /health/ready (libs/platform, excluded from Nest's scan), at the root and under /api/v1. */
function addHealth(doc: OpenAPIObject): void {
  const live = (operationId: string): OperationObject & Record<string, unknown> => ({
    operationId,
    summary: 'Liveness: the process answers',
    tags: ['health'],
    security: [],
    parameters: [],
    responses: { '200': { description: 'alive' } },
    [X_ANSWER]: { schema: Live, description: 'the process answers' },
  });
  const ready = (operationId: string): OperationObject & Record<string, unknown> => ({
    operationId,
    summary: 'Readiness: PostgreSQL answers a query and NATS a round trip',
    tags: ['health'],
    security: [],
    parameters: [],
    responses: {
      '200': { description: 'ready' },
      '503': {
        description: 'Service Unavailable: a check is down',
        content: { [CONTENT_TYPES.json]: { schema: Ready } },
      },
    },
    [X_ANSWER]: { schema: Ready, description: 'every check is up' },
  });
  doc.paths['/health/live'] = { get: live('healthLive') };
  doc.paths['/health/ready'] = { get: ready('healthReady') };
  doc.paths['/api/v1/health/live'] = { get: live('healthLiveApi') };
  doc.paths['/api/v1/health/ready'] = { get: ready('healthReadyApi') };
}

/** Keys in order at every level (arrays keep theirs): the committed file diffs only where the API changed. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
