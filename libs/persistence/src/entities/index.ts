import { DepartmentEntity } from './department.entity';
import { EscalationEntity } from './escalation.entity';
import { IssueEventEntity } from './issue-event.entity';
import { IssueTaskEntity } from './issue-task.entity';
import { IntakeRequestEntity } from './intake-request.entity';
import { EffectFailureEntity } from './effect-failure.entity';
import { IssueEntity } from './issue.entity';
import { NotificationEntity } from './notification.entity';
import { PersonEntity } from './person.entity';
import { ProjectEntity } from './project.entity';
import { NoticeChannelEntity } from './notice-channel.entity';
import { NoticeDeliveryEntity } from './notice-delivery.entity';
import { NoticeMessageEntity } from './notice-message.entity';
import { CalendarRevisionEntity } from './calendar-revision.entity';

export * from './department.entity';
export * from './person.entity';
export * from './project.entity';
export * from './issue.entity';
export * from './issue-task.entity';
export * from './issue-event.entity';
export * from './escalation.entity';
export * from './notification.entity';
export * from './intake-request.entity';
export * from './effect-failure.entity';
export * from './notice-channel.entity';
export * from './notice-delivery.entity';
export * from './notice-message.entity';
export * from './calendar-revision.entity';

/** Every entity of the read model and record. */
export const ENTITIES = [
  DepartmentEntity,
  PersonEntity,
  ProjectEntity,
  IssueEntity,
  IssueTaskEntity,
  IssueEventEntity,
  EscalationEntity,
  NotificationEntity,
  IntakeRequestEntity,
  EffectFailureEntity,
  NoticeChannelEntity,
  NoticeDeliveryEntity,
  NoticeMessageEntity,
  CalendarRevisionEntity,
];
export * from './raw-row';
