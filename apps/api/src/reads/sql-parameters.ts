/** Collects positional parameters for one SQL statement: `add(value)` returns its placeholder ($1, $2, …). */
export class SqlParameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE / ILIKE wildcards so that user text matches literally (with the default escape character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
