import { Instant } from './columns';

/**
 * A task's deadlines: each task row holds its own, and the issue row repeats its lead task's (what lists sort and
 * filter by).
 */
export abstract class TaskDeadlines {
  /** the acceptance deadline (签收) */
  @Instant()
  acceptDue: Date;

  /** the current handling deadline; null until the handling clock starts (a transferred task: at acceptance) */
  @Instant({ nullable: true })
  handleDue: Date | null;

  /** the handling deadline before any extension, instruction or reopening moved it */
  @Instant({ nullable: true })
  handleDueOriginal: Date | null;
}
