import {
  getMetadataStorage,
  registerDecorator,
  ValidationError,
  ValidationOptions,
  ValidationTypes,
} from 'class-validator';
import { currencyMinorDigits, Money, MoneyError, Percent } from '@dental/money';
import { DateTime } from 'luxon';
import { CommonErrors, DomainError } from './errors';

/** A decimal money string such as "1250.00" (at most 2 decimals; the currency decides the final check). */
export function IsMoneyString(options?: ValidationOptions & { allowNegative?: boolean }): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMoneyString',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a decimal string with at most 2 decimals, e.g. "1250.00"`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            const m = Money.parse(value, 'EUR');
            return options?.allowNegative || !m.isNegative();
          } catch (e) {
            if (e instanceof MoneyError) return false;
            throw e;
          }
        },
      },
    });
}

/** A percent string 0..100 with at most 4 decimals, e.g. "2.50". */
export function IsPercentString(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPercentString',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a percent between 0 and 100 as a decimal string, e.g. "2.50"`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          try {
            Percent.parse(value);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

/** A real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a real date written YYYY-MM-DD, from year 0001`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          // PostgreSQL has no year 0: "0000-01-01" would fail as a 500 when stored
          return (
            typeof value === 'string' &&
            /^\d{4}-\d{2}-\d{2}$/.test(value) &&
            !value.startsWith('0000') &&
            DateTime.fromISO(value).isValid
          );
        },
      },
    });
}

/** A string without the NUL character, which a PostgreSQL text column cannot hold (IsString plus that). */
export function IsStoredText(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStoredText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a string without NUL characters`, ...options },
      validator: {
        validate(value: unknown) {
          return typeof value === 'string' && !value.includes('\u0000');
        },
      },
    });
}

/** An ISO 4217 code that libs/money knows. */
export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCurrencyCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an ISO 4217 currency code such as "EUR"`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) return false;
          try {
            currencyMinorDigits(value);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

/**
 * `@IsOptional()` lets `null` through as well as "absent"; for a field that cannot be emptied, null is a 400 naming
 * it, like any other bad value (never a database error later).
 */
export function rejectNulls(cmd: object, fields: string[]): void {
  const given = cmd as Record<string, unknown>;
  const problems = fields
    .filter((f) => given[f] === null)
    .map((field) => ({ field, reasons: [`${field} may be left out but not null`] }));
  if (problems.length) {
    throw new DomainError(
      CommonErrors.VALIDATION,
      400,
      problems.map((p) => `${p.field}: ${p.reasons.join(', ')}`).join('; '),
      problems,
    );
  }
}

/**
 * The one rule for nested objects: a property declared `@ValidateNested()` without `@IsOptional()` (or `@ValidateIf`)
 * is required. class-validator skips a nested property that is left out (`undefined`), so without this a body missing
 * `paymentPlan` would pass validation and fail later as a 500. Returns class-validator errors (nested ones as
 * children), to be reported with the others; `instance` is the transformed DTO (nested values are class instances).
 */
export function missingNestedObjects(instance: unknown, depth = 0): ValidationError[] {
  if (instance === null || typeof instance !== 'object' || depth > 16) return [];
  if (Array.isArray(instance)) {
    return instance.flatMap((item, i) => {
      const children = missingNestedObjects(item, depth + 1);
      return children.length ? [validationError(String(i), item, {}, children)] : [];
    });
  }
  const target = (instance as object).constructor;
  if (!target || target === Object) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const nested = new Set(
    metadata.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION).map((m) => m.propertyName),
  );
  const conditional = new Set(
    metadata.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION).map((m) => m.propertyName),
  );
  const errors: ValidationError[] = [];
  for (const property of nested) {
    const value = (instance as Record<string, unknown>)[property];
    if (value === undefined && !conditional.has(property)) {
      errors.push(validationError(property, value, { isDefined: `${property} is required` }));
    } else {
      const children = missingNestedObjects(value, depth + 1);
      if (children.length) errors.push(validationError(property, value, {}, children));
    }
  }
  return errors;
}

function validationError(
  property: string,
  value: unknown,
  constraints: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), {
    property,
    value,
    children,
    ...(Object.keys(constraints).length ? { constraints } : {}),
  });
}
