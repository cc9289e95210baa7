import { TokenService, hashPassword, verifyPassword } from '@dental/auth';
import { CallerContext, ClinicSubjects, ClinicView } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { UnauthorizedException } from '@nestjs/common';
import { Organization } from '../identity/organization.entity';
import { User } from '../identity/user.entity';

// Verifying against a real hash when the user is unknown keeps the answer time the same (no user enumeration).
const DUMMY_HASH = hashPassword('not-a-user-password');

/** An e-mail and password checked, and the access token of that user (the Bearer login and the browser session). */
export async function signIn(
  em: EntityManager,
  tokens: TokenService,
  credentials: { email: string; password: string },
): Promise<{ accessToken: string; expiresIn: number; user: User }> {
  const user = await em.findOne(User, { email: credentials.email.toLowerCase() });
  const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), credentials.password);
  if (!user || !ok) throw new UnauthorizedException('e-mail or password is wrong');
  const token = await tokens.issue({
    userId: user.id,
    organizationId: user.organizationId,
    clinicIds: user.clinicIds ?? '*',
    roles: user.roles,
    ...(user.physicianId ? { physicianId: user.physicianId } : {}),
  });
  return { ...token, user };
}

/** GET /me's body: the user, their organization and the clinics they may see. */
export async function meView(em: EntityManager, rpc: RpcClient, caller: CallerContext) {
  const user = await em.findOne(User, { id: caller.userId, organizationId: caller.organizationId });
  if (!user) throw new UnauthorizedException('the user no longer exists');
  const org = await em.findOneOrFail(Organization, { id: user.organizationId });
  const clinics = await rpc
    .request<{ items: ClinicView[] }>(ClinicSubjects.list, {}, caller)
    .catch(() => ({ items: [] }));
  return { ...user.toView(), organization: { id: org.id, name: org.name }, clinics: clinics.items };
}
