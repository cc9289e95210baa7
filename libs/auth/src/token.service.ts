import { Role, ROLES } from '@dental/contracts';
import { errors, jwtVerify, SignJWT } from 'jose';
import { Principal } from './principal';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export class InvalidTokenError extends Error {}

/** HS256 access tokens: issuer, audience and expiry are checked on every request. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(private readonly settings: TokenSettings) {
    this.key = new TextEncoder().encode(settings.secret);
  }

  async issue(p: Principal): Promise<{ accessToken: string; expiresIn: number }> {
    const accessToken = await new SignJWT({
      org: p.organizationId,
      clinics: p.clinicIds,
      roles: p.roles,
      ...(p.physicianId ? { phy: p.physicianId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(p.userId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .sign(this.key);
    return { accessToken, expiresIn: this.settings.ttlSeconds };
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ['HS256'],
      });
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role))
        : [];
      const clinics = payload.clinics === '*' ? '*' : Array.isArray(payload.clinics) ? payload.clinics.map(String) : [];
      if (typeof payload.sub !== 'string' || typeof payload.org !== 'string')
        throw new InvalidTokenError('token lacks subject or organization');
      const physician = typeof payload.phy === 'string' ? { physicianId: payload.phy } : {};
      return { userId: payload.sub, organizationId: payload.org, clinicIds: clinics, roles, ...physician };
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw new InvalidTokenError('token expired');
      if (e instanceof InvalidTokenError) throw e;
      throw new InvalidTokenError('token invalid');
    }
  }
}
