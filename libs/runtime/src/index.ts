export * from './logger';
export * from './ports';
export * from './processes';
export * from './embedded-postgres';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './go-install';
export * from './temporal-server';
