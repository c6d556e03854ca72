import { Check, Column, Entity, Index, type Relation } from 'typeorm';
import { Varchar, PrimaryVarchar, Instant, Json, CreatedAt, References } from './columns';
import { PersonEntity } from './person.entity';

/**
 * One intake sent with an `Idempotency-Key` (受理登记的幂等记录): the key, per user, fixes the issue id, so a
 * repeated or concurrent submission makes one issue. Inserted before the issue's workflow is started.
 */
@Entity({ name: 'intake_requests' })
@Index('intake_requests_issue_id_key', ['issueId'], { unique: true })
@Index('intake_requests_unstarted_idx', { synchronize: false }) // (created_at) WHERE started_at IS NULL
@Check('intake_requests_idempotency_key_check', 'char_length(idempotency_key) BETWEEN 1 AND 200')
export class IntakeRequestEntity {
  @PrimaryVarchar(64)
  userId: string;

  @References('intake_requests', () => PersonEntity, { onDelete: 'CASCADE' })
  user?: Relation<PersonEntity>;

  @PrimaryVarchar(200)
  idempotencyKey: string;

  /** SHA-256 (hex) of the submission in canonical JSON */
  @Column({ name: 'body_hash', type: 'char', length: 64 })
  bodyHash: string;

  @Varchar(128)
  issueId: string;

  /** the submission as accepted (the workflow's intake input without the reporter) */
  @Json()
  request: Record<string, unknown>;

  @CreatedAt()
  createdAt: Date;

  /** when the workflow start succeeded; null while the intake waits for Temporal */
  @Instant({ nullable: true })
  startedAt: Date | null;
}
