import { Check, Column, Entity } from 'typeorm';
import { Instant, PrimaryVarchar, Text, Varchar } from './columns';
import { BIGINT_AS_NUMBER } from './issue.entity';

/**
 * An issue whose effects could not be written at the last attempt (写入失败): since when, how often, and why. The
 * workflow keeps deciding (deadlines fire, escalations climb); the row is removed by the next write that succeeds.
 */
@Entity({ name: 'issue_effect_failures' })
@Check('issue_effect_failures_attempts_check', 'attempts > 0')
export class EffectFailureEntity {
  @PrimaryVarchar(128)
  issueId: string;

  @Varchar(200)
  workflowId: string;

  @Instant()
  firstFailedAt: Date;

  @Instant()
  lastFailedAt: Date;

  @Column({ type: 'integer' })
  attempts: number;

  /** the newest reduction the failed batch carried */
  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  sequence: number;

  @Text()
  lastError: string;
}
