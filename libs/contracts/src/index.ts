export * from './services';
export * from './errors';
export * from './envelope';
export * from './roles';
export * from './validation';
export * from './clinics/clinics.contracts';
