export * from './database';
export * from './orm';
export * from './base.entity';
