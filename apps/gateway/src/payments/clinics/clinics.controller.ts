import { Caller } from '@dental/auth';
import { CallerContext, ClinicSubjects, ClinicView, CreateClinicDto, PaymentSettingsDto } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { uuidParam } from '../../http/uuid-param';

/** Clinics are kept by `payments`; the gateway validates, authorizes and forwards. */
@ApiTags('clinics')
@ApiBearerAuth()
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly rpc: RpcClient) {}

  @ApiOperation({ operationId: 'listClinics', summary: 'The clinics the caller may see' })
  @ApiAnswer(V.ClinicList, 'the clinics')
  @Get()
  list(@Caller() caller: CallerContext) {
    return this.rpc.request<{ items: ClinicView[] }>(ClinicSubjects.list, {}, caller);
  }
  @ApiOperation({ operationId: 'createClinic', summary: 'Create a clinic (admin)' })
  @ApiAnswer(V.Clinic, 'the clinic created')
  @ApiErrors(ClinicErrors.INVALID_TIME_ZONE)
  @Post()
  create(@Body() dto: CreateClinicDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ClinicView>(ClinicSubjects.create, dto, caller);
  }

  @ApiOperation({ operationId: 'getClinic', summary: 'One clinic' })
  @ApiAnswer(V.Clinic, 'the clinic')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId: id }, caller);
  }
  @ApiOperation({
    operationId: 'setClinicPaymentSettings',
    summary: "Set a clinic's bank charge percentage for card payments",
  })
  @ApiAnswer(V.Clinic, 'the clinic with its new settings')
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Put(':id/payment-settings')
  setPaymentSettings(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: PaymentSettingsDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<ClinicView>(ClinicSubjects.setPaymentSettings, { clinicId: id, ...dto }, caller);
  }
}
