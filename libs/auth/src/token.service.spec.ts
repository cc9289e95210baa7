import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { Principal } from './principal';
import { InvalidTokenError, TokenService } from './token.service';

const SETTINGS = { secret: 's'.repeat(40), issuer: 'dental-finance', audience: 'dental-finance-api', ttlSeconds: 600 };
const PRINCIPAL: Principal = {
  userId: '7d3c1f0e-2a4b-4c5d-8e9f-0a1b2c3d4e5f',
  organizationId: '11111111-2222-4333-8444-555555555555',
  clinicIds: ['aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'],
  roles: ['accountant', 'reception'],
};
const now = () => Math.floor(Date.now() / 1000);

/** A token signed here with jose, with the service's settings unless told otherwise. */
function sign(
  claims: Record<string, unknown>,
  options: Partial<typeof SETTINGS> & { exp?: number; sub?: string | null } = {},
) {
  const s = { ...SETTINGS, ...options };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(s.issuer)
    .setAudience(s.audience)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? now() + 600);
  if (options.sub !== null) jwt.setSubject(options.sub ?? PRINCIPAL.userId);
  return jwt.sign(new TextEncoder().encode(s.secret));
}

async function rejection(service: TokenService, token: string): Promise<string> {
  const error = await service.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
}

describe('TokenService', () => {
  const tokens = new TokenService(SETTINGS);

  it('issues an HS256 token that verifies back to the same principal', async () => {
    const { accessToken, expiresIn } = await tokens.issue(PRINCIPAL);
    expect(expiresIn).toBe(600);
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(accessToken);
    expect(claims).toEqual(
      expect.objectContaining({
        sub: PRINCIPAL.userId,
        org: PRINCIPAL.organizationId,
        clinics: PRINCIPAL.clinicIds,
        roles: PRINCIPAL.roles,
        iss: SETTINGS.issuer,
        aud: SETTINGS.audience,
      }),
    );
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(await tokens.verify(accessToken)).toEqual(PRINCIPAL);
  });

  it("keeps '*' (every clinic) as '*'", async () => {
    const { accessToken } = await tokens.issue({ ...PRINCIPAL, clinicIds: '*' });
    expect((await tokens.verify(accessToken)).clinicIds).toBe('*');
  });

  it('accepts a token signed elsewhere with the same secret, issuer and audience', async () => {
    expect(await tokens.verify(await sign({ org: PRINCIPAL.organizationId, clinics: '*', roles: ['admin'] }))).toEqual({
      userId: PRINCIPAL.userId,
      organizationId: PRINCIPAL.organizationId,
      clinicIds: '*',
      roles: ['admin'],
    });
  });

  it('rejects an expired token as expired', async () => {
    const token = await sign({ org: PRINCIPAL.organizationId, clinics: '*', roles: ['admin'] }, { exp: now() - 60 });
    expect(await rejection(tokens, token)).toBe('token expired');
  });

  it.each([
    ['another secret', { secret: 'o'.repeat(40) }],
    ['another issuer', { issuer: 'someone-else' }],
    ['another audience', { audience: 'another-api' }],
  ])('rejects a token of %s', async (_, other) => {
    const { accessToken } = await new TokenService({ ...SETTINGS, ...other }).issue(PRINCIPAL);
    expect(await rejection(tokens, accessToken)).toBe('token invalid');
  });

  it('rejects a token whose signature or payload was changed', async () => {
    const { accessToken } = await tokens.issue(PRINCIPAL);
    const [header, payload, signature] = accessToken.split('.');
    const i = Math.floor(signature.length / 2);
    const flipped = signature.slice(0, i) + (signature[i] === 'A' ? 'B' : 'A') + signature.slice(i + 1);
    expect(await rejection(tokens, `${header}.${payload}.${flipped}`)).toBe('token invalid');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(accessToken), roles: ['admin'] })).toString('base64url');
    expect(await rejection(tokens, `${header}.${forged}.${signature}`)).toBe('token invalid');
  });

  it('rejects an unsigned token (alg none) and garbage', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = {
      sub: PRINCIPAL.userId,
      org: PRINCIPAL.organizationId,
      clinics: '*',
      roles: ['admin'],
      iss: SETTINGS.issuer,
      aud: SETTINGS.audience,
      exp: now() + 600,
    };
    expect(await rejection(tokens, `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`)).toBe('token invalid');
    expect(await rejection(tokens, 'not-a-token')).toBe('token invalid');
    expect(await rejection(tokens, '')).toBe('token invalid');
  });

  it('rejects a token without subject or organization', async () => {
    expect(await rejection(tokens, await sign({ clinics: '*', roles: ['admin'] }))).toBe(
      'token lacks subject or organization',
    );
    expect(
      await rejection(tokens, await sign({ org: PRINCIPAL.organizationId, roles: ['admin'] }, { sub: null })),
    ).toBe('token lacks subject or organization');
  });

  it('keeps only known roles and reads odd clinic claims as no clinic', async () => {
    const token = await sign({ org: PRINCIPAL.organizationId, clinics: 'all', roles: ['reception', 'superuser', 42] });
    expect(await tokens.verify(token)).toEqual({
      userId: PRINCIPAL.userId,
      organizationId: PRINCIPAL.organizationId,
      clinicIds: [],
      roles: ['reception'],
    });
    const noRoles = await sign({ org: PRINCIPAL.organizationId, clinics: '*', roles: 'admin' });
    expect((await tokens.verify(noRoles)).roles).toEqual([]);
  });
});
