import { KnownClinic, KnownClinicsModule, ServiceConfig, ServiceDefinition } from '@dental/platform';
import { AccountModule } from './account/account.module';
import { BankCostModule } from './bank-cost/bank-cost.module';
import { AccountClosure } from './closures/account-closure.entity';
import { ClosuresModule } from './closures/closures.module';
import { Contract } from './contracts/contract.entity';
import { ContractsModule } from './contracts/contracts.module';
import { FamiliesModule } from './families/families.module';
import { Migration20261122120000PatientAccounts } from './migrations/Migration20261122120000_patient_accounts';
import { Migration20261122200000ClosuresContractsBankCost } from './migrations/Migration20261122200000_closures_contracts_bank_cost';
import { Migration20261122230000PatientSearch } from './migrations/Migration20261122230000_patient_search';
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
    AccountClosure,
    Contract,
  ],
  migrations: [
    { name: 'Migration20261122120000_patient_accounts', class: Migration20261122120000PatientAccounts },
    {
      name: 'Migration20261122200000_closures_contracts_bank_cost',
      class: Migration20261122200000ClosuresContractsBankCost,
    },
    { name: 'Migration20261122230000_patient_search', class: Migration20261122230000PatientSearch },
  ],
  imports: () => [
    KnownClinicsModule,
    PhysiciansModule,
    PatientsModule,
    TreatmentsModule,
    ClosuresModule,
    AccountModule,
    ContractsModule,
    FamiliesModule,
    BankCostModule,
  ],
};
