import {
  AccountErrors,
  CallerContext,
  ClosureView,
  correctionOf,
  DomainError,
  PatientPaymentSubjects,
  UndoClosureCommand,
  AccountEventContracts,
} from '@dental/contracts';
import { Outbox, RpcClient } from '@dental/messaging';
import { assertPeriodOpen } from '@dental/persistence';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { findPatient } from '../../patients/patient-lookup';
import { recordAudit } from '../../audit-trail/record-audit';
import { AccountClosure, closureFields } from '../account-closure.entity';

/**
 * Undo removes the latest closure (only that one can be undone): its treatments are open again at once; payments is
 * then told to drop the closure's lock. If that call fails, payments still unlocks from the reopened event.
 */
@Injectable()
export class UndoLatestClosureHandler {
  private readonly log = new Logger(UndoLatestClosureHandler.name);

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly rpc: RpcClient,
  ) {}

  async execute(cmd: UndoClosureCommand, caller: CallerContext): Promise<ClosureView> {
    const { patientId } = cmd;
    const correction = correctionOf(cmd);
    const removed = await this.em.transactional(async (em) => {
      const p = await findPatient(em, caller, patientId, true);
      const latest = await em.findOne(AccountClosure, { patientId: p.id }, { orderBy: { date: 'desc' } });
      if (!latest)
        throw new DomainError(AccountErrors.NO_CLOSURE, 404, `the account of patient ${p.id} has no closure to undo`);
      await assertPeriodOpen(em, p.organizationId, p.clinicId, [latest.date]);
      const view = latest.toView();
      em.remove(latest);
      // the event carries the closure as it was; the audit keeps it as the before-state
      return this.outbox.recordChange(em, {
        snapshot: view,
        correction,
        audit: (removed, why) =>
          recordAudit(em, caller, {
            subject: 'closure',
            record: latest,
            action: 'undone',
            before: closureFields(removed),
            after: null,
            correction: why,
          }),
        event: { event: AccountEventContracts.accountReopened, organizationId: p.organizationId, clinicId: p.clinicId },
      }).snapshot;
    });
    try {
      await this.rpc.request(PatientPaymentSubjects.unlockMoney, { patientId, closureId: removed.id }, caller);
    } catch (e) {
      this.log.warn(`unlock of closure ${removed.id} failed (${(e as Error).message}); left to the reopened event`);
    }
    return removed;
  }
}
