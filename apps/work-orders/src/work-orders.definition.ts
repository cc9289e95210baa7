import { ServiceConfig, ServiceDefinition } from '@dental/platform';

export const workOrdersService: ServiceDefinition<ServiceConfig> = {
  name: 'work-orders',
  config: ServiceConfig,
  entities: [],
  migrations: [],
  imports: () => [],
};
