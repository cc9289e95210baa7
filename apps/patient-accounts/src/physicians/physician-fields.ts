import { CommonErrors, DomainError } from '@dental/contracts';
import { Percent } from '@dental/money';

export function physicianName(raw: string): string {
  const name = raw.trim();
  if (!name)
    throw new DomainError(CommonErrors.VALIDATION, 400, 'name: name should not be empty', [
      { field: 'name', reasons: ['name should not be empty'] },
    ]);
  return name;
}

export const commission = (percent: string | null | undefined) =>
  percent === undefined || percent === null ? null : Percent.parse(percent).scaled.toString();
