import { Context } from '@temporalio/activity';

/**
 * Runs `work`, heartbeating every second while it runs when called as an activity: a worker that dies mid-work is
 * noticed within the heartbeat timeout, not after the whole start-to-close timeout.
 */
export async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return work(); // called directly, not as an activity
  }
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), 1_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
