import { CommonErrors, DomainError } from '@dental/contracts';

export function required(value: string, field: string): string {
  const v = value.trim();
  if (!v)
    throw new DomainError(CommonErrors.VALIDATION, 400, `${field}: ${field} should not be empty`, [
      { field, reasons: [`${field} should not be empty`] },
    ]);
  return v;
}
