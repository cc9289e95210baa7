import { AuthGuard, TokenService } from '@dental/auth';
import { ServiceDefinition } from '@dental/platform';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ClinicFilterGuard } from './http/clinic-filter.guard';
import { RoleMatrixGuard } from './http/role-matrix.guard';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthController } from './auth/auth.controller';
import { BrowserSessionController } from './auth/browser-session.controller';
import { ClinicsController } from './payments/clinics/clinics.controller';
import { GatewayConfig } from './gateway.config';
import { GATEWAY_CONFIG } from './gateway.tokens';
import { configureGatewayHttp } from './http/configure-http';
import { serveWebApp } from './http/web-app';
import { FirstStartService } from './identity/first-start.service';
import { Organization } from './identity/organization.entity';
import { User } from './identity/user.entity';
import { Migration20261121110000Identity } from './migrations/Migration20261121110000_identity';
import { Migration20261121130000Idempotency } from './migrations/Migration20261121130000_idempotency';
import { Migration20261204100000IdempotencyAtOwner } from './migrations/Migration20261204100000_idempotency_at_owner';
import { Migration20261204110000UserPhysician } from './migrations/Migration20261204110000_user_physician';
import { FinanceHttpModule } from './reporting/finance/finance.http.module';
import { NotificationsHttpModule } from './notifications/notifications/notifications.http.module';
import { PatientsHttpModule } from './patient-accounts/patients/patients.http.module';
import { ReportsHttpModule } from './reporting/reports/reports.http.module';
import { ProgressAndCasesHttpModule } from './reporting/progress-and-cases/progress-and-cases.http.module';
import { PayablesAgingHttpModule } from './reporting/payables-aging/payables-aging.http.module';
import { ReceivablesHttpModule } from './reporting/receivables/receivables.http.module';
import { HistoryHttpModule } from './composed/history/history.http.module';
import { JournalHttpModule } from './reporting/journal/journal.http.module';
import { PeriodClosuresHttpModule } from './composed/period-closures/period-closures.http.module';
import { Migration20261215100000AccountingAccounts } from './migrations/Migration20261215100000_accounting_accounts';
import { WorkOrderPaymentsHttpModule } from './payments/work-order-payments/work-order-payments.http.module';
import { WorkOrdersHttpModule } from './work-orders/work-orders/work-orders.http.module';

export const gatewayService: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  config: GatewayConfig,
  entities: [Organization, User],
  migrations: [
    { name: 'Migration20261121110000_identity', class: Migration20261121110000Identity },
    { name: 'Migration20261121130000_idempotency', class: Migration20261121130000Idempotency },
    { name: 'Migration20261204100000_idempotency_at_owner', class: Migration20261204100000IdempotencyAtOwner },
    { name: 'Migration20261204110000_user_physician', class: Migration20261204110000UserPhysician },
    { name: 'Migration20261215100000_accounting_accounts', class: Migration20261215100000AccountingAccounts },
  ],
  // The gateway publishes nothing and consumes nothing; it only calls the services.
  messaging: { relay: false },
  imports: (config) => {
    @Module({
      imports: [ThrottlerModule.forRoot([{ name: 'login', ttl: 60_000, limit: config.LOGIN_RATE_LIMIT }])],
      controllers: [AuthController, BrowserSessionController, ClinicsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: TokenService,
          useValue: new TokenService({
            secret: config.JWT_SECRET,
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
            ttlSeconds: config.JWT_TTL_SECONDS,
          }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        // after AuthGuard (guards run in the order they are provided): it needs the verified principal
        { provide: APP_GUARD, useClass: RoleMatrixGuard },
        { provide: APP_GUARD, useClass: ClinicFilterGuard },
        FirstStartService,
      ],
    })
    class GatewayApiModule {}
    return [
      GatewayApiModule,
      WorkOrdersHttpModule,
      WorkOrderPaymentsHttpModule,
      FinanceHttpModule,
      PatientsHttpModule,
      ReportsHttpModule,
      ProgressAndCasesHttpModule,
      PayablesAgingHttpModule,
      ReceivablesHttpModule,
      JournalHttpModule,
      HistoryHttpModule,
      NotificationsHttpModule,
      PeriodClosuresHttpModule,
    ];
  },
  configureHttp: (app, config) => {
    const express = app as NestExpressApplication;
    if (config.TRUST_PROXY > 0) express.set('trust proxy', config.TRUST_PROXY);
    // no hashing of every answer for an ETag: the API's answers are live figures, not cacheable documents
    express.set('etag', false);
    configureGatewayHttp(app);
    serveWebApp(app, config.WEB_ROOT);
  },
};
