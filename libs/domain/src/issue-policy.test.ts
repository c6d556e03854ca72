import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ISSUE_CATEGORIES, RISK_LEVELS } from './issue-categories';
import { parseIssuePolicyDocument, PolicyValidationError, resolveIssuePolicy } from './issue-policy';
import { parseDuration } from './durations';
import { loadDefaultPolicies, loadTestPolicies, repositoryPolicyPath } from './testing/policy-fixtures';

/** A policy document as parsed JSON, which each case edits freely (and often wrongly, on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EditablePolicyJson = Record<string, any>;

function defaultDocument(): EditablePolicyJson {
  return JSON.parse(fs.readFileSync(repositoryPolicyPath('libs/domain/policies/default-policies.json'), 'utf8'));
}

/** Validates a changed copy of the default document and returns the problems, one "path: rule" each. */
function problemsAfter(change: (doc: EditablePolicyJson) => void): string[] {
  const doc = defaultDocument();
  change(doc);
  try {
    parseIssuePolicyDocument(doc);
  } catch (error) {
    assert.ok(error instanceof PolicyValidationError, String(error));
    return error.problems.map((p) => `${p.path}: ${p.rule}`);
  }
  return [];
}

function assertProblem(problems: string[], pathText: string, rulePattern: RegExp): void {
  const match = problems.find((p) => p.startsWith(`${pathText}: `));
  assert.ok(match, `expected a problem at ${pathText}, got:\n${problems.join('\n')}`);
  assert.match(match, rulePattern);
}

describe('policy files shipped with the product', () => {
  test('the default policies load and cover every category × risk level', () => {
    const doc = loadDefaultPolicies();
    for (const category of ISSUE_CATEGORIES)
      for (const risk of RISK_LEVELS) assert.ok(doc.policies[category][risk], `${category}.${risk}`);
    assert.equal(doc.petitionStatute.regulation, '信访工作条例 (2022)');
  });
  test('site obstruction and group petitions run round the clock in hours; permits in working days', () => {
    const doc = loadDefaultPolicies();
    for (const risk of RISK_LEVELS) assert.equal(doc.policies.site_obstruction[risk].clock, 'round_the_clock');
    assert.equal(doc.policies.petition.high.clock, 'round_the_clock');
    assert.equal(doc.policies.petition.critical.clock, 'round_the_clock');
    for (const risk of RISK_LEVELS) {
      const handle = parseDuration(doc.policies.permit[risk].handle);
      assert.ok(handle.ok && handle.duration.kind === 'working_days', `permit.${risk}.handle`);
    }
    assert.equal(doc.policies.land_acquisition.medium.handle, 'same-day');
  });
  test('higher risk never allows more time to accept on the same clock, and critical ladders are no slower than low', () => {
    const doc = loadDefaultPolicies();
    const critical = doc.policies.site_obstruction.critical;
    const low = doc.policies.site_obstruction.low;
    const ms = (text: string) => {
      const p = parseDuration(text);
      return p.ok && p.duration.kind === 'iso' ? p.duration.totalMs : NaN;
    };
    assert.ok(ms(critical.accept) < ms(low.accept));
    assert.ok(ms(critical.ladder[0].wait!) <= ms(low.ladder[0].wait!));
  });
  test('the test policies load and use seconds, round the clock', () => {
    const doc = loadTestPolicies();
    for (const category of ISSUE_CATEGORIES) {
      for (const risk of RISK_LEVELS) {
        const policy = doc.policies[category][risk];
        assert.equal(policy.clock, 'round_the_clock');
        const handle = parseDuration(policy.handle);
        assert.ok(handle.ok && handle.duration.kind === 'iso' && handle.duration.totalMs <= 10_000);
      }
    }
  });
  test('a policy resolved for an issue keeps the version and, for petitions only, the statute', () => {
    const doc = loadDefaultPolicies();
    const petition = resolveIssuePolicy(doc, 'petition', 'high');
    assert.equal(petition.version, doc.version);
    assert.ok(petition.petitionStatute);
    assert.equal(resolveIssuePolicy(doc, 'permit', 'low').petitionStatute, undefined);
    assert.equal(petition.dispatcher, 'dispatch');
  });
});

