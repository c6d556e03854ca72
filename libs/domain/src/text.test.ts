import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarOf, prepareIntake, type IssueSubmission } from './issue-intake';
import { loadDefaultPolicies } from './testing/policy-fixtures';
import { keepsTextRule, TEXT_RULE, textKindOf, textProblem, textViolationIn } from './text';

describe('the text rule', () => {
  test('NUL, an unpaired surrogate and control characters are refused in any text; pairs, scripts and emoji are kept', () => {
    for (const [text, problem] of [
      ['a\u0000b', 'must not contain NUL (U+0000)'],
      ['\ud800', 'must not contain an unpaired surrogate (U+D800)'],
      ['x\udc00y', 'must not contain an unpaired surrogate (U+DC00)'],
      ['😀\ud83d', 'must not contain an unpaired surrogate (U+D83D)'],
      ['a\u001bb', 'must not contain the control character U+001B'],
      ['\u007f', 'must not contain the control character U+007F'],
      ['\u0085', 'must not contain the control character U+0085'],
      ['é\u0094®', 'must not contain the control character U+0094'],
    ] as const) {
      assert.equal(textProblem(text, 'single_line'), problem, JSON.stringify(text));
      assert.equal(textProblem(text, 'multi_line'), problem, JSON.stringify(text));
    }
    for (const text of ['', '高新大道K2+300段征地补偿争议', '😀👍🏽', 'مرحبا بالعالم', '\u202eabc', 'a b', 'Ünïcödé'])
      assert.ok(keepsTextRule(text, 'single_line') && keepsTextRule(text, 'multi_line'), JSON.stringify(text));
  });

  test('tab and line breaks only in multi-line text (descriptions, notes, reasons, instructions)', () => {
    for (const text of ['第一行\n第二行', 'a\r\nb', 'a\tb', 'a\u2028b', 'a\u2029b']) {
      assert.equal(textProblem(text, 'multi_line'), undefined, JSON.stringify(text));
      assert.match(textProblem(text, 'single_line') ?? '', /^must be a single line/, JSON.stringify(text));
    }
    for (const field of ['description', 'note', 'reason', 'text']) assert.equal(textKindOf(field), 'multi_line');
    for (const field of ['title', 'id', 'projectId', 'username', 'q', 'location'])
      assert.equal(textKindOf(field), 'single_line');
  });

  test('textViolationIn finds the first bad text at any depth and names where it is', () => {
    assert.equal(textViolationIn({ by: { id: 'u', role: 'staff' }, note: '一\n二\t三' }), undefined);
    assert.deepEqual(textViolationIn({ by: { id: 'u', role: 'staff' }, note: 'a\u0000b' }), {
      field: 'note',
      rule: TEXT_RULE,
      message: 'note must not contain NUL (U+0000)',
    });
    assert.equal(textViolationIn({ by: { id: 'a\u0000', role: 'staff' } })?.field, 'by.id');
    assert.equal(textViolationIn({ departments: ['finance', 'plan\nning'] })?.field, 'departments[1]');
    assert.equal(textViolationIn({ reason: ['a\nb'] }), undefined, 'an array under a multi-line name is multi-line');
    assert.equal(textViolationIn({ title: 'a\nb' })?.field, 'title');
    assert.deepEqual(textViolationIn({ 'x\u0000': 1 }), {
      field: 'x\u0000',
      rule: TEXT_RULE,
      message: "a field's name must not contain NUL (U+0000)",
    });
    assert.equal(textViolationIn('\ud800')?.field, '(value)');
    assert.equal(textViolationIn([1, null, true, { n: 2 }]), undefined);
  });

  test('intake refuses a submission with bad text anywhere (description, title, attachments, reporter) before any event exists', () => {
    const document = loadDefaultPolicies();
    const calendar = calendarOf(document);
    const submission = {
      issueId: 'issue-1',
      projectId: 'GX-ROAD-01',
      category: 'permit' as const,
      risk: 'low' as const,
      description: '第一行\n第二行',
      title: '施工许可',
      attachments: ['files/a.jpg'],
      reporter: { id: 'reporter_investor' },
      receivedAt: Date.UTC(2025, 8, 16, 2),
    };
    assert.equal(prepareIntake(document, calendar, submission).type, 'intake');
    const bad: Array<[Partial<IssueSubmission>, string]> = [
      [{ description: 'a\u0000b' }, 'description'],
      [{ title: 'a\nb' }, 'title'],
      [{ attachments: ['ok', '\ud800'] }, 'attachments[1]'],
      [{ reporter: { id: 'r\u0000' } }, 'reporter.id'],
      [{ projectId: 'GX\u0000' }, 'projectId'],
    ];
    for (const [patch, field] of bad) {
      assert.throws(
        () => prepareIntake(document, calendar, { ...submission, ...patch }),
        new RegExp(`^Error: ${TEXT_RULE.replace('.', '\\.')}: ${field.replace(/[.[\]]/g, '\\$&')} must`),
      );
    }
  });
});
