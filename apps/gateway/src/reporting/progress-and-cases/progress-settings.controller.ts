import { Caller } from '@dental/auth';
import {
  CallerContext,
  ClinicErrors,
  ProgressSettingsDto,
  ProgressSettingsSubjects,
  ProgressSettingsView,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../../http/uuid-param';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from './progress-and-cases.views';

/** A clinic's progress-payment mode and cost percentage (DOMAIN.md D), kept by `payments` beside its clinics. */
@ApiTags('clinics')
@ApiBearerAuth()
@Controller('clinics')
export class ProgressSettingsController {
  constructor(private readonly rpc: RpcClient) {}

  @ApiOperation({
    operationId: 'getClinicProgressSettings',
    summary: "How a clinic's physicians earn: the progress-payment mode and the clinic's cost percentage",
  })
  @ApiAnswer(V.ProgressSettings, "the clinic's progress-payment settings (never set: collections at 0 %, revision 0)")
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Get(':id/progress-settings')
  progressSettings(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<ProgressSettingsView>(ProgressSettingsSubjects.get, { clinicId: id }, caller);
  }

  @ApiOperation({
    operationId: 'setClinicProgressSettings',
    summary: "Set how a clinic's physicians earn: the progress-payment mode and the clinic's cost percentage (admin)",
  })
  @ApiAnswer(V.ProgressSettings, "the clinic's progress-payment settings as they are now")
  @ApiErrors(ClinicErrors.NOT_FOUND)
  @Put(':id/progress-settings')
  setProgressSettings(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ProgressSettingsDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<ProgressSettingsView>(ProgressSettingsSubjects.set, { clinicId: id, ...dto }, caller);
  }
}
