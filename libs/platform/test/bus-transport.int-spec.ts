// The bus as Nest's microservice layer (libs/messaging "Writing a handler"): a tiny service's @MessagePattern and
// @Handles (event) handlers, called over the real NATS through the RpcClient (a ClientProxy), with Nest's pipes, guards,
// interceptors and exception filters on every message.
import { AuthErrors, CallerContext, CommonErrors, defineEvent, DomainError, EventEnvelope, PatientErrors, TenantErrors } from '@dental/contracts';
import { BusController, BusEventContext, BusRequestContext, BusServer, Caller, EventsController, Handles, Outbox, RpcClient, Tx } from '@dental/messaging';
import { eventually, TestWorld } from '@dental/testing';
import { MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  CallHandler,
  CanActivate,
  ExecutionContext,
  INestApplication,
  Module,
  NestInterceptor,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString, Min } from 'class-validator';
import { headers as natsHeaders, NatsConnection } from 'nats';
import { Observable, tap } from 'rxjs';
import { ServiceConfig, ServiceDefinition, startService } from '../src';

jest.setTimeout(60_000);

const ORG = '00000000-0000-4000-8000-0000000000b1';
const caller: CallerContext = {
  organizationId: ORG,
  clinicIds: '*',
  userId: 'u-1',
  roles: ['admin'],
  correlationId: 'c-1',
};

class CounterAddedPayload {
  @IsString() label!: string;
}
const CounterAddedV1 = defineEvent({ type: 'payments.counter.added', version: 1, payload: CounterAddedPayload });

class AddCommand {
  @IsString() label!: string;
  @IsInt() @Min(1) amount!: number;
}

const seen: { interceptor: string[]; handled: string[]; events: string[] } = {
  interceptor: [],
  handled: [],
  events: [],
};

class CountingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    seen.interceptor.push(context.switchToRpc().getContext<BusRequestContext>().getSubject());
    return next.handle().pipe(tap(() => seen.interceptor.push('after')));
  }
}

class OnlyAdmins implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToRpc().getContext<BusRequestContext>().getCaller().roles.includes('admin'))
      throw new DomainError(AuthErrors.FORBIDDEN, 403, 'admins only');
    return true;
  }
}

class CountersMigration extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table counter (label text primary key, total int not null)');
  }
}

@BusController()
class CountersController {
  @MessagePattern('payments.cmd.add')
  @UseInterceptors(CountingInterceptor)
  add(@Payload() cmd: AddCommand, @Caller() who: CallerContext, @Ctx() ctx: BusRequestContext) {
    seen.handled.push(cmd.label);
    return {
      label: cmd.label,
      amount: cmd.amount,
      by: who.userId,
      instance: cmd instanceof AddCommand,
      subject: ctx.getSubject(),
    };
  }

  @MessagePattern('payments.cmd.admin-only')
  @UseGuards(OnlyAdmins)
  adminOnly() {
    return { ok: true };
  }

  @MessagePattern('payments.query.fails')
  fails(@Payload() q: { kind: string }) {
    if (q.kind === 'domain') throw DomainError.notFound(PatientErrors.PATIENT_NOT_FOUND, 'patient', 'p-1');
    if (q.kind === 'infrastructure')
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    throw new Error('a bug');
  }
}

@EventsController()
class CounterEvents {
  @Handles(CounterAddedV1)
  async first(@Payload() event: EventEnvelope<{ label: string }>, @Tx() em: EntityManager) {
    seen.events.push(`first ${event.payload.label}`);
    await em.execute(
      'insert into counter (label, total) values (?, 1) on conflict (label) do update set total = counter.total + 1',
      [event.payload.label],
    );
  }

  @Handles(CounterAddedV1)
  async second(@Payload() event: EventEnvelope<{ label: string }>, @Ctx() ctx: BusEventContext) {
    seen.events.push(`second ${(ctx.getMessage() as typeof event).payload.label}`);
    await ctx
      .getEntityManager()
      .execute('update counter set total = total * 10 where label = ?', [event.payload.label]);
  }
}

@Module({ controllers: [CountersController, CounterEvents] })
class CountersModule {}

const definition: ServiceDefinition = {
  name: 'payments',
  config: ServiceConfig,
  entities: [],
  migrations: [{ name: 'Migration20261207000000_counter', class: CountersMigration }],
  imports: () => [CountersModule],
};

