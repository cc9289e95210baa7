export { MoneyError } from './money-error';
export { currencyMinorDigits } from './currency';
export { Money } from './money';
export { Percent } from './percent';
export type { PercentParseOptions } from './percent';
export { sharePercent } from './share';
export { splitEqually } from './installments';
