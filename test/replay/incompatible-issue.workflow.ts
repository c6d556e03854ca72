// Test fixture: an issue workflow changed incompatibly (it no longer prepares the intake first), used to show
// that the replay check fails when committed histories no longer replay.
import { sleep } from '@temporalio/workflow';

export async function issueWorkflow(): Promise<void> {
  await sleep('1 day');
}
