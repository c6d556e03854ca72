import { Column, CreateDateColumn, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ColumnOptions, ObjectType, RelationOptions } from 'typeorm';
import { columnName } from './raw-row';

/**
 * The column kinds the schema is made of, each one decorator. A column is named after its property
 * (`leadDepartmentId` → `lead_department_id`, see columnName), so an entity says only what differs: the length, and
 * whether the value may be null or has a default.
 */
type Extra = Pick<ColumnOptions, 'nullable' | 'default' | 'select' | 'transformer' | 'array'>;

function named(decorate: (options: ColumnOptions) => PropertyDecorator, options: ColumnOptions): PropertyDecorator {
  return (target, property) => decorate({ name: columnName(String(property)), ...options })(target, property);
}

/** A code or a short name: `varchar(length)`. */
export function Varchar(length: number, extra: Extra = {}): PropertyDecorator {
  return named(Column, { type: 'varchar', length, ...extra });
}

/** A code that is (part of) the primary key: `varchar(length)`. */
export function PrimaryVarchar(length: number): PropertyDecorator {
  return (target, property) =>
    PrimaryColumn({ name: columnName(String(property)), type: 'varchar', length })(target, property);
}

/** Free text of any length. */
export function Text(extra: Extra = {}): PropertyDecorator {
  return named(Column, { type: 'text', ...extra });
}

/** An instant: `timestamptz`. */
export function Instant(extra: Extra = {}): PropertyDecorator {
  return named(Column, { type: 'timestamptz', ...extra });
}

/** A count or a level: `integer`, 0 unless said otherwise. */
export function Count(): PropertyDecorator {
  return named(Column, { type: 'integer', default: 0 });
}

/** A yes/no fact: `boolean`. */
export function Flag(extra: Extra = {}): PropertyDecorator {
  return named(Column, { type: 'boolean', ...extra });
}

/** A structured value: `jsonb`. */
export function Json(extra: Extra = {}): PropertyDecorator {
  return named(Column, { type: 'jsonb', ...extra });
}

/** When the row was inserted, kept by TypeORM. */
export function CreatedAt(): PropertyDecorator {
  return named(CreateDateColumn, { type: 'timestamptz' });
}

/** When the row was last saved, kept by TypeORM. */
export function UpdatedAt(): PropertyDecorator {
  return named(UpdateDateColumn, { type: 'timestamptz' });
}

/**
 * The parent row of `<property>Id`: the many-to-one relation over the `<property>_id` column of `table`, with the
 * foreign key under the name PostgreSQL gives it (`<table>_<column>_fkey`), as the migrations create it.
 */
export function References<Parent>(
  table: string,
  parent: () => ObjectType<Parent>,
  options: RelationOptions = {},
  inverse?: (row: Parent) => unknown,
): PropertyDecorator {
  return (target, property) => {
    const name = `${columnName(String(property))}_id`;
    (inverse ? ManyToOne(parent, inverse, options) : ManyToOne(parent, options))(target, property);
    JoinColumn({ name, foreignKeyConstraintName: `${table}_${name}_fkey` })(target, property);
  };
}
