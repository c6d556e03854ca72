// An issue's actions for the signed-in person, from its detail: the facts (live or recorded) and the project's
// responsible leader, then the action panel.
import type { IssueDetail } from '../api/types';
import { useUser } from '../auth/session';
import { useDirectory } from '../hooks/use-directory';
import { useNow } from '../hooks/use-resource';
import { availableActions, issueFacts, type ActionName } from '../logic/issue-actions';
import { ActionPanel } from './ActionPanel';

export function IssueActions({
  detail,
  onDone,
  compact,
  only,
}: {
  detail: IssueDetail;
  onDone: () => void;
  compact?: boolean;
  /** show only these actions (an inbox offers those it is about) */
  only?: readonly ActionName[];
}) {
  const user = useUser();
  const now = useNow();
  const { projects } = useDirectory();
  const project = projects.find((p) => p.id === detail.projectId);
  // while the projects are not loaded the project's leader is not known: the API then decides
  const projectLeaderId = project ? (project.responsibleLeader?.id ?? null) : undefined;
  const facts = issueFacts(detail, projectLeaderId);
  const actions = availableActions(user, facts, now).filter((a) => !only || only.includes(a.action));
  return <ActionPanel issue={detail} facts={facts} actions={actions} onDone={onDone} compact={compact} />;
}
