import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countTransfersByDepartment, judgeTransfer, TransferContext } from './transfer-rules';

const context = (changes: Partial<TransferContext> = {}): TransferContext => ({
  owner: 'utilities',
  heldBy: ['land_office', 'utilities'],
  transfersMade: 1,
  transferLimit: 2,
  dispatcher: 'dispatch',
  ownerNamedByDispatcher: false,
  awaitingDispatcher: false,
  ...changes,
});

describe('transfer rules', () => {
  test('a transfer to a new department within the limit is carried out', () => {
    assert.deepEqual(judgeTransfer(context(), { to: 'finance', reason: 'compensation funds' }), {
      verdict: 'transfer',
    });
  });
  test('A→B→A goes to the dispatcher', () => {
    const verdict = judgeTransfer(context(), { to: 'land_office', reason: 'land matter' });
    assert.equal(verdict.verdict, 'to_dispatcher');
    assert.equal(verdict.verdict === 'to_dispatcher' && verdict.rule, 'transfer.back_to_previous_holder');
    assert.match(verdict.verdict === 'to_dispatcher' ? verdict.message : '', /land_office → utilities → land_office/);
  });
  test('the transfer beyond the limit goes to the dispatcher; a limit of 0 allows none', () => {
    assert.equal(
      (judgeTransfer(context({ transfersMade: 2 }), { to: 'finance', reason: 'x' }) as { rule: string }).rule,
      'transfer.limit_reached',
    );
    assert.equal(
      (
        judgeTransfer(context({ transfersMade: 0, transferLimit: 0, heldBy: ['utilities'] }), {
          to: 'finance',
          reason: 'x',
        }) as { rule: string }
      ).rule,
      'transfer.limit_reached',
    );
  });
  test('a return to the dispatcher (退单) goes to the dispatcher', () => {
    assert.equal(
      (judgeTransfer(context(), { to: 'dispatch', reason: 'not ours' }) as { rule: string }).rule,
      'transfer.returned_to_dispatcher',
    );
  });
  test('refusals name their rule: reason, department, same owner, pending dispatch, final decision', () => {
    const rule = (ctx: TransferContext, request: { to: unknown; reason: unknown }) => {
      const verdict = judgeTransfer(ctx, request);
      return verdict.verdict === 'refused' ? verdict.rule : verdict.verdict;
    };
    assert.equal(rule(context(), { to: 'finance', reason: '  ' }), 'transfer.reason_required');
    assert.equal(rule(context(), { to: undefined, reason: 'x' }), 'transfer.department_required');
    assert.equal(rule(context(), { to: 'utilities', reason: 'x' }), 'transfer.same_department');
    assert.equal(
      rule(context({ awaitingDispatcher: true }), { to: 'finance', reason: 'x' }),
      'transfer.awaiting_dispatcher',
    );
    assert.equal(
      rule(context({ ownerNamedByDispatcher: true }), { to: 'finance', reason: 'x' }),
      'transfer.dispatcher_decision_final',
    );
    assert.equal(
      rule(context({ ownerNamedByDispatcher: true }), { to: 'dispatch', reason: 'x' }),
      'transfer.dispatcher_decision_final',
    );
  });
  test('transfers are counted against the department that made them', () => {
    const counts = countTransfersByDepartment([
      { from: 'land_office', to: 'utilities', reason: 'a', at: 1, by: 'x', outcome: 'transferred' },
      {
        from: 'utilities',
        to: 'land_office',
        reason: 'b',
        at: 2,
        by: 'y',
        outcome: 'sent_to_dispatcher',
        rule: 'transfer.back_to_previous_holder',
      },
      { from: 'utilities', to: 'finance', reason: 'c', at: 3, by: 'y', outcome: 'transferred' },
    ]);
    assert.deepEqual(counts, { land_office: 1, utilities: 2 });
  });
});
