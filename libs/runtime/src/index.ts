export * from './logger';
export * from './ports';
export * from './processes';
export * from './embedded-postgres';
export * from './temporal-cli';
export * from './temporal-dev-server';
