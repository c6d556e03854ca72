import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ISSUE_CATEGORIES } from './issue-categories';
import { routeIssue, RoutingRules } from './routing';
import { loadDefaultPolicies } from './testing/policy-fixtures';

const rules: RoutingRules = {
  dispatcher: 'dispatch',
  rules: [
    { category: 'permit', lead: 'approval', supporting: ['planning'] },
    { category: 'permit', project: 'plant-20', lead: 'economic', supporting: ['approval'] },
    { category: 'demolition', lead: 'land_office', supporting: ['enforcement', 'petition_office'] },
  ],
};

describe('routing', () => {
  test('a category rule gives the lead and supporting departments', () => {
    assert.deepEqual(routeIssue(rules, { category: 'demolition', projectId: 'road-8' }), {
      kind: 'assigned',
      lead: 'land_office',
      supporting: ['enforcement', 'petition_office'],
      rule: 2,
      matchedProject: false,
    });
  });
  test('a rule for the project wins over the category rule, whatever their order', () => {
    const decision = routeIssue(rules, { category: 'permit', projectId: 'plant-20' });
    assert.equal(decision.kind === 'assigned' && decision.lead, 'economic');
    assert.equal(decision.kind === 'assigned' && decision.matchedProject, true);
    const other = routeIssue(rules, { category: 'permit', projectId: 'plant-21' });
    assert.equal(other.kind === 'assigned' && other.lead, 'approval');
  });
  test('an issue no rule covers goes to the dispatcher', () => {
    assert.deepEqual(routeIssue(rules, { category: 'funding', projectId: 'x' }), {
      kind: 'to_dispatcher',
      dispatcher: 'dispatch',
      reason: 'no_rule',
    });
  });
  test('the default rules route every category except "other", which goes to the dispatcher', () => {
    const doc = loadDefaultPolicies();
    for (const category of ISSUE_CATEGORIES.filter((category) => category !== 'other')) {
      assert.equal(routeIssue(doc.routing, { category, projectId: 'p' }).kind, 'assigned', category);
    }
    assert.equal(routeIssue(doc.routing, { category: 'other', projectId: 'p' }).kind, 'to_dispatcher');
    const obstruction = routeIssue(doc.routing, { category: 'site_obstruction', projectId: 'p' });
    assert.deepEqual(obstruction.kind === 'assigned' && [obstruction.lead, ...obstruction.supporting], [
      'enforcement',
      'police',
    ]);
  });
});
