export * from './config';
export * from './logging';
export * from './health.controller';
export * from './service';
export * from './metrics.controller';
