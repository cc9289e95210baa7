export * from './config';
export * from './logging';
export * from './health.controller';
export * from './service';
export * from './metrics.controller';
export * from './known-clinics/known-clinic.entity';
export * from './known-clinics/known-clinics';
export * from './known-clinics/known-clinics.module';
