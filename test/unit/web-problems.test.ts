// A refusal of the API as the console says it (apps/web/src/logic/problems.ts): a sentence in Chinese or English,
// never a code; every rule the workflow refuses with has its own sentence.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { noticeMessage, problemMessage, RULE_MESSAGES } from '../../apps/web/src/logic/problems';
import type { Problem } from '../../apps/web/src/api/types';
import { REPO_ROOT } from '../support/test-stack';

/** A problem of the API: its type and status, and what else it says. */
const problem = (type: string, status: number, more: Partial<Problem> = {}): Problem => ({
  type,
  title: 'Refused',
  status,
  ...more,
});

const conflict = (rule: string, detail = 'detail from the API'): Problem =>
  problem('/problems/rule-violation', 409, { detail, rule });

/** Every rule named in `reject('<rule>', …)` in the domain's issue rules (the `${what}.` ones are checked by kind). */
function domainRules(): string[] {
  const dir = path.join(REPO_ROOT, 'libs/domain/src/issue');
  const rules = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(/reject\(\s*'([a-z_]+\.[a-z_]+)'/g)) rules.add(match[1]);
  }
  const transferRules = fs.readFileSync(path.join(REPO_ROOT, 'libs/domain/src/transfer-rules.ts'), 'utf8');
  for (const match of transferRules.matchAll(/rule: '([a-z_]+\.[a-z_]+)'/g)) rules.add(match[1]);
  return [...rules];
}

describe('refusals in words', () => {
  test('a rule of the workflow is said in Chinese, not as its code or the English detail', () => {
    const message = problemMessage(conflict('resolve.instruction_unacknowledged'), 'zh-CN');
    assert.equal(message, '请先确认领导批示，再办结。');
    assert.equal(
      problemMessage(conflict('extension.level_too_low'), 'en'),
      'Only a leader at the current escalation level or above may decide.',
    );
  });

  test('every rule the issue rules refuse with, apart from the internal ones, has a sentence in both languages', () => {
    const internal = /^(clocks|event|intake|recalendar)\./; // refusals only the workflow's own messages meet
    const missing = domainRules().filter((rule) => !internal.test(rule) && !RULE_MESSAGES[rule]);
    assert.deepEqual(missing, []);
    for (const [rule, text] of Object.entries(RULE_MESSAGES)) {
      assert.match(text['zh-CN'], /[\u4e00-\u9fff]/, `${rule} in Chinese`);
      assert.doesNotMatch(text.en, /[\u4e00-\u9fff]{3,}/, `${rule} in English`);
    }
  });

  test('a shared kind of refusal (`<what>.<kind>`) is said by its kind', () => {
    assert.equal(problemMessage(conflict('progress.no_task'), 'zh-CN'), '本部门在该问题上没有在办任务。');
    assert.equal(problemMessage(conflict('instruct.issue_not_open'), 'en'), 'The issue is not open.');
  });

  test('a 403 names no code', () => {
    const forbidden = problem('/problems/forbidden', 403, {
      rule: 'access.accept',
      detail: 'leader.construction (responsible_leader) may not accept',
    });
    assert.equal(problemMessage(forbidden, 'zh-CN'), '您无权进行此操作。');
  });

  test('a bad request names each field in words', () => {
    const invalid = problem('/problems/validation', 400, {
      detail: 'note: note must be longer than or equal to 1 characters',
      errors: [{ field: 'note', rule: 'isLength', message: 'note must be longer than or equal to 1 characters' }],
    });
    assert.equal(problemMessage(invalid, 'zh-CN'), '请检查：进展情况长度不符合要求。');
    assert.equal(problemMessage(invalid, 'en'), 'Check: note has the wrong length.');
  });

  test('by the problem type when there is no rule; the API detail when nothing is known', () => {
    assert.equal(problemMessage(problem('/problems/invalid-credentials', 401), 'zh-CN'), '用户名或密码不正确。');
    assert.equal(
      problemMessage(problem('/problems/service-unavailable', 503), 'en'),
      'The service is unavailable for now; retry shortly.',
    );
    assert.equal(problemMessage(conflict('something.new', 'the new rule says no'), 'zh-CN'), 'the new rule says no');
    assert.equal(problemMessage(problem('/problems/teapot', 418), 'zh-CN'), '操作失败（418）。');
  });

  test('a transfer sent to the dispatcher is a notice in words', () => {
    assert.equal(
      noticeMessage(
        { rule: 'transfer.back_to_previous_holder', message: 'publicity already held this issue' },
        'zh-CN',
      ),
      '该部门曾办理过此问题，已提交督查室裁定。',
    );
  });
});
