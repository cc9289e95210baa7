import { ServiceConfig, ServiceDefinition } from '@dental/platform';

export const reportingService: ServiceDefinition<ServiceConfig> = {
  name: 'reporting',
  config: ServiceConfig,
  entities: [],
  migrations: [],
  imports: () => [],
};
