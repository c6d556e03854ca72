export * from './entities';
export * from './migrations';
export * from './data-source';
export * from './password-hash';
export * from './demo-data/zone-demo-data';
export * from './demo-data/load-demo-data';
export * from './demo-data/demo-channels';
export * from './open-database';
