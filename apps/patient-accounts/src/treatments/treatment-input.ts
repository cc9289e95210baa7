import { CommonErrors, DomainError } from '@dental/contracts';
import { Money, MoneyError } from '@dental/money';

interface FieldProblem {
  field: string;
  reasons: string[];
}

/** Amounts checked against the clinic's currency: above 0, no more decimals than it has; all problems in one 400. */
export class Amounts {
  private readonly problems: FieldProblem[] = [];
  constructor(private readonly currency: string) {}

  parse(text: string, field: string): Money {
    try {
      const m = Money.parse(text, this.currency);
      if (!m.isPositive()) this.problems.push({ field, reasons: [`${field} must be above 0`] });
      return m;
    } catch (e) {
      if (!(e instanceof MoneyError)) throw e;
      this.problems.push({ field, reasons: [e.message] });
      return Money.zero(this.currency);
    }
  }

  check(): void {
    if (this.problems.length)
      throw new DomainError(
        CommonErrors.VALIDATION,
        400,
        this.problems.map((p) => `${p.field}: ${p.reasons.join(', ')}`).join('; '),
        this.problems,
      );
  }
}

/** A procedure without surrounding blanks; only blanks is as bad as nothing (400 naming the field). */
export function procedureText(raw: string, field: string): string {
  const text = raw.trim();
  if (!text)
    throw new DomainError(CommonErrors.VALIDATION, 400, `${field}: ${field} should not be empty`, [
      { field, reasons: [`${field} should not be empty`] },
    ]);
  return text;
}
