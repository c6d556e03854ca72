/** The SQL of a CHECK that a column holds one of a closed list of the domain's words. */
export function oneOf(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map((value) => `'${value}'`).join(', ')})`;
}
