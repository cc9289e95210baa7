import { formatDate, formatMoney, formatNumber } from '../app/format';
import { useSession } from '../app/session';

export function Money({ amount, currency }: { amount: string; currency?: string }) {
  const session = useSession();
  const negative = amount.trim().startsWith('-');
  return (
    <span className={negative ? 'money money-negative' : 'money'}>
      {formatMoney(amount, currency ?? session.currency, session.locale)}
    </span>
  );
}

export function Count({ value }: { value: number }) {
  return <>{formatNumber(value, useSession().locale)}</>;
}

export function Day({ date }: { date: string }) {
  return <time dateTime={date}>{formatDate(date, useSession().locale)}</time>;
}
