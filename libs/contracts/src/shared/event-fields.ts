import { IsIn, IsString, Matches, ValidateIf, ValidationOptions } from 'class-validator';
import { CORRECTION_REASONS, CorrectionReason } from './corrections.contracts';

// Field rules shared by the event payload classes (`<owner>/<owner>.events.ts`). An event payload is what its owner
// published: the rules accept every value a publisher writes today and refuse what no publisher writes.

/**
 * An amount as libs/money writes it (`Money.toDecimal()`): digits, then as many decimals as the currency has minor
 * digits (0 for JPY, 2 for EUR, 3 for KWD, 4 for CLF), e.g. "1250.00", "1250", "1.234". The currency's digits are not
 * checked against the amount: patient-accounts writes "0.00" for a closure that was never stored, whatever the currency.
 */
const AMOUNT = /^\d+(?:\.\d{1,4})?$/;
const SIGNED_AMOUNT = /^-?\d+(?:\.\d{1,4})?$/;

/** An amount at or above 0, a decimal string ("1250.00"). */
export const IsEventAmount = (options?: ValidationOptions): PropertyDecorator =>
  Matches(AMOUNT, {
    message: ({ property }) => `${property} must be an amount at or above 0 as a decimal string, e.g. "1250.00"`,
    ...options,
  });

/** An amount that may be negative (a refund, a write-off of money received above the treatments), e.g. "-150.00". */
export const IsSignedEventAmount = (options?: ValidationOptions): PropertyDecorator =>
  Matches(SIGNED_AMOUNT, {
    message: ({ property }) => `${property} must be an amount as a decimal string, e.g. "1250.00" or "-150.00"`,
    ...options,
  });

/**
 * Why a person corrected the record (DOMAIN.md E), riding in the event of the correction: payments' money records,
 * patient-accounts' treatments and closures. Absent on a creation or an automatic change.
 */
export class CorrectionV1 {
  @IsIn(CORRECTION_REASONS)
  reason: CorrectionReason;

  /** null when the reason needs none */
  @ValidateIf((o: CorrectionV1) => o.memo !== null)
  @IsString()
  memo: string | null;
}
