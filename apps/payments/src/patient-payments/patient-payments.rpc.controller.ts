import {
  CallerContext,
  ContractPaidQuery,
  DeletePatientPaymentCommand,
  ListPatientPaymentsQuery,
  LockPatientMoneyCommand,
  PatientPaymentRefDto,
  PatientPaymentsPdfQuery,
  PatientPaymentSubjects,
  ReceivedTotalsQuery,
  RecordPatientPaymentCommand,
  UnlockPatientMoneyCommand,
  UpdatePatientPaymentCommand,
} from '@dental/contracts';
import { BusController, Caller, IDEMPOTENT } from '@dental/messaging';

import { MessagePattern, Payload } from '@nestjs/microservices';
import { ContractPaidHandler } from './contract-paid/contract-paid.handler';
import { DeletePatientPaymentHandler } from './delete-payment/delete-payment.handler';
import { GetPatientPaymentHandler } from './get-payment/get-payment.handler';
import { ListPatientPaymentsHandler } from './list-payments/list-payments.handler';
import { LockPatientMoneyHandler } from './lock-patient-money/lock-patient-money.handler';
import { PatientPaymentsPdfHandler } from './payments-list-pdf/payments-list-pdf.handler';
import { PatientPaymentReceiptHandler } from './receipt-pdf/receipt-pdf.handler';
import { ReceivedTotalsHandler } from './received-totals/received-totals.handler';
import { RecordPatientPaymentHandler } from './record-payment/record-payment.handler';
import { UnlockPatientMoneyHandler } from './unlock-patient-money/unlock-patient-money.handler';
import { UpdatePatientPaymentHandler } from './update-payment/update-payment.handler';

/** NATS transport of the patient-payment use cases: validated payload in, handler result out. */
@BusController()
export class PatientPaymentsRpcController {
  constructor(
    private readonly recordPayment: RecordPatientPaymentHandler,
    private readonly updatePayment: UpdatePatientPaymentHandler,
    private readonly deletePayment: DeletePatientPaymentHandler,
    private readonly listPayments: ListPatientPaymentsHandler,
    private readonly getPayment: GetPatientPaymentHandler,
    private readonly receiptPdf: PatientPaymentReceiptHandler,
    private readonly listPdf: PatientPaymentsPdfHandler,
    private readonly receivedTotals: ReceivedTotalsHandler,
    private readonly contractPaid: ContractPaidHandler,
    private readonly lockMoney: LockPatientMoneyHandler,
    private readonly unlockMoney: UnlockPatientMoneyHandler,
  ) {}

  @MessagePattern(PatientPaymentSubjects.record, IDEMPOTENT)
  record(@Payload() cmd: RecordPatientPaymentCommand, @Caller() caller: CallerContext) {
    return this.recordPayment.execute(cmd, caller);
  }

  @MessagePattern(PatientPaymentSubjects.update, IDEMPOTENT)
  update(@Payload() cmd: UpdatePatientPaymentCommand, @Caller() caller: CallerContext) {
    return this.updatePayment.execute(cmd, caller);
  }

  @MessagePattern(PatientPaymentSubjects.delete, IDEMPOTENT)
  delete(@Payload() ref: DeletePatientPaymentCommand, @Caller() caller: CallerContext) {
    return this.deletePayment.execute(ref, caller);
  }

  @MessagePattern(PatientPaymentSubjects.list)
  list(@Payload() q: ListPatientPaymentsQuery, @Caller() caller: CallerContext) {
    return this.listPayments.execute(q.patientId, caller, q.includeDeleted === true);
  }

  @MessagePattern(PatientPaymentSubjects.get)
  get(@Payload() ref: PatientPaymentRefDto, @Caller() caller: CallerContext) {
    return this.getPayment.execute(ref, caller);
  }

  @MessagePattern(PatientPaymentSubjects.receipt)
  receipt(@Payload() ref: PatientPaymentRefDto, @Caller() caller: CallerContext) {
    return this.receiptPdf.execute(ref, caller);
  }

  @MessagePattern(PatientPaymentSubjects.listPdf)
  paymentsPdf(@Payload() q: PatientPaymentsPdfQuery, @Caller() caller: CallerContext) {
    return this.listPdf.execute(q, caller);
  }

  @MessagePattern(PatientPaymentSubjects.receivedTotals)
  totals(@Payload() q: ReceivedTotalsQuery, @Caller() caller: CallerContext) {
    return this.receivedTotals.execute(q, caller);
  }

  @MessagePattern(PatientPaymentSubjects.contractPaid)
  paid(@Payload() q: ContractPaidQuery, @Caller() caller: CallerContext) {
    return this.contractPaid.execute(q, caller);
  }

  @MessagePattern(PatientPaymentSubjects.lockMoney)
  lock(@Payload() cmd: LockPatientMoneyCommand, @Caller() caller: CallerContext) {
    return this.lockMoney.execute(cmd, caller);
  }

  @MessagePattern(PatientPaymentSubjects.unlockMoney)
  unlock(@Payload() cmd: UnlockPatientMoneyCommand, @Caller() caller: CallerContext) {
    return this.unlockMoney.execute(cmd, caller);
  }
}
