import { ServiceConfig, ServiceDefinition } from '@dental/platform';
import { FinanceModule } from './finance/finance.module';
import { FinanceClinic } from './finance/read-models/finance-clinic.entity';
import { FinanceLab } from './finance/read-models/finance-lab.entity';
import { FinanceMonthBucket } from './finance/read-models/finance-month-bucket.entity';
import { FinanceOrgMonthBucket } from './finance/read-models/finance-org-month-bucket.entity';
import { FinanceStatusMonthBucket } from './finance/read-models/finance-status-month-bucket.entity';
import { FinanceWorkOrderPayment } from './finance/read-models/finance-work-order-payment.entity';
import { FinanceWorkOrder } from './finance/read-models/finance-work-order.entity';
import { Migration20261121140000Finance } from './migrations/Migration20261121140000_finance';
import { Migration20261122200000FinanceHotUpdates } from './migrations/Migration20261122200000_finance_hot_updates';
import { Migration20261122210000FinanceStatusBuckets } from './migrations/Migration20261122210000_finance_status_buckets';
import { ReportsModule, reportsEntities, reportsMigrations } from './reports/reports.module';
import { PayablesModule, payablesEntities, payablesMigrations } from './payables/payables.module';
import { LedgerModule, ledgerEntities, ledgerMigrations } from './ledger/ledger.module';
import { CaseProfitModule, caseProfitMigrations } from './case-profit/case-profit.module';
import { ProgressModule, progressMigrations } from './progress/progress.module';
import { JournalModule, journalMigrations } from './journal/journal.module';

/** Read models only, rebuilt from the streams (`npm run reporting:rebuild`); publishes nothing. */
export const reportingService: ServiceDefinition<ServiceConfig> = {
  name: 'reporting',
  config: ServiceConfig,
  entities: [
    FinanceLab,
    FinanceClinic,
    FinanceWorkOrder,
    FinanceWorkOrderPayment,
    FinanceMonthBucket,
    FinanceOrgMonthBucket,
    FinanceStatusMonthBucket,
    ...reportsEntities,
    ...payablesEntities,
    ...ledgerEntities,
  ],
  migrations: [
    { name: 'Migration20261121140000_finance', class: Migration20261121140000Finance },
    { name: 'Migration20261122200000_finance_hot_updates', class: Migration20261122200000FinanceHotUpdates },
    { name: 'Migration20261122210000_finance_status_buckets', class: Migration20261122210000FinanceStatusBuckets },
    ...reportsMigrations,
    ...payablesMigrations,
    ...ledgerMigrations,
    ...caseProfitMigrations,
    ...progressMigrations,
    ...journalMigrations,
  ],
  // Nothing to relay: reporting writes no outbox rows. Big batches: the Finance projection applies a batch in a
  // few set-based statements, so larger batches mean fewer round trips per event.
  messaging: { relay: false, consumer: { batchSize: 500 } },
  imports: () => [
    FinanceModule,
    ReportsModule,
    PayablesModule,
    LedgerModule,
    CaseProfitModule,
    ProgressModule,
    JournalModule,
  ],
};
