import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { MONEY_PATTERN, PERCENT_PATTERN } from './schema-dsl';
import { MONEY_INPUT_PATTERN, PERCENT_INPUT_PATTERN, SIGNED_MONEY_INPUT_PATTERN } from './validator-metadata';

type Schema = SchemaObject | ReferenceObject;

const BY_PATTERN: Record<string, string> = {
  [MONEY_PATTERN]: '1025.00',
  [MONEY_INPUT_PATTERN]: '250.00',
  [SIGNED_MONEY_INPUT_PATTERN]: '250.00',
  [PERCENT_PATTERN]: '2.50',
  [PERCENT_INPUT_PATTERN]: '2.50',
  '^[A-Z]{3}$': 'EUR',
};

/** A stable UUID per field name: examples do not change between two runs of `npm run openapi`. */
function uuidFor(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * An example value made from a schema: the schema's own `example` where it has one, otherwise a value of its format,
 * pattern, enum or bounds. A request example holds the required fields and those with an example of their own; an
 * answer example holds every field. Redocly checks every example against its schema (no-invalid-media-type-examples).
 */
export function exampleOf(doc: OpenAPIObject, schema: Schema, kind: 'request' | 'response', name = 'id', depth = 0): unknown {
  if (depth > 12) return undefined;
  if ('$ref' in schema) {
    const target = doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`example: ${schema.$ref} is not a component`);
    return exampleOf(doc, target, kind, name, depth + 1);
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf) {
    const parts = schema.allOf.map((p) => exampleOf(doc, p, kind, name, depth + 1));
    return parts.every((p) => p && typeof p === 'object' && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  if (schema.oneOf || schema.anyOf) return exampleOf(doc, (schema.oneOf ?? schema.anyOf)![0], kind, name, depth + 1);
  if (schema.enum) return schema.default !== undefined ? schema.default : schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        const own = '$ref' in prop ? undefined : prop.example;
        if (kind === 'request' && !required.has(key) && own === undefined) continue;
        const value = exampleOf(doc, prop, kind, key, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array': {
      const item = schema.items ? exampleOf(doc, schema.items, kind, name.replace(/s$/, ''), depth + 1) : 'item';
      return item === undefined ? [] : [item];
    }
    case 'integer':
    case 'number':
      return schema.default ?? schema.minimum ?? 1;
    case 'boolean':
      return schema.default ?? false;
    case 'string':
      return stringExample(schema, name);
    default:
      return undefined;
  }
}

function stringExample(schema: SchemaObject, name: string): string {
  if (schema.default !== undefined) return String(schema.default);
  switch (schema.format) {
    case 'uuid':
      return uuidFor(name);
    case 'date':
      return '2026-11-21';
    case 'date-time':
      return '2026-11-21T09:30:00.000Z';
    case 'email':
      return 'someone@clinic.example';
    case 'uri':
      return 'https://clinic.example/hooks/dental';
    case 'binary':
      return '';
  }
  if (schema.pattern) {
    const known = BY_PATTERN[schema.pattern];
    if (known === undefined) throw new Error(`example: no example for pattern ${schema.pattern} (${name}): give one`);
    return known;
  }
  const text = /name/i.test(name) ? 'Smile' : /phone/i.test(name) ? '+90 212 555 0101' : 'text';
  const long = schema.minLength !== undefined && text.length < schema.minLength ? text.padEnd(schema.minLength, 'x') : text;
  return schema.maxLength !== undefined ? long.slice(0, schema.maxLength) : long;
}
