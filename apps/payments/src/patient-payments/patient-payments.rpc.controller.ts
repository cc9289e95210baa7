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
import { IDEMPOTENT, RpcHandler } from '@dental/messaging';
import { Injectable } from '@nestjs/common';
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
@Injectable()
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

  @RpcHandler(PatientPaymentSubjects.record, RecordPatientPaymentCommand, IDEMPOTENT)
  record(cmd: RecordPatientPaymentCommand, caller: CallerContext) {
    return this.recordPayment.execute(cmd, caller);
  }

  @RpcHandler(PatientPaymentSubjects.update, UpdatePatientPaymentCommand, IDEMPOTENT)
  update(cmd: UpdatePatientPaymentCommand, caller: CallerContext) {
    return this.updatePayment.execute(cmd, caller);
  }

  @RpcHandler(PatientPaymentSubjects.delete, DeletePatientPaymentCommand, IDEMPOTENT)
  delete(ref: DeletePatientPaymentCommand, caller: CallerContext) {
    return this.deletePayment.execute(ref, caller);
  }

  @RpcHandler(PatientPaymentSubjects.list, ListPatientPaymentsQuery)
  list(q: ListPatientPaymentsQuery, caller: CallerContext) {
    return this.listPayments.execute(q.patientId, caller, q.includeDeleted === true);
  }

  @RpcHandler(PatientPaymentSubjects.get, PatientPaymentRefDto)
  get(ref: PatientPaymentRefDto, caller: CallerContext) {
    return this.getPayment.execute(ref, caller);
  }

  @RpcHandler(PatientPaymentSubjects.receipt, PatientPaymentRefDto)
  receipt(ref: PatientPaymentRefDto, caller: CallerContext) {
    return this.receiptPdf.execute(ref, caller);
  }

  @RpcHandler(PatientPaymentSubjects.listPdf, PatientPaymentsPdfQuery)
  paymentsPdf(q: PatientPaymentsPdfQuery, caller: CallerContext) {
    return this.listPdf.execute(q, caller);
  }

  @RpcHandler(PatientPaymentSubjects.receivedTotals, ReceivedTotalsQuery)
  totals(q: ReceivedTotalsQuery, caller: CallerContext) {
    return this.receivedTotals.execute(q, caller);
  }

  @RpcHandler(PatientPaymentSubjects.contractPaid, ContractPaidQuery)
  paid(q: ContractPaidQuery, caller: CallerContext) {
    return this.contractPaid.execute(q, caller);
  }

  @RpcHandler(PatientPaymentSubjects.lockMoney, LockPatientMoneyCommand)
  lock(cmd: LockPatientMoneyCommand, caller: CallerContext) {
    return this.lockMoney.execute(cmd, caller);
  }

  @RpcHandler(PatientPaymentSubjects.unlockMoney, UnlockPatientMoneyCommand)
  unlock(cmd: UnlockPatientMoneyCommand, caller: CallerContext) {
    return this.unlockMoney.execute(cmd, caller);
  }
}
