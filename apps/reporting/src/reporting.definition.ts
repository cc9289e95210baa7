import { ServiceConfig, ServiceDefinition } from '@dental/platform';
import { FinanceModule } from './finance/finance.module';
import { FinanceClinic } from './finance/read-models/finance-clinic.entity';
import { FinanceLab } from './finance/read-models/finance-lab.entity';
import { FinanceMonthBucket } from './finance/read-models/finance-month-bucket.entity';
import { FinanceOrgMonthBucket } from './finance/read-models/finance-org-month-bucket.entity';
import { FinanceWorkOrderPayment } from './finance/read-models/finance-work-order-payment.entity';
import { FinanceWorkOrder } from './finance/read-models/finance-work-order.entity';
import { Migration20261121140000Finance } from './migrations/Migration20261121140000_finance';
import { ReportsModule, reportsEntities, reportsMigrations } from './reports/reports.module';

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
    ...reportsEntities,
  ],
  migrations: [{ name: 'Migration20261121140000_finance', class: Migration20261121140000Finance }, ...reportsMigrations],
  // Nothing to relay: reporting writes no outbox rows.
  messaging: { relay: false },
  imports: () => [FinanceModule, ReportsModule],
};
