import { InitialSchema1764300000000 } from './1764300000000-initial-schema';

/** Every migration, in order. A new migration is added here and never edited once shipped. */
export const MIGRATIONS = [InitialSchema1764300000000];
