import { CallerContext } from '@dental/contracts';
import { FilterQuery } from '@mikro-orm/core';

/** The clinic filter of a list: only clinics the caller may see; a filter on another clinic finds nothing. */
export function clinicFilter(caller: CallerContext, clinicId?: string): FilterQuery<{ clinicId: string }> {
  const visible = caller.clinicIds === '*' ? undefined : caller.clinicIds;
  if (clinicId) return { clinicId: visible && !visible.includes(clinicId) ? { $in: [] } : clinicId };
  return visible ? { clinicId: { $in: visible } } : {};
}
