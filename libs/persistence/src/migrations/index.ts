import { InitialSchema1764300000000 } from './1764300000000-initial-schema';
import { IssueReadModel1764400000000 } from './1764400000000-issue-read-model';
import { IntakeRequests1764500000000 } from './1764500000000-intake-requests';
import { ReadIndices1764600000000 } from './1764600000000-read-indices';
import { EffectFailures1764700000000 } from './1764700000000-effect-failures';
import { SupportingDepartmentsKept1764760000000 } from './1764760000000-supporting-departments-kept';
import { NoticeDelivery1764800000000 } from './1764800000000-notice-delivery';
import { WorkingCalendar1764900000000 } from './1764900000000-working-calendar';

/** Every migration, in order. A new migration is added here and never edited once shipped. */
export const MIGRATIONS = [
  InitialSchema1764300000000,
  IssueReadModel1764400000000,
  IntakeRequests1764500000000,
  ReadIndices1764600000000,
  EffectFailures1764700000000,
  SupportingDepartmentsKept1764760000000,
  NoticeDelivery1764800000000,
  WorkingCalendar1764900000000,
];
export { ReadIndices1764600000000, SupportingDepartmentsKept1764760000000 };
