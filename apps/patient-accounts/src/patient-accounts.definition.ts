import { ServiceConfig, ServiceDefinition } from '@dental/platform';

export const patientAccountsService: ServiceDefinition<ServiceConfig> = {
  name: 'patient-accounts',
  config: ServiceConfig,
  entities: [],
  migrations: [],
  imports: () => [],
};
