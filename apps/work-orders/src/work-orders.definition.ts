import { KnownClinic, KnownClinicsModule, ServiceConfig, ServiceDefinition } from '@dental/platform';
import { PeriodClosure } from '@dental/persistence';
import { Migration20261221100000PeriodClosure } from './migrations/Migration20261221100000_period_closure';
import { PeriodClosuresModule } from './period-closures/period-closures.module';
import { Lab } from './labs/lab.entity';
import { LabsModule } from './labs/labs.module';
import { Migration20261121140000WorkOrders } from './migrations/Migration20261121140000_work_orders';
import { Migration20261205100000KnownPatients } from './migrations/Migration20261205100000_known_patients';
import { Migration20261214120000TreatmentLinks } from './migrations/Migration20261214120000_treatment_links';
import { TreatmentLinksModule } from './treatment-links/treatment-links.module';
import { WorkOrder, WorkOrderAudit, WorkOrderInstallment } from './work-orders/work-order.entity';
import { WorkOrdersModule } from './work-orders/work-orders.module';

export const workOrdersService: ServiceDefinition<ServiceConfig> = {
  name: 'work-orders',
  config: ServiceConfig,
  entities: [KnownClinic, Lab, WorkOrder, WorkOrderInstallment, WorkOrderAudit, PeriodClosure],
  migrations: [
    { name: 'Migration20261121140000_work_orders', class: Migration20261121140000WorkOrders },
    { name: 'Migration20261205100000_known_patients', class: Migration20261205100000KnownPatients },
    { name: 'Migration20261214120000_treatment_links', class: Migration20261214120000TreatmentLinks },
    { name: 'Migration20261221100000_period_closure', class: Migration20261221100000PeriodClosure },
  ],
  imports: () => [KnownClinicsModule, LabsModule, WorkOrdersModule, TreatmentLinksModule, PeriodClosuresModule],
};
