import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A money string as the DTOs accept it: up to 15 integer digits, at most 2 decimals (libs/money, validation.ts). */
export const MONEY_INPUT_PATTERN = '^\\d{1,15}(\\.\\d{1,2})?$';
export const SIGNED_MONEY_INPUT_PATTERN = '^-?\\d{1,15}(\\.\\d{1,2})?$';
/** A percent 0..100 with at most 4 decimals. */
export const PERCENT_INPUT_PATTERN = '^(100(\\.0{1,4})?|\\d{1,2}(\\.\\d{1,4})?)$';

type Meta = Record<string, unknown>;

const STRINGY = new Set([
  'isString',
  'isEmail',
  'isUuid',
  'isMoneyString',
  'isPositiveMoneyString',
  'isPercentString',
  'isCalendarDate',
  'isCurrencyCode',
  'isStoredText',
  'maxLength',
  'minLength',
  'matches',
]);

/**
 * The validation rules the server enforces (class-validator decorators on the DTOs), written into the DTOs' swagger
 * metadata so that the document states them: formats (uuid, date, email), patterns (money, percent, currency),
 * lengths, bounds, enums, array sizes. Only keys the DTO's own @ApiProperty left unset are filled. The custom money
 * rule is asked whether it takes a negative amount rather than guessed. Idempotent: call it before every
 * SwaggerModule.createDocument.
 */
export function documentValidationRules(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
  for (const [target, metas] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    for (const [property, rules] of byProperty) {
      const existing = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target.prototype, property) as Meta | undefined;
      if (!existing) continue; // not part of the public API (an internal command's field)
      const extra = fromRules(rules, existing);
      if (Object.keys(extra).length === 0) continue;
      Reflect.defineMetadata(DECORATORS.API_MODEL_PROPERTIES, { ...existing, ...extra }, target.prototype, property);
    }
  }
}

function fromRules(rules: ValidationMetadata[], existing: Meta): Meta {
  const out: Meta = {};
  const set = (key: string, value: unknown) => {
    if (existing[key] === undefined && out[key] === undefined) out[key] = value;
  };
  const isArray = existing.isArray === true || existing.type === 'array' || Array.isArray(existing.type);
  const item: Meta = {};
  const setItem = (key: string, value: unknown) => {
    if (item[key] === undefined) item[key] = value;
  };
  for (const r of rules) {
    const name = r.name ?? '';
    const each = r.each && isArray;
    const put = each ? setItem : set;
    switch (name) {
      case 'isUuid':
        put('format', 'uuid');
        break;
      case 'isEmail':
        put('format', 'email');
        break;
      case 'isCalendarDate':
        put('format', 'date');
        break;
      case 'isMoneyString':
        put('pattern', acceptsNegative(r) ? SIGNED_MONEY_INPUT_PATTERN : MONEY_INPUT_PATTERN);
        break;
      case 'isPositiveMoneyString':
        put('pattern', MONEY_INPUT_PATTERN);
        break;
      case 'isPercentString':
        put('pattern', PERCENT_INPUT_PATTERN);
        break;
      case 'isCurrencyCode':
        put('pattern', '^[A-Z]{3}$');
        break;
      case 'matches':
        if (r.constraints?.[0] instanceof RegExp) put('pattern', (r.constraints[0] as RegExp).source);
        break;
      case 'maxLength':
        put('maxLength', r.constraints[0]);
        break;
      case 'minLength':
        put('minLength', r.constraints[0]);
        break;
      case 'isNotEmpty':
        if (!isArray) set('minLength', 1);
        break;
      case 'isIn':
        put('enum', [...(r.constraints[0] as unknown[])]);
        break;
      case 'min':
        set('minimum', r.constraints[0]);
        break;
      case 'max':
        set('maximum', r.constraints[0]);
        break;
      case 'isInt':
        if (existing.type === Number || existing.type === undefined) out.type = 'integer';
        break;
      case 'arrayMinSize':
        set('minItems', r.constraints[0]);
        break;
      case 'arrayMaxSize':
        set('maxItems', r.constraints[0]);
        break;
      case 'arrayUnique':
        set('uniqueItems', true);
        break;
    }
  }
  // `string | null` reaches the metadata as Object: a field checked as a string is a string
  if (existing.type === Object && rules.some((r) => STRINGY.has(r.name ?? ''))) out.type = String;
  if (Object.keys(item).length) {
    if (existing.enum === undefined && item.enum !== undefined && existing.type !== 'array') {
      // an enum array: swagger puts the enum on the items itself
      set('enum', item.enum);
      delete item.enum;
    }
    if (Object.keys(item).length) {
      const items = (existing.items as Meta | undefined) ?? { type: 'string' };
      out.items = { ...item, ...items };
    }
  }
  return out;
}

/** The custom money rule's option is in its closure: ask the rule itself. */
function acceptsNegative(rule: ValidationMetadata): boolean {
  try {
    const Constraint = rule.constraintCls as new () => { validate(value: unknown, args?: unknown): boolean };
    return new Constraint().validate('-1.00', {}) === true;
  } catch {
    return false;
  }
}
