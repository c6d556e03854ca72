/**
 * A property's column name: `leadDepartmentId` → `lead_department_id`. Every entity names its columns so (the
 * migrations test checks it), which lets raw SQL rows be typed by the entities.
 */
export type ColumnName<Property extends string> = Property extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${ColumnName<Tail>}`
  : Property;

/**
 * A row of raw SQL on an entity's table that selects the columns of `Properties`, under their column names, with the
 * entity's types. For the read paths that stay in SQL (keyset pages, the inboxes); columns computed by the query are
 * added beside it. A `bigint` column comes back as text: override it.
 */
export type RawRow<Entity, Properties extends keyof Entity & string> = {
  [P in Properties as ColumnName<P>]: Entity[P];
};

/** The column name of a property, at run time (see ColumnName). */
export function columnName(property: string): string {
  return property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
