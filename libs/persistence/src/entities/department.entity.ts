import { Check, Entity } from 'typeorm';
import { Varchar, PrimaryVarchar, CreatedAt, UpdatedAt } from './columns';
import { oneOf } from './checks';

/** What kind of unit a department is: a handling department, the zone's leadership, or the dispatch centre. */
export const DEPARTMENT_KINDS = ['department', 'leadership', 'dispatch'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** A department of the zone (部门) that owns and handles blocking issues. */
@Entity({ name: 'departments' })
@Check('departments_kind_check', oneOf('kind', DEPARTMENT_KINDS))
export class DepartmentEntity {
  /** Stable code, e.g. `land_office`; routing rules refer to it. */
  @PrimaryVarchar(64)
  id: string;

  @Varchar(200)
  name: string;

  @Varchar(200)
  nameEn: string;

  @Varchar(32)
  kind: DepartmentKind;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
