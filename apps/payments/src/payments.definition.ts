import { ServiceConfig, ServiceDefinition } from '@dental/platform';
import { PeriodClosure } from '@dental/persistence';
import { Migration20261221100000PeriodClosure } from './migrations/Migration20261221100000_period_closure';
import { PeriodClosuresModule } from './period-closures/period-closures.module';
import { AuditEntry } from './audit-trail/audit-entry.entity';
import { Clinic } from './clinics/clinic.entity';
import { AuditModule } from './audit/audit.module';
import { ClinicsModule } from './clinics/clinics.module';
import { ProgressSettingsModule } from './clinics/progress-settings/progress-settings.module';
import { Migration20261121120000Clinics } from './migrations/Migration20261121120000_clinics';
import { Migration20261122100000WorkOrderPayments } from './migrations/Migration20261122100000_work_order_payments';
import { Migration20261122200000PatientPayments } from './migrations/Migration20261122200000_patient_payments';
import { Migration20261123100000NeighbourCopies } from './migrations/Migration20261123100000_neighbour_copies';
import { Migration20261214120000ProgressSettings } from './migrations/Migration20261214120000_progress_settings';
import { Migration20261220100000CorrectionReasons } from './migrations/Migration20261220100000_correction_reasons';
import { NeighboursModule } from './neighbours/neighbours.module';
import { PatientPayment } from './patient-payments/patient-payment.entity';
import { PatientPaymentsModule } from './patient-payments/patient-payments.module';
import { WorkOrderPayment } from './work-order-payments/work-order-payment.entity';
import { WorkOrderPaymentsModule } from './work-order-payments/work-order-payments.module';

export const paymentsService: ServiceDefinition<ServiceConfig> = {
  name: 'payments',
  config: ServiceConfig,
  entities: [Clinic, WorkOrderPayment, PatientPayment, AuditEntry, PeriodClosure],
  migrations: [
    { name: 'Migration20261121120000_clinics', class: Migration20261121120000Clinics },
    { name: 'Migration20261122100000_work_order_payments', class: Migration20261122100000WorkOrderPayments },
    { name: 'Migration20261122200000_patient_payments', class: Migration20261122200000PatientPayments },
    { name: 'Migration20261123100000_neighbour_copies', class: Migration20261123100000NeighbourCopies },
    { name: 'Migration20261214120000_progress_settings', class: Migration20261214120000ProgressSettings },
    { name: 'Migration20261220100000_correction_reasons', class: Migration20261220100000CorrectionReasons },
    { name: 'Migration20261221100000_period_closure', class: Migration20261221100000PeriodClosure },
  ],
  imports: (config) => [
    NeighboursModule.forConfig(config),
    ClinicsModule,
    ProgressSettingsModule,
    WorkOrderPaymentsModule,
    PatientPaymentsModule,
    AuditModule,
    PeriodClosuresModule,
  ],
};
