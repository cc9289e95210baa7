import { ROLES } from '@dental/contracts';
import { mayCall, ROLE_MATRIX, RouteRule } from './role-matrix';

/** The role matrix as the Markdown table README.md shows (a test keeps the two equal). */
export function renderRoleTable(): string {
  const header = `| route | what | ${ROLES.join(' | ')} |`;
  const rule = `| --- | --- | ${ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = (Object.entries(ROLE_MATRIX) as [string, RouteRule][]).map(([route, r]) => {
    const cells = ROLES.map((role) => (r.access === 'public' ? 'anyone' : mayCall(r, [role]) ? '✓' : ''));
    return `| \`${route}\` | ${r.what} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
}
