import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IssueCommand, Recipient } from './issue';
import {
  directoryQuestions,
  escalationDetail,
  peopleFor,
  whoIsTold,
  type DirectoryPerson,
  type DirectorySnapshot,
} from './notices';
import { ACTIVE_TASK_STATUSES, ACTOR_ROLES, isActiveTask, TASK_STATUSES } from './vocabulary';

const people: DirectoryPerson[] = [
  { id: 'director', roles: ['zone_director'], department: 'leadership' },
  { id: 'dispatch_officer', roles: ['dispatcher'], department: 'dispatch' },
  { id: 'land_office_head', roles: ['department_head'], department: 'land_office' },
  { id: 'land_office_staff', roles: ['staff'], department: 'land_office' },
  { id: 'land_office_staff_2', roles: ['staff'], department: 'land_office' },
  { id: 'leader_construction', roles: ['responsible_leader'], department: 'leadership' },
  { id: 'leader_industry', roles: ['responsible_leader'], department: 'leadership' },
  { id: 'police_dispatcher', roles: ['dispatcher'], department: 'police' },
  { id: 'reporter_investor', roles: ['reporter'], department: null },
  { id: 'secretary', roles: ['party_secretary'], department: 'leadership' },
];

const directory = (changes: Partial<DirectorySnapshot> = {}): DirectorySnapshot => ({
  dispatchDepartment: 'dispatch',
  people,
  ...changes,
});

const escalated = (
  role: Extract<Recipient, { kind: 'leader' }>['role'],
  changes: Partial<Extract<IssueCommand, { type: 'escalated' }>> = {},
): IssueCommand => ({
  type: 'escalated',
  issueId: 'IS-1',
  taskId: 'task-1',
  department: 'land_office',
  level: 2,
  role,
  repeat: 0,
  kind: 'climbed',
  cause: 'accept',
  at: 1_000,
  ...changes,
});

const notify = (
  to: Recipient,
  topic: Extract<IssueCommand, { type: 'notify' }>['topic'] = 'task_assigned',
): IssueCommand => ({ type: 'notify', issueId: 'IS-1', to, topic, taskId: 'task-1' });

