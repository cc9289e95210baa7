import { IsString, MinLength } from 'class-validator';
import { ConfigError, loadConfig, ServiceConfig } from './config';

const VALID = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dental_payments', PORT: '3003' };

/** The ConfigError of `env`: one line that names what is wrong. */
function configError(env: Record<string, string | undefined>, cls: new () => ServiceConfig = ServiceConfig): string {
  try {
    loadConfig(cls, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const message = (e as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected a ConfigError');
}

class WithSecret extends ServiceConfig {
  @IsString({ message: 'SECRET is required' })
  @MinLength(32, { message: 'SECRET must be at least 32 characters' })
  SECRET: string;
}

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const config = loadConfig(ServiceConfig, VALID);
    expect(config).toBeInstanceOf(ServiceConfig);
    expect({ ...config }).toEqual({
      DATABASE_URL: VALID.DATABASE_URL,
      PORT: 3003,
      HOST: '127.0.0.1',
      NATS_URL: 'nats://127.0.0.1:4222',
      BUS_PREFIX: '',
      LOG_LEVEL: 'info',
      MIGRATE_ON_START: true,
      RPC_TIMEOUT_MS: 5000,
    });
  });

  it('reads every variable and converts numbers and booleans', () => {
    const config = loadConfig(ServiceConfig, {
      DATABASE_URL: 'postgresql://user:secret@db.internal:6543/dental_gateway?sslmode=require',
      PORT: '0',
      NATS_URL: 'tls://nats-1:4222,tls://nats-2:4222',
      BUS_PREFIX: 't1a2b',
      LOG_LEVEL: 'debug',
      MIGRATE_ON_START: 'FALSE',
      RPC_TIMEOUT_MS: '1500',
    });
    expect(config).toEqual(
      expect.objectContaining({
        DATABASE_URL: 'postgresql://user:secret@db.internal:6543/dental_gateway?sslmode=require',
        PORT: 0,
        NATS_URL: 'tls://nats-1:4222,tls://nats-2:4222',
        BUS_PREFIX: 't1a2b',
        LOG_LEVEL: 'debug',
        MIGRATE_ON_START: false,
        RPC_TIMEOUT_MS: 1500,
      }),
    );
    expect(loadConfig(ServiceConfig, { ...VALID, MIGRATE_ON_START: 'true' }).MIGRATE_ON_START).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(ServiceConfig, { ...VALID, NATS_URL: '', LOG_LEVEL: '', MIGRATE_ON_START: '' });
    expect(config).toEqual(
      expect.objectContaining({ NATS_URL: 'nats://127.0.0.1:4222', LOG_LEVEL: 'info', MIGRATE_ON_START: true }),
    );
  });

  it.each([
    ['DATABASE_URL', 'nope'],
    ['DATABASE_URL', 'mysql://root@127.0.0.1:3306/dental'],
    ['DATABASE_URL', 'postgres://127.0.0.1:5432/'],
    ['DATABASE_URL', 'postgres://127.0.0.1:5432/bad-name; drop'],
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['NATS_URL', '127.0.0.1:4222'],
    ['PORT', 'abc'],
    ['PORT', '30.5'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['BUS_PREFIX', 'Has-Dashes'],
    ['LOG_LEVEL', 'loud'],
    ['RPC_TIMEOUT_MS', 'soon'],
    ['RPC_TIMEOUT_MS', '10'],
  ])('a bad %s (%p) is one line naming it, and only it', (name, value) => {
    const message = configError({ ...VALID, [name]: value });
    expect(message).toMatch(/^invalid configuration: /);
    expect(message).toContain(name);
    const others = ['DATABASE_URL', 'NATS_URL', 'PORT', 'BUS_PREFIX', 'LOG_LEVEL', 'RPC_TIMEOUT_MS'].filter(
      (n) => n !== name,
    );
    for (const other of others) expect(message).not.toContain(other);
  });

  it('says what is wrong with a value that breaks several rules: its type first', () => {
    expect(configError({ ...VALID, PORT: 'abc' })).toBe('invalid configuration: PORT must be a whole number');
    expect(configError({ ...VALID, PORT: '70000' })).toBe('invalid configuration: PORT must not be greater than 65535');
    expect(configError({ ...VALID, RPC_TIMEOUT_MS: 'soon' })).toBe(
      'invalid configuration: RPC_TIMEOUT_MS must be an integer number',
    );
    expect(configError({ ...VALID, DATABASE_URL: 'nope' })).toBe(
      'invalid configuration: DATABASE_URL must look like postgres://user@host:5432/database',
    );
    expect(configError({ ...VALID, NATS_URL: 'http://127.0.0.1:4222' })).toBe(
      'invalid configuration: NATS_URL must look like nats://host:4222',
    );
  });

  it('a missing DATABASE_URL or PORT is named', () => {
    expect(configError({ PORT: '3000' })).toContain('DATABASE_URL');
    expect(configError({ DATABASE_URL: VALID.DATABASE_URL })).toContain('PORT');
  });

  it('names every bad variable in the one line', () => {
    const message = configError({ DATABASE_URL: 'nope', NATS_URL: 'nope', PORT: 'nope' });
    for (const name of ['DATABASE_URL', 'NATS_URL', 'PORT']) expect(message).toContain(name);
  });

  it("validates a service's own keys the same way", () => {
    expect(configError(VALID, WithSecret)).toBe('invalid configuration: SECRET is required');
    expect(configError({ ...VALID, SECRET: 'short' }, WithSecret)).toContain('SECRET must be at least 32 characters');
    expect(loadConfig(WithSecret, { ...VALID, SECRET: 'x'.repeat(32) }).SECRET).toBe('x'.repeat(32));
  });

  it('does not echo the value of a bad variable (it may hold a password)', () => {
    const message = configError({ ...VALID, DATABASE_URL: 'postgres://user:hunter2@db:5432' });
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
  });

  it('HOST: loopback by default, any IP address when set, and a bad one is one line naming it', () => {
    expect(loadConfig(ServiceConfig, { ...VALID, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig(ServiceConfig, { ...VALID, HOST: '::' }).HOST).toBe('::');
    expect(() => loadConfig(ServiceConfig, { ...VALID, HOST: 'http://x' })).toThrow(
      'invalid configuration: HOST must be an IP address such as 127.0.0.1 or 0.0.0.0',
    );
  });
});
