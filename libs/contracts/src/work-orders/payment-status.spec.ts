import { Money } from '@dental/money';
import {
  PAYMENT_STATUS_RULE,
  PAYMENT_STATUSES,
  paymentStatus,
  paymentStatusRankOfTextSql,
  paymentStatusRankSql,
  paymentStatusSql,
} from './payment-status';

const eur = (minor: bigint) => Money.of(minor, 'EUR');

describe('the payment-status rule', () => {
  it('gives each status of DOMAIN.md A', () => {
    expect(paymentStatus(eur(0n), eur(100n))).toBe('unpaid');
    expect(paymentStatus(eur(-1n), eur(100n))).toBe('unpaid');
    expect(paymentStatus(eur(1n), eur(100n))).toBe('partially_paid');
    expect(paymentStatus(eur(100n), eur(100n))).toBe('paid');
    expect(paymentStatus(eur(0n), eur(0n))).toBe('paid');
    expect(paymentStatus(eur(101n), eur(100n))).toBe('overpaid');
  });

  it('has one clause per status, the always-true one last', () => {
    expect(PAYMENT_STATUS_RULE.map((c) => c.status).sort()).toEqual([...PAYMENT_STATUSES].sort());
    expect(PAYMENT_STATUS_RULE[PAYMENT_STATUS_RULE.length - 1].holds(eur(-5n), eur(7n))).toBe(true);
  });

  it('derives the SQL CASEs from the same clauses, in order', () => {
    expect(paymentStatusSql('p', 't')).toBe(
      "case when p > t then 'overpaid' when p = t then 'paid' when p > 0 then 'partially_paid' else 'unpaid' end",
    );
    expect(paymentStatusRankSql('p', 't')).toBe(
      'case when p > t then 3 when p = t then 2 when p > 0 then 1 else 0 end',
    );
  });

  it('ranks a stored status as the generated column payment_status_rank does (its migration, unchanged)', () => {
    expect(paymentStatusRankOfTextSql('payment_status')).toBe(
      "case payment_status when 'unpaid' then 0 when 'partially_paid' then 1 when 'paid' then 2 else 3 end",
    );
  });
});
