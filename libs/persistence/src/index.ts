export * from './database';
export * from './orm';
export * from './base.entity';
export * from './period-closure';
export * from './bound-sql';
export * from './minor-units.type';
export * from './sql-statements';
