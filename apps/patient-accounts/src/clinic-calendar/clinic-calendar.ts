import { CallerContext, ClinicSubjects, ClinicView } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';

/**
 * "Today" in a clinic's time zone. The time zone is kept by `payments` and never changes once the clinic exists, so
 * it is asked once per clinic (as the caller) and remembered in memory.
 */
@Injectable()
export class ClinicCalendar {
  private readonly zones = new Map<string, string>();

  constructor(private readonly rpc: RpcClient) {}

  async today(clinicId: string, caller: CallerContext): Promise<string> {
    let zone = this.zones.get(clinicId);
    if (!zone) {
      const clinic = await this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId }, caller);
      zone = clinic.timeZone || 'UTC';
      this.zones.set(clinicId, zone);
    }
    const now = DateTime.now().setZone(zone);
    return (now.isValid ? now : DateTime.utc()).toISODate()!;
  }
}
