import { ServiceConfig, ServiceDefinition } from '@dental/platform';
import { Clinic } from './clinics/clinic.entity';
import { ClinicsModule } from './clinics/clinics.module';
import { Migration20261121120000Clinics } from './migrations/Migration20261121120000_clinics';

export const paymentsService: ServiceDefinition<ServiceConfig> = {
  name: 'payments',
  config: ServiceConfig,
  entities: [Clinic],
  migrations: [{ name: 'Migration20261121120000_clinics', class: Migration20261121120000Clinics }],
  imports: () => [ClinicsModule],
};
