import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { oneOf } from './checks';

/** What kind of unit a department is: a handling department, the zone's leadership, or the dispatch centre. */
export const DEPARTMENT_KINDS = ['department', 'leadership', 'dispatch'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** A department of the zone (部门) that owns and handles blocking issues. */
@Entity({ name: 'departments' })
@Check('departments_kind_check', oneOf('kind', DEPARTMENT_KINDS))
export class DepartmentEntity {
  /** Stable code, e.g. `land_office`; routing rules refer to it. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'varchar', length: 32 })
  kind: DepartmentKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
