// The actions the signed-in person may take on an issue now (logic/issue-actions.ts), each a button opening its
// form; a refusal is shown as the rule's sentence. Test ids: `action-<name>` on each button (with data-task-id /
// data-instruction-id when it is about one), `action-form-<name>` on the dialog, `field-<name>` on its fields,
// `action-submit` on its submit button.
import { lazy, Suspense, useState } from 'react';
import { Button, Space, Typography } from 'antd';
import type { IssueDetail } from '../api/types';
import { useDirectory } from '../hooks/use-directory';
import { useI18n } from '../i18n/i18n';
import type { ActionName, IssueFacts, OfferedAction } from '../logic/issue-actions';

const loadDialog = () => import('./ActionDialog');
const ActionDialog = lazy(loadDialog);
/** The forms are fetched once the page has shown its actions, so that the first click opens one at once. */
let dialogPrefetched = false;
function prefetchDialog(): void {
  if (dialogPrefetched) return;
  dialogPrefetched = true;
  setTimeout(() => void loadDialog().catch(() => (dialogPrefetched = false)), 200);
}

const PRIMARY: ReadonlySet<ActionName> = new Set([
  'accept',
  'resolve',
  'route',
  'verify',
  'grantExtension',
  'acknowledge',
]);
const DANGER: ReadonlySet<ActionName> = new Set(['withdraw', 'refuseExtension']);

export function ActionPanel({
  issue,
  facts,
  actions,
  onDone,
  compact = false,
}: {
  issue: Pick<IssueDetail, 'id' | 'instructions' | 'tasks'>;
  facts: IssueFacts;
  actions: OfferedAction[];
  onDone: () => void;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const { departmentName } = useDirectory();
  const [open, setOpen] = useState<OfferedAction | null>(null);
  if (actions.length > 0) prefetchDialog();
  if (actions.length === 0)
    return compact ? null : <Typography.Text type="secondary">{t('action.none')}</Typography.Text>;
  const taskDepartment = (taskId?: string) => {
    const task = facts.tasks.find((x) => x.id === taskId);
    return task ? departmentName(task.department) : '';
  };
  const several = (action: ActionName) => actions.filter((a) => a.action === action).length > 1;
  return (
    <>
      <Space wrap size={[8, 8]} className="action-panel">
        {actions.map((offered) => (
          <Button
            key={`${offered.action}:${offered.taskId ?? ''}:${offered.instructionId ?? ''}`}
            type={PRIMARY.has(offered.action) ? 'primary' : 'default'}
            danger={DANGER.has(offered.action)}
            size={compact ? 'middle' : 'large'}
            data-testid={`action-${offered.action}`}
            data-task-id={offered.taskId}
            data-instruction-id={offered.instructionId}
            onClick={(event) => {
              event.stopPropagation();
              setOpen(offered);
            }}
          >
            {t(`action.${offered.action}`)}
            {several(offered.action) && offered.taskId
              ? t('action.forTask', { department: taskDepartment(offered.taskId) })
              : ''}
          </Button>
        ))}
      </Space>
      {open ? (
        <Suspense fallback={null}>
          <ActionDialog
            key={`${open.action}:${open.taskId ?? ''}`}
            issue={issue}
            facts={facts}
            offered={open}
            onClose={() => setOpen(null)}
            onDone={() => {
              setOpen(null);
              onDone();
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}
