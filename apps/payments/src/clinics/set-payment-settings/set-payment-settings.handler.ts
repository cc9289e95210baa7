import { CallerContext, ClinicView, SetPaymentSettingsCommand, ClinicEventContracts } from '@dental/contracts';
import { Outbox } from '@dental/messaging';
import { Percent } from '@dental/money';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { findVisibleClinic } from '../visible-clinic';

@Injectable()
export class SetPaymentSettingsHandler {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
  ) {}

  async execute(cmd: SetPaymentSettingsCommand, caller: CallerContext): Promise<ClinicView> {
    return this.em.transactional(async (em) => {
      const clinic = await findVisibleClinic(em, caller, cmd.clinicId);
      const percent = cmd.bankChargePercent === null ? null : Percent.parse(cmd.bankChargePercent);
      clinic.bankChargeScaled = percent === null ? null : percent.scaled.toString();
      const view = clinic.toView();
      this.outbox.add(em, {
        event: ClinicEventContracts.paymentSettingsChanged,
        organizationId: caller.organizationId,
        clinicId: clinic.id,
        payload: { id: clinic.id, bankChargePercent: view.bankChargePercent },
      });
      return view;
    });
  }
}
