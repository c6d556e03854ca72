import { Check, Column, Entity, Index } from 'typeorm';
import { Varchar, PrimaryVarchar, Flag, CreatedAt, UpdatedAt, References } from './columns';
import { DepartmentEntity } from './department.entity';
import { PersonEntity } from './person.entity';
import { oneOf } from './checks';

export const PROJECT_KINDS = ['industrial', 'road', 'residential', 'utilities', 'public_service'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PROJECT_STATUSES = ['planned', 'under_construction', 'completed', 'suspended'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A key project (重点项目) of the zone; blocking issues are filed against it. */
@Entity({ name: 'projects' })
@Index('projects_kind_idx', ['kind'])
@Index('projects_responsible_leader_idx', ['responsibleLeaderId'])
@Check('projects_kind_check', oneOf('kind', PROJECT_KINDS))
@Check('projects_status_check', oneOf('status', PROJECT_STATUSES))
export class ProjectEntity {
  /** Stable code, e.g. `GX-ROAD-01`. */
  @PrimaryVarchar(64)
  id: string;

  @Varchar(200)
  name: string;

  @Varchar(32)
  kind: ProjectKind;

  @Varchar(32)
  status: ProjectStatus;

  /** One of the 20 major industrial projects singled out for breakthrough. */
  @Flag({ default: false })
  majorIndustrial: boolean;

  /** One of the key projects publicly committed, with a schedule known to the city (公开承诺). */
  @Flag({ default: false })
  publiclyCommitted: boolean;

  /** Investor or owner (投资业主). */
  @Varchar(200, { nullable: true })
  owner: string | null;

  @Varchar(300, { nullable: true })
  location: string | null;

  @Column({ name: 'planned_completion', type: 'date', nullable: true })
  plannedCompletion: string | null;

  /** The zone leader in charge of the project (包抓领导). */
  @Varchar(64, { nullable: true })
  responsibleLeaderId: string | null;

  @References('projects', () => PersonEntity, { nullable: true, onDelete: 'SET NULL' })
  responsibleLeader?: PersonEntity | null;

  /** The department that follows the project day to day. */
  @Varchar(64, { nullable: true })
  leadDepartmentId: string | null;

  @References('projects', () => DepartmentEntity, { nullable: true, onDelete: 'SET NULL' })
  leadDepartment?: DepartmentEntity | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
