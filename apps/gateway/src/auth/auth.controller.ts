import { Caller, Public, Roles, TokenService, hashPassword, verifyPassword } from '@dental/auth';
import { CallerContext, ClinicSubjects, ClinicView, DomainError } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, Get, HttpCode, Post, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Organization } from '../identity/organization.entity';
import { User } from '../identity/user.entity';
import { CreateUserDto, LoginDto } from './auth.dto';

// Verifying against a real hash when the user is unknown keeps the answer time the same (no user enumeration).
const DUMMY_HASH = hashPassword('not-a-user-password');

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: TokenService,
    private readonly rpc: RpcClient,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto) {
    const user = await this.em.findOne(User, { email: dto.email.toLowerCase() });
    const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), dto.password);
    if (!user || !ok) throw new UnauthorizedException('e-mail or password is wrong');
    return this.tokens.issue({
      userId: user.id,
      organizationId: user.organizationId,
      clinicIds: user.clinicIds ?? '*',
      roles: user.roles,
    });
  }

  @ApiBearerAuth()
  @Get('me')
  async me(@Caller() caller: CallerContext) {
    const user = await this.em.findOne(User, { id: caller.userId, organizationId: caller.organizationId });
    if (!user) throw new UnauthorizedException('the user no longer exists');
    const org = await this.em.findOneOrFail(Organization, { id: user.organizationId });
    const clinics = await this.rpc
      .request<{ items: ClinicView[] }>(ClinicSubjects.list, {}, caller)
      .catch(() => ({ items: [] }));
    return { ...user.toView(), organization: { id: org.id, name: org.name }, clinics: clinics.items };
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Get('users')
  async listUsers(@Caller() caller: CallerContext) {
    const users = await this.em.find(User, { organizationId: caller.organizationId }, { orderBy: { email: 'asc' } });
    return { items: users.map((u) => u.toView()), total: users.length };
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('users')
  async createUser(@Body() dto: CreateUserDto, @Caller() caller: CallerContext) {
    for (const clinicId of dto.clinicIds ?? []) {
      await this.rpc.request(ClinicSubjects.get, { clinicId }, { ...caller, clinicIds: '*' });
    }
    const email = dto.email.toLowerCase();
    if (await this.em.count(User, { email }))
      throw new DomainError('USER.EMAIL_TAKEN', 409, `a user with e-mail ${email} exists`);
    const user = this.em.create(User, {
      organizationId: caller.organizationId,
      email,
      name: dto.name,
      passwordHash: await hashPassword(dto.password),
      roles: dto.roles,
      clinicIds: dto.clinicIds ?? null,
    });
    await this.em.flush();
    return user.toView();
  }
}
