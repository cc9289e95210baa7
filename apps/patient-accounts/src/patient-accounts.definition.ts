import { KnownClinic, KnownClinicsModule, ServiceConfig, ServiceDefinition } from '@dental/platform';
import { PeriodClosure } from '@dental/persistence';
import { Migration20261221100000PeriodClosure } from './migrations/Migration20261221100000_period_closure';
import { PeriodClosuresModule } from './period-closures/period-closures.module';
import { AccountModule } from './account/account.module';
import { BankCostModule } from './bank-cost/bank-cost.module';
import { AccountClosure } from './closures/account-closure.entity';
import { ClosuresModule } from './closures/closures.module';
import { Contract } from './contracts/contract.entity';
import { ContractsModule } from './contracts/contracts.module';
import { FamiliesModule } from './families/families.module';
import { HistoryModule } from './history/history.module';
import { Migration20261122120000PatientAccounts } from './migrations/Migration20261122120000_patient_accounts';
import { Migration20261122200000ClosuresContractsBankCost } from './migrations/Migration20261122200000_closures_contracts_bank_cost';
import { Migration20261122230000PatientSearch } from './migrations/Migration20261122230000_patient_search';
import { Migration20261220100000CorrectionReasons } from './migrations/Migration20261220100000_correction_reasons';
import { RecordAudit } from './audit-trail/record-audit.entity';
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
    PeriodClosure,
    RecordAudit,
  ],
  migrations: [
    { name: 'Migration20261122120000_patient_accounts', class: Migration20261122120000PatientAccounts },
    {
      name: 'Migration20261122200000_closures_contracts_bank_cost',
      class: Migration20261122200000ClosuresContractsBankCost,
    },
    { name: 'Migration20261122230000_patient_search', class: Migration20261122230000PatientSearch },
    { name: 'Migration20261220100000_correction_reasons', class: Migration20261220100000CorrectionReasons },
    { name: 'Migration20261221100000_period_closure', class: Migration20261221100000PeriodClosure },
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
    HistoryModule,
    PeriodClosuresModule,
  ],
};
