import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * Answer views are TypeScript interfaces (they cross the bus as JSON); their OpenAPI schemas are written here, checked
 * against the interfaces by the compiler: `view<T>()` needs one schema per field of T, no more, and marks a field
 * optional exactly when T does (`opt(...)`). A field added to a view without its schema does not compile.
 */
export type Schema = SchemaObject | ReferenceObject;

export interface Optional {
  readonly __optional: true;
  readonly schema: Schema;
}

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;

export type ViewProperties<T> = { [K in RequiredKeys<T>]: Schema } & { [K in OptionalKeys<T>]: Optional };

/** Money as the services write it: a decimal string in the currency's minor digits ("1025.00", "-50.00"). */
export const MONEY_PATTERN = '^-?\\d+(\\.\\d{1,3})?$';
/** A percent as stored: digits with up to 4 decimals ("2.50", "0", "100"). */
export const PERCENT_PATTERN = '^\\d{1,3}(\\.\\d{1,4})?$';

export const s = {
  string: (extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...extra }),
  text: (example: string, extra: SchemaObject = {}): SchemaObject => ({ type: 'string', example, ...extra }),
  uuid: (description?: string): SchemaObject => ({
    type: 'string',
    format: 'uuid',
    ...(description ? { description } : {}),
  }),
  date: (description?: string): SchemaObject => ({
    type: 'string',
    format: 'date',
    example: '2026-11-21',
    ...(description ? { description } : {}),
  }),
  dateTime: (description?: string): SchemaObject => ({
    type: 'string',
    format: 'date-time',
    example: '2026-11-21T09:30:00.000Z',
    ...(description ? { description } : {}),
  }),
  money: (description?: string): SchemaObject => ({
    type: 'string',
    pattern: MONEY_PATTERN,
    example: '1025.00',
    ...(description ? { description } : {}),
  }),
  percent: (description?: string): SchemaObject => ({
    type: 'string',
    pattern: PERCENT_PATTERN,
    example: '2.50',
    ...(description ? { description } : {}),
  }),
  currency: (): SchemaObject => ({ type: 'string', pattern: '^[A-Z]{3}$', example: 'EUR' }),
  integer: (extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...extra }),
  count: (description = 'how many there are in all'): SchemaObject => ({ type: 'integer', minimum: 0, description }),
  boolean: (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) }),
  enum: (values: readonly string[], description?: string): SchemaObject => ({
    type: 'string',
    enum: [...values],
    ...(description ? { description } : {}),
  }),
  array: (items: Schema, extra: SchemaObject = {}): SchemaObject => ({ type: 'array', items, ...extra }),
  /** any JSON value (audit snapshots) */
  any: (description: string, example: unknown): SchemaObject => ({ description, example }),
  ref: (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` }),
  nullable: (schema: Schema): SchemaObject =>
    '$ref' in schema ? { type: 'object', allOf: [schema], nullable: true } : { ...schema, nullable: true },
  object: <T>(properties: ViewProperties<T>, description?: string): SchemaObject => viewSchema<T>(properties, description),
};

export const opt = (schema: Schema): Optional => ({ __optional: true, schema });

function isOptional(v: Schema | Optional): v is Optional {
  return (v as Optional).__optional === true;
}

export function viewSchema<T>(properties: ViewProperties<T>, description?: string): SchemaObject {
  const entries = Object.entries(properties as Record<string, Schema | Optional>);
  const required = entries.filter(([, v]) => !isOptional(v)).map(([k]) => k);
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: Object.fromEntries(entries.map(([k, v]) => [k, isOptional(v) ? v.schema : v])),
    ...(required.length ? { required } : {}),
  };
}

/** A named component: `views.add<LabView>('LabView', {...})` returns its `$ref`. */
export class ViewRegistry {
  readonly schemas: Record<string, SchemaObject> = {};

  add<T>(name: string, properties: ViewProperties<T>, description?: string): ReferenceObject {
    if (this.schemas[name]) throw new Error(`view ${name} is declared twice`);
    this.schemas[name] = viewSchema<T>(properties, description);
    return s.ref(name);
  }

  /** A component that is not one interface (a list envelope, a union). */
  raw(name: string, schema: SchemaObject): ReferenceObject {
    if (this.schemas[name]) throw new Error(`view ${name} is declared twice`);
    this.schemas[name] = schema;
    return s.ref(name);
  }
}