describe('the bus on @nestjs/microservices', () => {
  const world = new TestWorld();
  let app: INestApplication;
  let rpc: RpcClient;

  beforeAll(async () => {
    ({ app } = await startService(definition, world.env('payments'), { logLevel: 'fatal' }));
    rpc = app.get(RpcClient);
  });

  afterAll(async () => {
    await app?.close();
    await world.cleanup();
  });

  const errorOf = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected an error');
      },
      (e: DomainError) => ({ code: e.code, status: e.status, message: e.message, details: e.details }),
    );

  it('a request runs through the ValidationPipe (DTO instance), the interceptor and the @Caller decorator', async () => {
    seen.interceptor = [];
    await expect(rpc.request('payments.cmd.add', { label: 'x', amount: 2 }, caller)).resolves.toEqual({
      label: 'x',
      amount: 2,
      by: 'u-1',
      instance: true,
      subject: 'payments.cmd.add',
    });
    expect(seen.interceptor).toEqual(['payments.cmd.add', 'after']);
  });

  it('a bad payload is a 400 naming each field; unknown fields are refused; nothing reaches the handler', async () => {
    seen.interceptor = [];
    seen.handled = [];
    const bad = await errorOf(rpc.request('payments.cmd.add', { label: 1, amount: 0, extra: true }, caller));
    expect(bad.code).toBe(CommonErrors.VALIDATION);
    expect(bad.status).toBe(400);
    expect((bad.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['amount', 'extra', 'label']);
    const notObject = await errorOf(rpc.request('payments.cmd.add', [1, 2], caller));
    expect(notObject).toMatchObject({ code: CommonErrors.VALIDATION, message: 'the body must be a JSON object' });
    // interceptors run before the pipes (Nest's order): the interceptor saw both calls, the handler neither
    expect(seen.interceptor).toEqual(['payments.cmd.add', 'payments.cmd.add']);
    expect(seen.handled).toEqual([]);
  });

  it('a NUL character anywhere in a message is a 400 naming the field, as at the gateway (PostgreSQL cannot store it)', async () => {
    seen.handled = [];
    const bad = await errorOf(rpc.request('payments.cmd.add', { label: 'a\u0000b', amount: 1 }, caller));
    expect(bad).toMatchObject({
      code: CommonErrors.VALIDATION,
      status: 400,
      details: [{ field: 'label', reasons: ['must not contain the NUL character'] }],
    });
    expect(seen.handled).toEqual([]);
  });

  it('a guard refuses with its catalog code; the errors keep theirs: domain 404, infrastructure 503, a bug 500', async () => {
    await expect(
      errorOf(rpc.request('payments.cmd.admin-only', {}, { ...caller, roles: ['reception'] })),
    ).resolves.toMatchObject({
      code: AuthErrors.FORBIDDEN,
      status: 403,
    });
    await expect(rpc.request('payments.cmd.admin-only', {}, caller)).resolves.toEqual({ ok: true });
    await expect(errorOf(rpc.request('payments.query.fails', { kind: 'domain' }, caller))).resolves.toMatchObject({
      code: PatientErrors.PATIENT_NOT_FOUND,
      status: 404,
    });
    await expect(
      errorOf(rpc.request('payments.query.fails', { kind: 'infrastructure' }, caller)),
    ).resolves.toMatchObject({
      code: CommonErrors.UNAVAILABLE,
      status: 503,
    });
    await expect(errorOf(rpc.request('payments.query.fails', { kind: 'bug' }, caller))).resolves.toMatchObject({
      code: CommonErrors.INTERNAL,
      status: 500,
      message: 'the service failed to handle the request',
    });
  });

  it('a request without an organization is refused; a subject nobody serves is a 503 at once', async () => {
    const nc = app.get(BusServer).unwrap<NatsConnection>();
    const h = natsHeaders();
    h.set('x-user-id', 'u-1');
    const reply = await nc.request(`${world.busPrefix}.rpc.payments.cmd.add`, Buffer.from('{}'), {
      headers: h,
      timeout: 5000,
    });
    expect(JSON.parse(Buffer.from(reply.data).toString())).toMatchObject({
      ok: false,
      error: { code: TenantErrors.MISSING, status: 400 },
    });
    const started = Date.now();
    await expect(errorOf(rpc.request('payments.cmd.nobody', {}, caller, 10_000))).resolves.toMatchObject({
      code: CommonErrors.UNAVAILABLE,
      status: 503,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an event reaches every @Handles handler of its type and version, in turn, in the batch transaction', async () => {
    seen.events = [];
    const orm = app.get(MikroORM);
    await orm.em.fork().transactional(async (em) => {
      app.get(Outbox).add(em as EntityManager, { event: CounterAddedV1, organizationId: ORG, payload: { label: 'a' } });
    });
    const total = await eventually(async () => {
      const rows = await orm.em
        .fork()
        .getConnection()
        .execute<{ total: number }[]>("select total from counter where label = 'a'");
      if (rows[0]?.total !== 10) throw new Error(`not yet: ${JSON.stringify(rows)}`);
      return rows[0].total;
    });
    expect(total).toBe(10);
    expect(seen.events).toEqual(['first a', 'second a']);
  });
});
