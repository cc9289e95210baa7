import { Caller } from '@dental/auth';
import {
  CallerContext,
  FileView,
  PatientAccountSubjects,
  PatientPaymentListView,
  PatientPaymentsPdfQueryDto,
  PatientPaymentsQueryDto,
  PatientPaymentSubjects,
  PatientPaymentView,
  PatientView,
  RecordPatientPaymentDto,
  CorrectPatientPaymentDto,
  CorrectionDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AccountErrors, ClinicErrors, PatientErrors, PatientPaymentErrors } from '@dental/contracts';
import { PeriodClosureErrors } from '@dental/contracts';
import { ApiAnswer, ApiDownload, ApiErrors, ApiIdempotencyKeyRequired } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { Idempotent } from '../../http/idempotency.interceptor';
import { uuidParam } from '../../http/uuid-param';
import { download } from './patient-routes';

/**
 * Money received from a patient (DOMAIN.md B): kept by `payments`, which also makes the receipts. The gateway
 * validates, authorizes and forwards.
 */
@ApiTags('patient accounts')
@ApiBearerAuth()
@Controller('patients/:id')
export class PatientPaymentsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Every received-money record that counts (closed ones too, flagged), in date order; 404 for another's patient. */
  @ApiOperation({ operationId: 'listPatientPayments', summary: "A patient's received money, in date order" })
  @ApiAnswer(V.PatientPaymentList, 'every record that counts, closed ones flagged (deleted ones too if asked)')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @Get('payments')
  async list(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PatientPaymentsQueryDto,
    @Caller() caller: CallerContext,
  ) {
    const [, list] = await Promise.all([
      this.rpc.request<PatientView>(PatientAccountSubjects.getPatient, { patientId: id }, caller),
      this.rpc.request<PatientPaymentListView>(PatientPaymentSubjects.list, { ...query, patientId: id }, caller),
    ]);
    return list;
  }
  @ApiOperation({ operationId: 'downloadPatientPaymentsPdf', summary: "A patient's received money as a PDF" })
  @ApiDownload(['pdf'], 'the PDF')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @Get('payments.pdf')
  @ApiProduces('application/pdf')
  async listPdf(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: PatientPaymentsPdfQueryDto,
    @Caller() caller: CallerContext,
  ) {
    return download(
      await this.rpc.request<FileView>(PatientPaymentSubjects.listPdf, { ...query, patientId: id }, caller),
    );
  }
  @ApiOperation({ operationId: 'recordPatientPayment', summary: 'Record money received from a patient (or a refund)' })
  @ApiAnswer(V.PatientPayment, 'the stored record with its receipt number')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    ClinicErrors.NOT_FOUND,
    PatientPaymentErrors.ACCOUNT_CLOSED,
    AccountErrors.CONTRACT_NOT_FOUND,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @ApiIdempotencyKeyRequired()
  @Idempotent()
  @Post('payments')
  record(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordPatientPaymentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(PatientPaymentSubjects.record, { ...dto, patientId: id }, caller);
  }
  @ApiOperation({ operationId: 'getPatientPayment', summary: 'One received-money record' })
  @ApiAnswer(V.PatientPayment, 'the record')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND, PatientPaymentErrors.NOT_FOUND)
  @Get('payments/:paymentId')
  get(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(PatientPaymentSubjects.get, { patientId: id, paymentId }, caller);
  }
  @ApiOperation({
    operationId: 'downloadPatientPaymentReceipt',
    summary: 'The receipt of a received-money record as a PDF',
  })
  @ApiDownload(['pdf'], 'the receipt')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND, PatientPaymentErrors.NOT_FOUND)
  @Get('payments/:paymentId/receipt.pdf')
  @ApiProduces('application/pdf')
  async receipt(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Caller() caller: CallerContext,
  ) {
    return download(
      await this.rpc.request<FileView>(PatientPaymentSubjects.receipt, { patientId: id, paymentId }, caller),
    );
  }
  @ApiOperation({ operationId: 'updatePatientPayment', summary: 'Correct a received-money record' })
  @ApiAnswer(V.PatientPayment, 'the record as it is now')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    PatientPaymentErrors.NOT_FOUND,
    PatientPaymentErrors.ACCOUNT_CLOSED,
    AccountErrors.CONTRACT_NOT_FOUND,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Idempotent()
  @Patch('payments/:paymentId')
  update(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() dto: CorrectPatientPaymentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(
      PatientPaymentSubjects.update,
      { ...dto, patientId: id, paymentId },
      caller,
    );
  }

  /** 200 with the final snapshot (`deleted: true`): the client sees what was removed; its receipt number stays used. */
  @ApiOperation({
    operationId: 'deletePatientPayment',
    summary: 'Delete a received-money record (its receipt number stays used)',
  })
  @ApiAnswer(V.PatientPayment, 'the deleted record as its last revision, with deleted: true')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    PatientPaymentErrors.NOT_FOUND,
    PatientPaymentErrors.ACCOUNT_CLOSED,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @ApiOkResponse({ description: 'the deleted record as its last revision, with deleted: true' })
  @Idempotent()
  @Delete('payments/:paymentId')
  delete(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Query() correction: CorrectionDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(
      PatientPaymentSubjects.delete,
      { ...correction, patientId: id, paymentId },
      caller,
    );
  }
}
