export * from './test-env';
export * from './stack';
export * from './demo';
