import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { Transform } from 'class-transformer';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : String(value).toLowerCase() === 'true';

/** Environment every service reads. Apps extend it with their own keys. */
export class ServiceConfig {
  @Matches(/^postgres(ql)?:\/\/[^/\s]+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like postgres://user@host:5432/database',
  })
  DATABASE_URL: string;

  @Matches(/^(nats|tls):\/\/[^\s]+$/, { message: 'NATS_URL must look like nats://host:4222' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT: number;

  /** Address the HTTP server binds: loopback by default (npm start, tests); 0.0.0.0 in containers. */
  @Matches(/^[0-9a-fA-F:.]+$|^localhost$/, { message: 'HOST must be an IP address such as 127.0.0.1 or 0.0.0.0' })
  HOST = '127.0.0.1';

  /** Prefixes every subject and stream name: lets test files and environments share one NATS. */
  @IsOptional()
  @Matches(/^[a-z0-9_]*$/, { message: 'BUS_PREFIX may hold only a-z, 0-9 and _' })
  BUS_PREFIX = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Apply migrations at start (under an advisory lock). Kubernetes sets false and runs the migrate Job instead. */
  @Transform(toBool)
  MIGRATE_ON_START = true;

  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(100)
  RPC_TIMEOUT_MS = 5000;

  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}

/** Validates the environment into `cls`; throws one ConfigError naming every bad variable. */
export function loadConfig<T extends object>(cls: new () => T, env: Record<string, string | undefined>): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(cls, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length) {
    // class-validator lists a property's failed constraints bottom-up; the last one is the topmost decorator, the
    // type check ("PORT must be a whole number", "JWT_SECRET is required"), which says what is wrong with a value
    // that fails several (a PORT of "http" also fails Min and Max).
    const reasons = errors.map((e) => Object.values(e.constraints ?? {}).at(-1) ?? `${e.property} is invalid`);
    throw new ConfigError(`invalid configuration: ${reasons.join('; ')}`);
  }
  return config;
}
