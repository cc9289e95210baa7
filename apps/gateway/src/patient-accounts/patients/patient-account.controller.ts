import { Caller } from '@dental/auth';
import {
  AccountSubjects,
  CallerContext,
  CloseAccountWithReasonDto,
  UndoClosureQueryDto,
  ClosureView,
  ContractView,
  CreateContractDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountErrors, PatientErrors } from '@dental/contracts';
import { PeriodClosureErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors } from '../../openapi/api-docs';
import * as V from '../../openapi/views';
import { Idempotent } from '../../http/idempotency.interceptor';
import { AccountViewService } from './account-view/account-view.service';
import { ShowPaidQueryDto } from './account-view/account-view.types';
import { uuidParam } from '../../http/uuid-param';

/** The patient's account page, its closures, balance distribution and contracts (DOMAIN.md B). */
@ApiTags('patient accounts')
@ApiBearerAuth()
@Controller('patients/:id')
export class PatientAccountController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly views: AccountViewService,
  ) {}

  @ApiOperation({ operationId: 'getPatientAccount', summary: "A patient's account page" })
  @ApiAnswer(
    V.PatientAccount,
    'treatments, received money, summary, balance distribution, contracts, family, alerts, closures',
  )
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @ApiOkResponse({
    description: 'treatments, received money, summary, balance distribution, contracts, family, alerts, closures',
  })
  @Get('account')
  account(@Param('id', uuidParam('id')) id: string, @Query() query: ShowPaidQueryDto, @Caller() caller: CallerContext) {
    return this.views.account(id, query.showPaid === true, caller);
  }
  @ApiOperation({
    operationId: 'getPatientBalanceDistribution',
    summary: "How a patient's received money is shared among physicians",
  })
  @ApiAnswer(V.BalanceDistribution, 'one row per physician (and the clinic)')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND)
  @Get('balance-distribution')
  balanceDistribution(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ShowPaidQueryDto,
    @Caller() caller: CallerContext,
  ) {
    return this.views.balanceDistribution(id, query.showPaid === true, caller);
  }

  /** Closes the account now or through a past date; what was still unpaid (or received more) is written off. */
  @ApiOperation({ operationId: 'closePatientAccount', summary: "Close a patient's account now or through a past date" })
  @ApiAnswer(V.Closure, 'the closure made')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    AccountErrors.CLOSURE_NOT_AFTER_LATEST,
    AccountErrors.CLOSURE_DATE_INVALID,
    PeriodClosureErrors.PERIOD_CLOSED,
  )
  @Post('account-closures')
  close(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CloseAccountWithReasonDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<ClosureView>(AccountSubjects.closeAccount, { ...dto, patientId: id }, caller);
  }

  /** Undoes the latest closure; answers the closure removed. */
  @ApiOperation({ operationId: 'undoLatestPatientAccountClosure', summary: "Undo a patient's latest account closure" })
  @ApiAnswer(V.Closure, 'the closure removed')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND, AccountErrors.NO_CLOSURE, PeriodClosureErrors.PERIOD_CLOSED)
  @Delete('account-closures/latest')
  undoLatest(
    @Param('id', uuidParam('id')) id: string,
    @Query() correction: UndoClosureQueryDto,
    @Caller() caller: CallerContext,
  ) {
    return this.rpc.request<ClosureView>(AccountSubjects.undoLatestClosure, { ...correction, patientId: id }, caller);
  }
  @ApiOperation({ operationId: 'createPatientContract', summary: 'Make an installment contract for a patient' })
  @ApiAnswer(V.Contract, 'the contract with its installments and receivables')
  @ApiErrors(
    PatientErrors.PATIENT_NOT_FOUND,
    AccountErrors.PLAN_NOT_FOUND,
    AccountErrors.CONTRACT_DOWN_PAYMENT_ABOVE_TOTAL,
  )
  @Idempotent()
  @Post('contracts')
  async createContract(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateContractDto,
    @Caller() caller: CallerContext,
  ) {
    const contract = await this.rpc.request<ContractView>(
      AccountSubjects.createContract,
      { ...dto, patientId: id },
      caller,
    );
    return this.views.contract(contract, caller);
  }
  @ApiOperation({ operationId: 'getPatientContract', summary: "One of a patient's contracts" })
  @ApiAnswer(V.Contract, 'the contract with its installments and receivables')
  @ApiErrors(PatientErrors.PATIENT_NOT_FOUND, AccountErrors.CONTRACT_NOT_FOUND)
  @Get('contracts/:contractId')
  async contract(
    @Param('id', uuidParam('id')) id: string,
    @Param('contractId', uuidParam('contractId')) contractId: string,
    @Caller() caller: CallerContext,
  ) {
    const contract = await this.rpc.request<ContractView>(
      AccountSubjects.getContract,
      { patientId: id, contractId },
      caller,
    );
    return this.views.contract(contract, caller);
  }
}
