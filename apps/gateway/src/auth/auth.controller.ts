import { Caller, Public, TokenService, hashPassword } from '@dental/auth';
import { CallerContext, ClinicSubjects, DomainError, PatientAccountSubjects } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthErrors, ClinicErrors, errorStatus, PatientErrors, UserErrors } from '@dental/contracts';
import { ApiAnswer, ApiErrors } from '../openapi/api-docs';
import * as V from '../openapi/views';
import { ThrottlerGuard } from '@nestjs/throttler';
import { User } from '../identity/user.entity';
import { CreateUserDto, LoginDto } from './auth.dto';
import { meView, signIn } from './credentials';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: TokenService,
    private readonly rpc: RpcClient,
  ) {}

  @ApiOperation({ operationId: 'login', summary: 'Log in: an access token for an e-mail and password' })
  @ApiAnswer(V.AccessToken, 'the access token and its lifetime')
  @ApiErrors(AuthErrors.UNAUTHENTICATED, AuthErrors.TOO_MANY_ATTEMPTS)
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto) {
    const { accessToken, expiresIn } = await signIn(this.em, this.tokens, dto);
    return { accessToken, expiresIn };
  }

  @ApiOperation({ operationId: 'getMe', summary: 'The current user, their organization and the clinics they may see' })
  @ApiAnswer(V.Me, 'the current user')
  @ApiBearerAuth()
  @Get('me')
  async me(@Caller() caller: CallerContext) {
    return meView(this.em, this.rpc, caller);
  }

  @ApiOperation({ operationId: 'listUsers', summary: "The organization's users (admin)" })
  @ApiAnswer(V.UserList, 'every user of the organization')
  @ApiBearerAuth()
  @Get('users')
  async listUsers(@Caller() caller: CallerContext) {
    const users = await this.em.find(User, { organizationId: caller.organizationId }, { orderBy: { email: 'asc' } });
    return { items: users.map((u) => u.toView()), total: users.length };
  }

  @ApiOperation({ operationId: 'createUser', summary: 'Create a user (admin)' })
  @ApiAnswer(V.UserViewRef, 'the user created')
  @ApiErrors(UserErrors.EMAIL_TAKEN, ClinicErrors.NOT_FOUND, PatientErrors.PHYSICIAN_NOT_FOUND)
  @ApiBearerAuth()
  @Post('users')
  async createUser(@Body() dto: CreateUserDto, @Caller() caller: CallerContext) {
    for (const clinicId of dto.clinicIds ?? []) {
      await this.rpc.request(ClinicSubjects.get, { clinicId }, { ...caller, clinicIds: '*' });
    }
    if (dto.physicianId) await this.requirePhysician(dto.physicianId, caller);
    const email = dto.email.toLowerCase();
    const taken = () =>
      new DomainError(
        UserErrors.EMAIL_TAKEN,
        errorStatus(UserErrors.EMAIL_TAKEN),
        `a user with e-mail ${email} exists`,
      );
    if (await this.em.count(User, { email })) throw taken();
    const user = this.em.create(User, {
      organizationId: caller.organizationId,
      email,
      name: dto.name,
      passwordHash: await hashPassword(dto.password),
      roles: dto.roles,
      clinicIds: dto.clinicIds ?? null,
      physicianId: dto.physicianId ?? null,
    });
    try {
      await this.em.flush();
    } catch (e) {
      // two creates with one e-mail at once both pass the count: the unique index decides, and the loser is a 409
      if (e instanceof UniqueConstraintViolationException) throw taken();
      throw e;
    }
    return user.toView();
  }

  /** The physician must be one of the organization's. */
  private async requirePhysician(physicianId: string, caller: CallerContext): Promise<void> {
    const physicians = await this.rpc.request<{ items: { id: string }[] }>(
      PatientAccountSubjects.listPhysicians,
      {},
      { ...caller, clinicIds: '*' },
    );
    if (!physicians.items.some((p) => p.id === physicianId))
      throw new DomainError(
        PatientErrors.PHYSICIAN_NOT_FOUND,
        404,
        `physicianId: physician ${physicianId} was not found`,
        [{ field: 'physicianId', reasons: ['is not a physician of this organization'] }],
      );
  }
}
