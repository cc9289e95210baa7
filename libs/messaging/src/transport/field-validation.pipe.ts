import { CommonErrors, DomainError, missingNestedObjects } from '@dental/contracts';
import { ArgumentMetadata, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { findUnstorableValue } from './unstorable-values';

export interface FieldProblem {
  field: string;
  reasons: string[];
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, reasons: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/**
 * Nest's ValidationPipe with our rules, for HTTP bodies (gateway) and bus messages alike: unknown fields refused, the
 * DTO class instantiated, and the one rule class-validator lacks: a nested object declared without `@IsOptional()`
 * is required (libs/contracts `missingNestedObjects`), so a body without `paymentPlan` is a 400 naming it, not a 500.
 */
export class FieldValidationPipe extends ValidationPipe {
  constructor(exceptionFactory: ValidationPipeOptions['exceptionFactory']) {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory });
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const reported = new Set(errors.map((e) => e.property));
    return [...errors, ...missingNestedObjects(object).filter((e) => !reported.has(e.property))];
  }
}

/** A message's payload checked against its DTO; a bad one is a 400 `REQUEST.VALIDATION` naming each field. */
class MessageValidationPipe extends FieldValidationPipe {
  constructor() {
    super((errors) => {
      const details = flattenValidationErrors(errors);
      return new DomainError(
        CommonErrors.VALIDATION,
        400,
        details.map((d) => `${d.field}: ${d.reasons.join(', ')}`).join('; '),
        details,
      );
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.metatype &&
      this.toValidate(metadata) &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    )
      throw new DomainError(CommonErrors.VALIDATION, 400, 'the body must be a JSON object');
    // the same refusal as the gateway's: a caller on the bus cannot store a NUL character either
    const problem = metadata.metatype && this.toValidate(metadata) ? findUnstorableValue(value) : null;
    if (problem)
      throw new DomainError(CommonErrors.VALIDATION, 400, `${problem.field}: ${problem.reason}`, [
        { field: problem.field, reasons: [problem.reason] },
      ]);
    return super.transform(value, metadata);
  }
}

export const messageValidationPipe = new MessageValidationPipe();
