import { NATS_CONNECTION } from '@dental/messaging';
import { MikroORM } from '@mikro-orm/core';
import { PUBLIC_ROUTE } from '@dental/contracts';
import { Controller, Get, Inject, SetMetadata } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { NatsConnection } from 'nats';

/** Liveness says the process answers; readiness checks PostgreSQL and NATS for real (a query and a round trip). */
@ApiExcludeController()
@SetMetadata(PUBLIC_ROUTE, true)
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  @Get(['health/live', 'api/v1/health/live'])
  live() {
    return { status: 'ok' };
  }

  @Get(['health/ready', 'api/v1/health/ready'])
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicators.check('database');
        try {
          await this.orm.em.getConnection().execute('select 1');
          return check.up();
        } catch (e) {
          return check.down({ message: (e as Error).message });
        }
      },
      async () => {
        const check = this.indicators.check('nats');
        try {
          if (this.nc.isClosed()) throw new Error('connection closed');
          const rtt = await Promise.race([
            this.nc.rtt(),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000)),
          ]);
          return check.up({ rttMs: rtt });
        } catch (e) {
          return check.down({ message: (e as Error).message });
        }
      },
    ]);
  }
}
