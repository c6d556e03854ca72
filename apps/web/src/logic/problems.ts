// A refusal of the API (problem details: type, rule, errors[]) as a sentence a person reads, in Chinese or English:
// never a code. The rule names are the workflow's (libs/domain/src/issue, `reject('<rule>', …)`) and the API's
// (`access.<action>`, `issue.closed`, …); a rule not known here falls back to its kind (`<what>.no_task` → "no task"),
// then to the problem type, then to the API's own detail. Pure: no DOM, no React.
import type { Problem } from '../api/types';
import type { Lang } from './time';
import messages from './problem-messages.json';

type Text = { 'zh-CN': string; en: string };

// The sentences are data (problem-messages.json), one table a kind of name:
// - rules: the workflow's and the API's rules, by their full name;
// - kinds: the kinds of refusal several rules share (`<what>.<kind>`, libs/domain/src/issue/actors.ts);
// - types: by problem type, when the rule says nothing more;
// - fields: the fields of the forms, for a validation error that names one;
// - fieldRules: the field rules of a 400, in words.
const MESSAGES: Record<'rules' | 'kinds' | 'types' | 'fields' | 'fieldRules', Record<string, Text>> = messages;

/** The workflow's and the API's rules, by their full name. */
export const RULE_MESSAGES = MESSAGES.rules;
const RULE_KIND_MESSAGES = MESSAGES.kinds;
const TYPE_MESSAGES = MESSAGES.types;
const FIELD_NAMES = MESSAGES.fields;
const FIELD_RULE_MESSAGES = MESSAGES.fieldRules;

function pick(text: Text, lang: Lang): string {
  return text[lang];
}

/** The sentence for a refusal. */
export function problemMessage(problem: Problem, lang: Lang): string {
  const rule = problem.rule;
  if (rule) {
    const known = RULE_MESSAGES[rule];
    if (known) return pick(known, lang);
    if (rule.startsWith('access.')) return lang === 'zh-CN' ? '您无权进行此操作。' : 'You may not take this action.';
    const kind = RULE_KIND_MESSAGES[rule.slice(rule.indexOf('.') + 1)];
    if (kind) return pick(kind, lang);
  }
  if (
    problem.errors?.length &&
    (problem.type === '/problems/validation' || problem.type === '/problems/unknown-reference')
  ) {
    const parts = problem.errors.map((error) => {
      const field = FIELD_NAMES[error.field] ? pick(FIELD_NAMES[error.field], lang) : error.field;
      const what = FIELD_RULE_MESSAGES[error.rule];
      return what ? `${field}${lang === 'zh-CN' ? '' : ' '}${pick(what, lang)}` : `${field}: ${error.message}`;
    });
    const unique = [...new Set(parts)];
    return lang === 'zh-CN' ? `请检查：${unique.join('；')}。` : `Check: ${unique.join('; ')}.`;
  }
  const byType = TYPE_MESSAGES[problem.type];
  if (byType) return pick(byType, lang);
  if (problem.detail) return problem.detail;
  return lang === 'zh-CN' ? `操作失败（${problem.status}）。` : `The request failed (${problem.status}).`;
}

/** The sentence for a notice of an action taken but not as asked (a transfer sent to the dispatcher). */
export function noticeMessage(notice: { rule: string; message: string }, lang: Lang): string {
  const known = RULE_MESSAGES[notice.rule];
  return known ? pick(known, lang) : notice.message;
}
