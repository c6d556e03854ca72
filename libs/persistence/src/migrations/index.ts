import { InitialSchema1764300000000 } from './1764300000000-initial-schema';
import { IssueReadModel1764400000000 } from './1764400000000-issue-read-model';

/** Every migration, in order. A new migration is added here and never edited once shipped. */
export const MIGRATIONS = [InitialSchema1764300000000, IssueReadModel1764400000000];
