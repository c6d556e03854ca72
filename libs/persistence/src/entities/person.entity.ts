import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UpdateDateColumn } from 'typeorm';
import type { ActorRole } from '@unblock/domain';
import { DepartmentEntity } from './department.entity';

/** A user of the product: reporter, department staff, a leader, or the dispatcher. */
@Entity({ name: 'people' })
@Check('people_roles_check', 'cardinality(roles) > 0')
@Index('people_department_idx', ['departmentId'])
@Index('people_roles_idx', { synchronize: false }) // gin (roles)
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

  /** the roles the person holds (ACTOR_ROLES of the domain); one person may hold several */
  @Column({ type: 'text', array: true })
  roles: ActorRole[];

  @Column({ name: 'department_id', type: 'varchar', length: 64, nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'people_department_id_fkey' })
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
