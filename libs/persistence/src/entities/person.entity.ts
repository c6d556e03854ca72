import { Check, Entity, Index } from 'typeorm';
import { Varchar, PrimaryVarchar, Text, Flag, CreatedAt, UpdatedAt, References } from './columns';
import type { ActorRole } from '@unblock/domain';
import { DepartmentEntity } from './department.entity';

/** A user of the product: reporter, department staff, a leader, or the dispatcher. */
@Entity({ name: 'people' })
@Check('people_roles_check', 'cardinality(roles) > 0')
@Index('people_department_idx', ['departmentId'])
@Index('people_roles_idx', { synchronize: false }) // gin (roles)
export class PersonEntity {
  @PrimaryVarchar(64)
  id: string;

  @Index('people_username_key', { unique: true })
  @Varchar(64)
  username: string;

  @Varchar(100)
  name: string;

  @Varchar(100, { nullable: true })
  title: string | null;

  /** the roles the person holds (ACTOR_ROLES of the domain); one person may hold several */
  @Text({ array: true })
  roles: ActorRole[];

  @Varchar(64, { nullable: true })
  departmentId: string | null;

  @References('people', () => DepartmentEntity, { nullable: true, onDelete: 'SET NULL' })
  department?: DepartmentEntity | null;

  /** Organisation a reporter speaks for (investor, contractor, project task force). */
  @Varchar(200, { nullable: true })
  organisation: string | null;

  /** mobile number, for @-mentions in group robots (WeCom, DingTalk) */
  @Varchar(20, { nullable: true })
  mobile: string | null;

  /** e-mail address, for the person's e-mail channel */
  @Varchar(254, { nullable: true })
  email: string | null;

  /** the person's Feishu open_id (ou_…), for @-mentions in Feishu groups */
  @Varchar(64, { nullable: true })
  feishuOpenId: string | null;

  /** scrypt hash, `scrypt$<salt>$<hash>`; null for people who cannot sign in. */
  @Varchar(255, { nullable: true, select: false })
  passwordHash: string | null;

  @Flag({ default: true })
  active: boolean;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