describe('policy validation names the path and the rule', () => {
  test('a ladder wait that is not a duration', () => {
    const problems = problemsAfter((doc) => (doc.policies.petition.high.ladder[1].wait = 'soon'));
    assertProblem(
      problems,
      'policies.petition.high.ladder[1].wait',
      /must be an ISO-8601 duration or a working-time expression/,
    );
  });
  test('every problem is reported at once, not only the first', () => {
    const problems = problemsAfter((doc) => {
      doc.policies.permit.low.accept = 'PT0S';
      doc.policies.funding.high.transferLimit = -1;
    });
    assertProblem(problems, 'policies.permit.low.accept', /more than zero/);
    assertProblem(problems, 'policies.funding.high.transferLimit', /whole number ≥ 0/);
  });
  test('a missing category and a missing risk level', () => {
    assertProblem(
      problemsAfter((doc) => delete doc.policies.utilities),
      'policies.utilities',
      /every category needs a policy/,
    );
    assertProblem(
      problemsAfter((doc) => delete doc.policies.permit.critical),
      'policies.permit.critical',
      /every category × risk level/,
    );
  });
  test('an unknown category or risk level', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.roads = {})),
      'policies.roads',
      /is not a category/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.urgent = doc.policies.permit.high)),
      'policies.permit.urgent',
      /is not a risk level/,
    );
  });
  test('an unknown setting (misspelt)', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.acept = 'PT1H')),
      'policies.permit.low.acept',
      /not a policy setting/,
    );
  });
  test('the clock must be working or round_the_clock', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.clock = 'office')),
      'policies.permit.low.clock',
      /"working" or "round_the_clock"/,
    );
  });
  test('a working-time expression on a round-the-clock policy', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.site_obstruction.high.handle = 'same-day')),
      'policies.site_obstruction.high.handle',
      /needs an ISO-8601 duration/,
    );
  });
  test('days written in ISO-8601 on a working-time policy', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.handle = 'P3D')),
      'policies.permit.low.handle',
      /write "N working days"/,
    );
  });
  test('years and months are refused', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.site_obstruction.low.verificationWindow = 'P1M')),
      'policies.site_obstruction.low.verificationWindow',
      /years and months are not allowed/,
    );
  });
  test('reminder points must be shares below 100% or amounts before the deadline', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.reminders = ['120%'])),
      'policies.permit.low.reminders[0]',
      /between 0% and 100%/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.reminders = ['at lunch'])),
      'policies.permit.low.reminders[0]',
      /share of the time/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.reminders = ['same-day before'])),
      'policies.permit.low.reminders[0]',
      /amount of time/,
    );
  });
  test('ladder roles must be known and only climb', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.ladder[0].role = 'mayor')),
      'policies.permit.low.ladder[0].role',
      /must be one of department_head/,
    );
    assertProblem(
      problemsAfter(
        (doc) =>
          (doc.policies.demolition.medium.ladder = [
            { role: 'zone_director', wait: 'PT1H' },
            { role: 'department_head' },
          ]),
      ),
      'policies.demolition.medium.ladder[1].role',
      /must be above the previous level zone_director/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.ladder = [])),
      'policies.permit.low.ladder',
      /at least one level/,
    );
  });
  test('every level but the top needs a wait; the top has none', () => {
    assertProblem(
      problemsAfter((doc) => delete doc.policies.permit.low.ladder[0].wait),
      'policies.permit.low.ladder[0].wait',
      /how long this level has/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.ladder[2].wait = '7 working hours')),
      'policies.permit.low.ladder[2].wait',
      /top level has no wait/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.ladder[0].wait = '2 working days')),
      'policies.permit.low.ladder[0].wait',
      /amount of time/,
    );
  });
  test('the top-level repeat count is bounded', () => {
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.topRepeat.count = 1000)),
      'policies.permit.low.topRepeat.count',
      /0 to 100/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.policies.permit.low.topRepeat = 3)),
      'policies.permit.low.topRepeat',
      /interval and count/,
    );
  });
  test('the version is required', () => {
    assertProblem(
      problemsAfter((doc) => delete doc.version),
      'version',
      /non-empty string/,
    );
  });
  test('calendar settings are checked with the document', () => {
    assertProblem(
      problemsAfter((doc) => (doc.calendar.overrides = [{ date: '2027-13-01', kind: 'holiday' }])),
      'calendar.overrides[0].date',
      /must be a date/,
    );
  });
  test('the petition statute names its regulation and uses durations', () => {
    assertProblem(
      problemsAfter((doc) => delete doc.petitionStatute.regulation),
      'petitionStatute.regulation',
      /must name the regulation/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.petitionStatute.conclude = '60 days')),
      'petitionStatute.conclude',
      /ISO-8601 duration/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.petitionStatute.maxExtensions = 1.5)),
      'petitionStatute.maxExtensions',
      /whole number/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.petitionStatute.lastDayOnDayOff = 'roll')),
      'petitionStatute.lastDayOnDayOff',
      /next_working_day/,
    );
  });
  test('routing rules use known categories and department codes, without duplicates', () => {
    assertProblem(
      problemsAfter((doc) => (doc.routing.rules[0].category = 'roads')),
      'routing.rules[0].category',
      /must be one of/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.routing.rules[0].lead = 'Land Office')),
      'routing.rules[0].lead',
      /department code/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.routing.rules[0].supporting = ['land_office'])),
      'routing.rules[0].supporting[0]',
      /must not repeat the lead/,
    );
    assertProblem(
      problemsAfter((doc) => doc.routing.rules.push({ category: 'permit', lead: 'planning' })),
      `routing.rules[${defaultDocument().routing.rules.length}]`,
      /duplicates an earlier rule/,
    );
    assertProblem(
      problemsAfter((doc) => (doc.routing.rules[0].lead = 'dispatch')),
      'routing.rules[0].lead',
      /must not be the dispatcher/,
    );
  });
  test('the error message lists each problem on its own line', () => {
    const doc = defaultDocument();
    doc.policies.permit.low.accept = 'tomorrow';
    assert.throws(
      () => parseIssuePolicyDocument(doc, 'policies.json'),
      /policies.json is invalid:\n {2}policies.permit.low.accept: must be an ISO-8601 duration or a working-time expression/,
    );
  });
});
