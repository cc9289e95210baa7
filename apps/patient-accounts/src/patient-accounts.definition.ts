import { KnownClinic, KnownClinicsModule, ServiceConfig, ServiceDefinition } from '@dental/platform';
import { Migration20261122120000PatientAccounts } from './migrations/Migration20261122120000_patient_accounts';
import { Family, Patient } from './patients/patient.entity';
import { PatientsModule } from './patients/patients.module';
import { Physician } from './physicians/physician.entity';
import { PhysiciansModule } from './physicians/physicians.module';
import { Invoice, Treatment, TreatmentAudit, TreatmentPlan, TreatmentPlanItem } from './treatments/treatment.entity';
import { TreatmentsModule } from './treatments/treatments.module';

export const patientAccountsService: ServiceDefinition<ServiceConfig> = {
  name: 'patient-accounts',
  config: ServiceConfig,
  entities: [
    KnownClinic,
    Physician,
    Family,
    Patient,
    Treatment,
    TreatmentAudit,
    TreatmentPlan,
    TreatmentPlanItem,
    Invoice,
  ],
  migrations: [{ name: 'Migration20261122120000_patient_accounts', class: Migration20261122120000PatientAccounts }],
  imports: () => [KnownClinicsModule, PhysiciansModule, PatientsModule, TreatmentsModule],
};
