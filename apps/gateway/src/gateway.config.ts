import { ServiceConfig } from '@dental/platform';
import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

export class GatewayConfig extends ServiceConfig {
  @IsString({ message: 'JWT_SECRET is required' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @IsString()
  JWT_ISSUER = 'dental-finance';

  @IsString()
  JWT_AUDIENCE = 'dental-finance-api';

  @Transform(toInt)
  @IsInt({ message: 'JWT_TTL_SECONDS must be a whole number' })
  @Min(1)
  @Max(86400)
  JWT_TTL_SECONDS = 3600;

  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL = 'admin@example.com';

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsString()
  ORGANIZATION_NAME = 'My Clinic Chain';

  /** Proxies in front of the gateway (an Ingress = 1): the client address, and so the login limit, comes from X-Forwarded-For. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  TRUST_PROXY = 0;

  /** The built web app served at `/` (relative to the working directory); missing = the API only, `/` is a 404. */
  @IsString()
  WEB_ROOT = 'dist/apps/web';

  /** Login attempts per minute per client address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;
}
