import { ErrorCode } from '@dental/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiProduces, ReferenceObject, SchemaObject } from '@nestjs/swagger';

/** Private extensions read by `finishDocument` (gateway-document.ts) and removed from the published document. */
export const X_ANSWER = 'x-dental-answer';
export const X_ERRORS = 'x-dental-errors';

export const CONTENT_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;
export type ContentKind = keyof typeof CONTENT_TYPES;

export interface AnswerSpec {
  /** the body of the 2xx answer (JSON) */
  schema?: SchemaObject | ReferenceObject;
  /** the downloads it can answer instead of (or besides) JSON */
  files?: Exclude<ContentKind, 'json'>[];
  description: string;
}

/**
 * The success answer of a route: its JSON body as a named component and/or the files it sends. The status is the one
 * Nest answers (201 for a POST unless @HttpCode says otherwise); a named example is made from the schema.
 */
export function ApiAnswer(schema: SchemaObject | ReferenceObject, description: string): MethodDecorator {
  return ApiExtension(X_ANSWER, { schema, description } satisfies AnswerSpec);
}

/** A download: the file types it answers (Content-Disposition: attachment), optionally JSON too. */
export function ApiDownload(
  files: Exclude<ContentKind, 'json'>[],
  description: string,
  json?: SchemaObject | ReferenceObject,
): MethodDecorator {
  const types = [...(json ? [CONTENT_TYPES.json] : []), ...files.map((f) => CONTENT_TYPES[f])];
  return applyDecorators(
    ApiProduces(...types),
    ApiExtension(X_ANSWER, { schema: json, files, description } satisfies AnswerSpec),
  );
}

/**
 * The domain error codes this route can answer besides the common ones (validation, authentication, roles, tenant,
 * service availability, Idempotency-Key), which `finishDocument` adds by the route's traits. Each code's status comes
 * from ERROR_CATALOG.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator {
  return ApiExtension(X_ERRORS, codes);
}

export const X_KEY_REQUIRED = 'x-dental-idempotency-key-required';

/**
 * API.md requires an Idempotency-Key on every POST that creates money or a work order: the document says
 * `required: true` there. The server still takes a request without one (no behaviour changes with the document).
 */
export function ApiIdempotencyKeyRequired(): MethodDecorator {
  return ApiExtension(X_KEY_REQUIRED, true);
}
