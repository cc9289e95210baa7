import { Caller, Roles } from '@dental/auth';
import {
  AccountSubjects,
  CallerContext,
  CloseAccountDto,
  ClosureView,
  ContractView,
  CreateContractDto,
} from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../http/idempotency.interceptor';
import { AccountViewService } from './account-view/account-view.service';
import { ShowPaidQueryDto } from './account-view/account-view.types';
import { ACCOUNT_READERS, CLOSERS, MONEY_WRITERS, uuidParam } from './patient-routes';

/** The patient's account page, its closures, balance distribution and contracts (DOMAIN.md B). */
@ApiTags('patient accounts')
@ApiBearerAuth()
@Controller('patients/:id')
export class PatientAccountController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly views: AccountViewService,
  ) {}

  @ApiOkResponse({
    description: 'treatments, received money, summary, balance distribution, contracts, family, alerts, closures',
  })
  @Roles(...ACCOUNT_READERS)
  @Get('account')
  account(@Param('id', uuidParam('id')) id: string, @Query() query: ShowPaidQueryDto, @Caller() caller: CallerContext) {
    return this.views.account(id, query.showPaid === true, caller);
  }

  @Roles(...ACCOUNT_READERS)
  @Get('balance-distribution')
  balanceDistribution(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ShowPaidQueryDto,
    @Caller() caller: CallerContext,
  ) {
    return this.views.balanceDistribution(id, query.showPaid === true, caller);
  }

  /** Closes the account now or through a past date; what was still unpaid (or received more) is written off. */
  @Roles(...CLOSERS)
  @Post('account-closures')
  close(@Param('id', uuidParam('id')) id: string, @Body() dto: CloseAccountDto, @Caller() caller: CallerContext) {
    return this.rpc.request<ClosureView>(AccountSubjects.closeAccount, { ...dto, patientId: id }, caller);
  }

  /** Undoes the latest closure; answers the closure removed. */
  @Roles(...CLOSERS)
  @Delete('account-closures/latest')
  undoLatest(@Param('id', uuidParam('id')) id: string, @Caller() caller: CallerContext) {
    return this.rpc.request<ClosureView>(AccountSubjects.undoLatestClosure, { patientId: id }, caller);
  }

  @Roles(...MONEY_WRITERS)
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

  @Roles(...ACCOUNT_READERS)
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
