import { CommonErrors, DomainError } from '@dental/contracts';

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
