import { Module } from '@nestjs/common';
import { AuditTrail } from '../audit-trail/audit-trail';
import { ContractPaidHandler } from './contract-paid/contract-paid.handler';
import { DeletePatientPaymentHandler } from './delete-payment/delete-payment.handler';
import { GetPatientPaymentHandler } from './get-payment/get-payment.handler';
import { ListPatientPaymentsHandler } from './list-payments/list-payments.handler';
import { LockPatientMoneyHandler } from './lock-patient-money/lock-patient-money.handler';
import { OnBehalfOf } from './on-behalf-of';
import { PatientMoney } from './patient-money';
import { PatientPaymentsRpcController } from './patient-payments.rpc.controller';
import { PatientPaymentsPdfHandler } from './payments-list-pdf/payments-list-pdf.handler';
import { PatientPaymentReceiptHandler } from './receipt-pdf/receipt-pdf.handler';
import { ReceivedTotalsHandler } from './received-totals/received-totals.handler';
import { RecordPatientPaymentHandler } from './record-payment/record-payment.handler';
import { UnlockPatientMoneyEvents } from './unlock-patient-money/unlock-patient-money.events';
import { UnlockPatientMoneyHandler } from './unlock-patient-money/unlock-patient-money.handler';
import { UpdatePatientPaymentHandler } from './update-payment/update-payment.handler';

@Module({
  controllers: [UnlockPatientMoneyEvents, PatientPaymentsRpcController],
  providers: [
    PatientMoney,
    OnBehalfOf,
    AuditTrail,
    RecordPatientPaymentHandler,
    UpdatePatientPaymentHandler,
    DeletePatientPaymentHandler,
    ListPatientPaymentsHandler,
    GetPatientPaymentHandler,
    PatientPaymentReceiptHandler,
    PatientPaymentsPdfHandler,
    ReceivedTotalsHandler,
    ContractPaidHandler,
    LockPatientMoneyHandler,
    UnlockPatientMoneyHandler,
  ],
})
export class PatientPaymentsModule {}
