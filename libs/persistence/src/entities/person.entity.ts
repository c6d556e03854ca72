import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DepartmentEntity } from './department.entity';

/** The roles people hold; one person may hold several. */
export const ROLES = ['reporter', 'staff', 'department_head', 'responsible_leader', 'zone_director', 'party_secretary', 'dispatcher'] as const;
export type Role = (typeof ROLES)[number];

/** A user of the product: reporter, department staff, a leader, or the dispatcher. */
@Entity({ name: 'people' })
export class PersonEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Index('people_username_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  @Column({ type: 'text', array: true })
  roles: Role[];

  @Column({ name: 'department_id', type: 'varchar', length: 64, nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'department_id' })
  department?: DepartmentEntity | null;

  /** Organisation a reporter speaks for (investor, contractor, project task force). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  organisation: string | null;

  /** scrypt hash, `scrypt$<salt>$<hash>`; null for people who cannot sign in. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
