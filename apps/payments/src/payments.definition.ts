import { ServiceConfig, ServiceDefinition } from '@dental/platform';
import { AuditEntry } from './audit/audit-entry.entity';
import { Clinic } from './clinics/clinic.entity';
import { ClinicsModule } from './clinics/clinics.module';
import { ProgressSettingsModule } from './clinics/progress-settings/progress-settings.module';
import { Migration20261121120000Clinics } from './migrations/Migration20261121120000_clinics';
import { Migration20261122100000WorkOrderPayments } from './migrations/Migration20261122100000_work_order_payments';
import { Migration20261122200000PatientPayments } from './migrations/Migration20261122200000_patient_payments';
import { Migration20261123100000NeighbourCopies } from './migrations/Migration20261123100000_neighbour_copies';
import { Migration20261214120000ProgressSettings } from './migrations/Migration20261214120000_progress_settings';
import { NeighboursModule } from './neighbours/neighbours.module';
import { PatientPayment } from './patient-payments/patient-payment.entity';
import { PatientPaymentsModule } from './patient-payments/patient-payments.module';
import { WorkOrderPayment } from './work-order-payments/work-order-payment.entity';
import { WorkOrderPaymentsModule } from './work-order-payments/work-order-payments.module';

export const paymentsService: ServiceDefinition<ServiceConfig> = {
  name: 'payments',
  config: ServiceConfig,
  entities: [Clinic, WorkOrderPayment, PatientPayment, AuditEntry],
  migrations: [
    { name: 'Migration20261121120000_clinics', class: Migration20261121120000Clinics },
    { name: 'Migration20261122100000_work_order_payments', class: Migration20261122100000WorkOrderPayments },
    { name: 'Migration20261122200000_patient_payments', class: Migration20261122200000PatientPayments },
    { name: 'Migration20261123100000_neighbour_copies', class: Migration20261123100000NeighbourCopies },
    { name: 'Migration20261214120000_progress_settings', class: Migration20261214120000ProgressSettings },
  ],
  imports: (config) => [
    NeighboursModule.forConfig(config),
    ClinicsModule,
    ProgressSettingsModule,
    WorkOrderPaymentsModule,
    PatientPaymentsModule,
  ],
};
