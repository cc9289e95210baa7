export * from './principal';
export * from './token.service';
export * from './password';
export * from './http';
export * from './browser-session';
