import { EntityManager } from '@mikro-orm/postgresql';
import { User } from './user.entity';

/** The names of an organization's users by id, for pages that show who did something (audit entries). */
export async function userNames(
  em: EntityManager,
  organizationId: string,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const users = await em.find(User, { id: { $in: wanted }, organizationId }, { fields: ['id', 'name'] });
  return new Map(users.map((u) => [u.id, u.name]));
}
