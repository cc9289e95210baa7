import { Money, Percent } from '@dental/money';

export interface ProgressFigures {
  /** the clinic's cost: base × cost %, half-up to the cent */
  cost: Money;
  /** base − cost − lab fees */
  net: Money;
  /** net × commission %, half-up to the cent; = net when no commission is set (as the report always did) */
  earned: Money;
}

/**
 * DOMAIN.md D: earned = (base − cost % of base − linked lab fees in the period) × commission %. Each product is
 * rounded half-up to the minor unit (libs/money `percent`), the cost first, the earning last. Nothing is clamped:
 * lab fees above what is left give a negative net (and earning), which the report shows as it is.
 */
export function progressFigures(
  base: Money,
  costPercent: Percent,
  labFees: Money,
  commission: Percent | null,
): ProgressFigures {
  const cost = base.percent(costPercent);
  const net = base.minus(cost).minus(labFees);
  return { cost, net, earned: commission === null ? net : net.percent(commission) };
}
