import type { DataSource } from 'typeorm';
import { createSystemCheckActivities } from './system-check.activities';

export * from './system-check.activities';

export interface ActivityDeps {
  dataSource: DataSource;
}

/** Every activity the worker registers, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemCheckActivities(deps),
  };
}
