/**
 * The text rule: what a piece of text must be for the product to take it. PostgreSQL refuses NUL in text and an
 * unpaired surrogate in jsonb, so such a character, once in an issue's history, would stop the record on
 * every retry; control characters are invisible and garble what people read. So, everywhere text comes in (the API's
 * bodies, path and query parameters and headers, the workflow's update validators, intake):
 *
 * - no NUL (U+0000) and no unpaired surrogate (half of a UTF-16 pair, not a character);
 * - no control character (U+0001–U+001F, U+007F–U+009F) but tab, line feed and carriage return, and those only in
 *   multi-line text: a field named in MULTI_LINE_TEXT_FIELDS (a description, a note, a reason, an instruction);
 * - single-line text (a title, an id, a code, a username, a search) has no line break (nor U+2028, U+2029) and no tab.
 *
 * Pure; safe for workflow code.
 */

/** The rule's name, as an API field error names it (`errors[].rule`) and as the workflow refuses a message. */
export const TEXT_RULE = 'text.forbidden_character';

/** The fields whose text may run over several lines (tab, line feed, carriage return): the same name everywhere. */
export const MULTI_LINE_TEXT_FIELDS: ReadonlySet<string> = new Set(['description', 'note', 'reason', 'text']);

export type TextKind = 'single_line' | 'multi_line';

/** The kind of text a field holds, by its name (MULTI_LINE_TEXT_FIELDS); every other field is a single line. */
export function textKindOf(field: string): TextKind {
  return MULTI_LINE_TEXT_FIELDS.has(field) ? 'multi_line' : 'single_line';
}

// \p{Cc}: the control characters (C0, DEL, C1); \p{Cs}: with the u flag, a surrogate that is not half of a pair
const FORBIDDEN: Record<TextKind, RegExp> = {
  single_line: /[\p{Cc}\p{Cs}\u2028\u2029]/u,
  multi_line: /(?![\t\n\r])[\p{Cc}\p{Cs}]/u,
};

const LINE_BREAKS = new Set([0x09, 0x0a, 0x0d, 0x2028, 0x2029]);

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What is wrong with a text under the rule, as the end of a sentence that starts with the field's name
 * (`must not contain NUL (U+0000)`), or undefined when it keeps the rule.
 */
export function textProblem(text: string, kind: TextKind = 'single_line'): string | undefined {
  const match = FORBIDDEN[kind].exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  if (code === 0) return 'must not contain NUL (U+0000)';
  if (code >= 0xd800 && code <= 0xdfff) return `must not contain an unpaired surrogate (${codePoint(code)})`;
  if (LINE_BREAKS.has(code)) return `must be a single line: no line break or tab (${codePoint(code)})`;
  return `must not contain the control character ${codePoint(code)}`;
}

/** Whether a text keeps the rule. */
export function keepsTextRule(text: string, kind: TextKind = 'single_line'): boolean {
  return !FORBIDDEN[kind].test(text);
}

/** Where a text broke the rule: the field (a dotted path, `departments[1]`, `by.id`), the rule and why. */
export interface TextViolation {
  field: string;
  rule: typeof TEXT_RULE;
  message: string;
}

/**
 * The first text anywhere in a value (a message, an update's argument, a submission: strings, object keys, arrays,
 * at any depth) that breaks the rule, or undefined. A string is multi-line text when the property holding it (or the
 * array holding it) is named in MULTI_LINE_TEXT_FIELDS; every other string and every key is single-line.
 */
export function textViolationIn(value: unknown, field = '', kind: TextKind = 'single_line'): TextViolation | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value, kind);
    return problem
      ? { field: field || '(value)', rule: TEXT_RULE, message: `${field || 'the value'} ${problem}` }
      : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = textViolationIn(value[i], `${field}[${i}]`, kind);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const at = field ? `${field}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: at, rule: TEXT_RULE, message: `a field's name ${keyProblem}` };
      const found = textViolationIn(inner, at, textKindOf(key));
      if (found) return found;
    }
  }
  return undefined;
}
