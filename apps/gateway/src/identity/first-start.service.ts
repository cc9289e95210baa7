import { ClinicSubjects, ClinicView } from '@dental/contracts';
import { hashPassword } from '@dental/auth';
import { RpcClient } from '@dental/messaging';
import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { GatewayConfig } from '../gateway.config';
import { Organization } from './organization.entity';
import { User } from './user.entity';

const FIRST_START_LOCK = 7_310_003;

/**
 * On the first start, creates an organization with one clinic and an admin user. Several gateway replicas may
 * start at once: an advisory lock lets one of them do it. The clinic lives in `payments`, which may start after
 * the gateway: it is created with a fixed id and retried until `payments` answers.
 */
@Injectable()
export class FirstStartService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FirstStartService.name);
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.createOrganizationOnce();
    void this.ensureFirstClinic();
  }

  private async createOrganizationOnce(): Promise<void> {
    const em = this.orm.em.fork() as EntityManager;
    await em.transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(?)', [FIRST_START_LOCK]);
      if ((await tx.count(Organization, {})) > 0) return;
      const generated = !this.config.ADMIN_PASSWORD;
      const password = this.config.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
      const org = tx.create(Organization, { name: this.config.ORGANIZATION_NAME, firstClinicId: randomUUID() });
      await tx.flush(); // the user row references it
      tx.create(User, {
        organizationId: org.id,
        email: this.config.ADMIN_EMAIL.toLowerCase(),
        name: 'Administrator',
        passwordHash: await hashPassword(password),
        roles: ['admin'],
        clinicIds: null,
      });
      if (generated)
        process.stdout.write(`first start: admin login ${this.config.ADMIN_EMAIL} / ${password} (printed once)\n`);
    });
  }

  private async ensureFirstClinic(): Promise<void> {
    const em = this.orm.em.fork();
    const pending = await em.find(Organization, { firstClinicReady: false, firstClinicId: { $ne: null } });
    for (const org of pending) {
      try {
        await this.rpc.request<ClinicView>(
          ClinicSubjects.create,
          { id: org.firstClinicId, name: 'Main Clinic', currency: 'EUR' },
          { organizationId: org.id, clinicIds: '*', userId: 'system', roles: ['admin'], correlationId: randomUUID() },
        );
        org.firstClinicReady = true;
        await em.flush();
      } catch (e) {
        if (this.stopped) return;
        this.logger.warn(`first clinic not created yet (${(e as Error).message}); retrying`);
        this.retry = setTimeout(() => void this.ensureFirstClinic(), 2000);
        return;
      }
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
  }
}
