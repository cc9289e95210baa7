import { ServiceConfig, ServiceDefinition } from '@dental/platform';

export const notificationsService: ServiceDefinition<ServiceConfig> = {
  name: 'notifications',
  config: ServiceConfig,
  entities: [],
  migrations: [],
  imports: () => [],
};