describe('who is told', () => {
  test("a department's staff, or its head", () => {
    assert.deepEqual(peopleFor({ kind: 'department', department: 'land_office', audience: 'staff' }, directory()), [
      'land_office_staff',
      'land_office_staff_2',
    ]);
    assert.deepEqual(peopleFor({ kind: 'department', department: 'land_office', audience: 'head' }, directory()), [
      'land_office_head',
    ]);
  });

  test("the dispatch department's people are its dispatchers, for its staff and its head alike", () => {
    assert.deepEqual(peopleFor({ kind: 'department', department: 'dispatch', audience: 'staff' }, directory()), [
      'dispatch_officer',
    ]);
    assert.deepEqual(peopleFor({ kind: 'leader', role: 'department_head', department: 'dispatch' }, directory()), [
      'dispatch_officer',
    ]);
    // another department with no one in the role reaches no one (the notice is kept for the department)
    assert.deepEqual(peopleFor({ kind: 'department', department: 'police', audience: 'staff' }, directory()), []);
  });

  test("a responsible leader is the project's own leader, and every responsible leader when the project names none", () => {
    const to: Recipient = { kind: 'leader', role: 'responsible_leader', department: 'land_office' };
    assert.deepEqual(peopleFor(to, directory({ projectLeader: 'leader_construction' })), ['leader_construction']);
    assert.deepEqual(peopleFor(to, directory()), ['leader_construction', 'leader_industry']);
  });

  test("the zone director and the party secretary are whoever holds the role; a department head is the stalled department's", () => {
    assert.deepEqual(
      peopleFor(
        { kind: 'leader', role: 'zone_director', department: 'land_office' },
        directory({ projectLeader: 'leader_construction' }),
      ),
      ['director'],
    );
    assert.deepEqual(peopleFor({ kind: 'leader', role: 'party_secretary', department: 'land_office' }, directory()), [
      'secretary',
    ]);
    assert.deepEqual(peopleFor({ kind: 'leader', role: 'department_head', department: 'land_office' }, directory()), [
      'land_office_head',
    ]);
  });

  test("the dispatcher: the named department's dispatchers, or every dispatcher when it has none", () => {
    assert.deepEqual(peopleFor({ kind: 'dispatcher', department: 'police' }, directory()), ['police_dispatcher']);
    assert.deepEqual(peopleFor({ kind: 'dispatcher', department: 'land_office' }, directory()), [
      'dispatch_officer',
      'police_dispatcher',
    ]);
  });

  test('the reporter, or a named person, while active (the directory holds active people only)', () => {
    assert.deepEqual(peopleFor({ kind: 'reporter', id: 'reporter_investor' }, directory()), ['reporter_investor']);
    assert.deepEqual(peopleFor({ kind: 'person', id: 'someone_gone' }, directory()), []);
  });

  test('an escalation step tells the leader it reaches, with its own topic and text, and records the same people', () => {
    const commands = [
      notify({ kind: 'department', department: 'land_office', audience: 'head' }, 'deadline_missed'),
      escalated('responsible_leader'),
    ];
    const told = whoIsTold(commands, directory({ projectLeader: 'leader_industry' }));
    assert.deepEqual(told.escalations, [{ commandIndex: 1, recipientIds: ['leader_industry'] }]);
    assert.deepEqual(told.notices, [
      {
        commandIndex: 0,
        personId: 'land_office_head',
        department: 'land_office',
        role: 'department_head',
        recipient: { kind: 'department', department: 'land_office', audience: 'head' },
        topic: 'deadline_missed',
        taskId: 'task-1',
      },
      {
        commandIndex: 1,
        personId: 'leader_industry',
        department: 'land_office',
        role: 'responsible_leader',
        recipient: { kind: 'leader', role: 'responsible_leader', department: 'land_office' },
        topic: 'escalated',
        taskId: 'task-1',
        detail: 'land_office: accept deadline missed, level 2 (responsible_leader)',
      },
    ]);
  });

  test('a repeated notice at the top says which repeat it is', () => {
    const command = escalated('zone_director', { kind: 'repeated', repeat: 2, level: 3, cause: 'handle' }) as Extract<
      IssueCommand,
      { type: 'escalated' }
    >;
    assert.equal(
      escalationDetail(command),
      'land_office: handle deadline missed, repeated notice 2 at level 3 (zone_director)',
    );
  });

  test('a notice no one could be found for is kept once, for the department and role it was meant for', () => {
    const told = whoIsTold([notify({ kind: 'department', department: 'police', audience: 'head' })], directory());
    assert.deepEqual(
      told.notices.map(({ personId, department, role }) => ({ personId, department, role })),
      [{ personId: null, department: 'police', role: 'department_head' }],
    );
    const top = whoIsTold([escalated('party_secretary')], directory({ people: [] }));
    assert.deepEqual(top.escalations, [{ commandIndex: 0, recipientIds: [] }]);
    assert.equal(top.notices.length, 1);
    assert.equal(top.notices[0].personId, null);
  });

  test('commands that tell no one produce nothing, and need no directory', () => {
    const commands: IssueCommand[] = [
      { type: 'schedule_timer', key: 'k', at: 5 },
      { type: 'record_event', issueId: 'IS-1', sequence: 1, name: 'issue_opened', at: 1 },
    ];
    assert.deepEqual(whoIsTold(commands, directory()), { notices: [], escalations: [] });
    assert.deepEqual(directoryQuestions(commands), { departments: [], roles: [], personIds: [], projectLeader: false });
  });

  test('the directory is asked for exactly the departments, roles and people the batch may reach', () => {
    const commands = [
      notify({ kind: 'department', department: 'land_office', audience: 'staff' }),
      notify({ kind: 'dispatcher', department: 'dispatch' }, 'dispatch_needed'),
      notify({ kind: 'reporter', id: 'reporter_investor' }, 'verification_requested'),
      escalated('department_head', { department: 'planning' }),
      escalated('responsible_leader'),
      escalated('zone_director'),
    ];
    assert.deepEqual(directoryQuestions(commands), {
      departments: ['land_office', 'dispatch', 'planning'],
      roles: ['dispatcher', 'responsible_leader', 'zone_director'],
      personIds: ['reporter_investor'],
      projectLeader: true,
    });
  });
});

describe('the closed lists of the domain', () => {
  test('roles and task statuses, with the active ones', () => {
    assert.deepEqual(
      [...ACTOR_ROLES],
      [
        'reporter',
        'staff',
        'department_head',
        'responsible_leader',
        'zone_director',
        'party_secretary',
        'dispatcher',
        'administrator',
      ],
    );
    assert.deepEqual([...ACTIVE_TASK_STATUSES], ['assigned', 'accepted']);
    assert.deepEqual(
      TASK_STATUSES.filter((status) => isActiveTask({ status })),
      ['assigned', 'accepted'],
    );
  });
});
