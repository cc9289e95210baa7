import { CommonErrors, DomainError, missingNestedObjects } from '@dental/contracts';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';

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

/** Validates a message the same way the gateway validates HTTP bodies; a bad one is a 400 naming each field. */
export async function validatePayload<T extends object>(dto: new () => T, payload: unknown): Promise<T> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new DomainError(CommonErrors.VALIDATION, 400, 'the body must be a JSON object');
  }
  const instance = plainToInstance(dto, payload);
  // a required nested object that is left out is refused too (class-validator skips a missing one)
  const errors = [
    ...(await validate(instance, { whitelist: true, forbidNonWhitelisted: true })),
    ...missingNestedObjects(instance),
  ];
  if (errors.length) {
    const details = flattenValidationErrors(errors);
    throw new DomainError(
      CommonErrors.VALIDATION,
      400,
      details.map((d) => `${d.field}: ${d.reasons.join(', ')}`).join('; '),
      details,
    );
  }
  return instance;
}
