import { Caller, Roles } from '@dental/auth';
import { CallerContext, ClinicSubjects, ClinicView, CreateClinicDto, PaymentSettingsDto } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../http/uuid-param';

/** Clinics are kept by `payments`; the gateway validates, authorizes and forwards. */
@ApiTags('clinics')
@ApiBearerAuth()
@Controller('clinics')
export class ClinicsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Caller() caller: CallerContext) {
    return this.rpc.request<{ items: ClinicView[] }>(ClinicSubjects.list, {}, caller);
  }

  @Roles('admin')
  @Post()
  create(@Body() dto: CreateClinicDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ClinicView>(ClinicSubjects.create, dto, caller);
  }

  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<ClinicView>(ClinicSubjects.get, { clinicId: id }, caller);
  }

  @Roles('accountant')
  @Put(':id/payment-settings')
  setPaymentSettings(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: PaymentSettingsDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<ClinicView>(ClinicSubjects.setPaymentSettings, { clinicId: id, ...dto }, caller);
  }
}
