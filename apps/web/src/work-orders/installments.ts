// The live sum of a payment plan's installments against its total, exact (decimal strings → thousandths).
import { fromMinor, toMinor } from '../app/format';

export interface InstallmentDraft {
  dueDate: string;
  amount: string;
}

const AMOUNT = /^\d{1,15}(\.\d{1,2})?$/;

export function installmentSum(
  total: string,
  installments: InstallmentDraft[],
): { sum: string; difference: string; matches: boolean } | undefined {
  if (!AMOUNT.test(total.trim())) return undefined;
  let sum = 0n;
  for (const i of installments) {
    if (i.amount.trim() === '') continue;
    if (!AMOUNT.test(i.amount.trim())) return undefined;
    sum += toMinor(i.amount);
  }
  const difference = toMinor(total) - sum;
  return { sum: fromMinor(sum), difference: fromMinor(difference), matches: difference === 0n };
}
