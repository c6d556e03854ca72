import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UpdateDateColumn } from 'typeorm';
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
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: ProjectKind;

  @Column({ type: 'varchar', length: 32 })
  status: ProjectStatus;

  /** One of the 20 major industrial projects singled out for breakthrough. */
  @Column({ name: 'major_industrial', type: 'boolean', default: false })
  majorIndustrial: boolean;

  /** One of the key projects publicly committed, with a schedule known to the city (公开承诺). */
  @Column({ name: 'publicly_committed', type: 'boolean', default: false })
  publiclyCommitted: boolean;

  /** Investor or owner (投资业主). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  location: string | null;

  @Column({ name: 'planned_completion', type: 'date', nullable: true })
  plannedCompletion: string | null;

  /** The zone leader in charge of the project (包抓领导). */
  @Column({ name: 'responsible_leader_id', type: 'varchar', length: 64, nullable: true })
  responsibleLeaderId: string | null;

  @ManyToOne(() => PersonEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responsible_leader_id', foreignKeyConstraintName: 'projects_responsible_leader_id_fkey' })
  responsibleLeader?: PersonEntity | null;

  /** The department that follows the project day to day. */
  @Column({ name: 'lead_department_id', type: 'varchar', length: 64, nullable: true })
  leadDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lead_department_id', foreignKeyConstraintName: 'projects_lead_department_id_fkey' })
  leadDepartment?: DepartmentEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
