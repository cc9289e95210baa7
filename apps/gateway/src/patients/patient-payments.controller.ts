import { Caller, Roles } from '@dental/auth';
import {
  CallerContext,
  FileView,
  PatientAccountSubjects,
  PatientPaymentListView,
  PatientPaymentsPdfQueryDto,
  PatientPaymentSubjects,
  PatientPaymentView,
  PatientView,
  RecordPatientPaymentDto,
  UpdatePatientPaymentDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../http/idempotency.interceptor';
import { ACCOUNT_READERS, download, MONEY_WRITERS, uuidParam } from './patient-routes';

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
  @Roles(...ACCOUNT_READERS)
  @Get('payments')
  async list(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    const [, list] = await Promise.all([
      this.rpc.request<PatientView>(PatientAccountSubjects.getPatient, { patientId: id }, caller),
      this.rpc.request<PatientPaymentListView>(PatientPaymentSubjects.list, { patientId: id }, caller),
    ]);
    return list;
  }

  @Roles(...ACCOUNT_READERS)
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

  @Roles(...MONEY_WRITERS)
  @Idempotent()
  @Post('payments')
  record(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordPatientPaymentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(PatientPaymentSubjects.record, { ...dto, patientId: id }, caller);
  }

  @Roles(...ACCOUNT_READERS)
  @Get('payments/:paymentId')
  get(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(PatientPaymentSubjects.get, { patientId: id, paymentId }, caller);
  }

  @Roles(...ACCOUNT_READERS)
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

  @Roles(...MONEY_WRITERS)
  @Idempotent()
  @Patch('payments/:paymentId')
  update(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Body() dto: UpdatePatientPaymentDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(
      PatientPaymentSubjects.update,
      { ...dto, patientId: id, paymentId },
      caller,
    );
  }

  /** 200 with the final snapshot (`deleted: true`): the client sees what was removed; its receipt number stays used. */
  @ApiOkResponse({ description: 'the deleted record as its last revision, with deleted: true' })
  @Roles(...MONEY_WRITERS)
  @Idempotent()
  @Delete('payments/:paymentId')
  delete(
    @Param('id', uuidParam('id')) id: string,
    @Param('paymentId', uuidParam('paymentId')) paymentId: string,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<PatientPaymentView>(PatientPaymentSubjects.delete, { patientId: id, paymentId }, caller);
  }
}
