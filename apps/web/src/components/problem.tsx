// A refusal of the API shown as a sentence (never a code).
import { Alert, Button } from 'antd';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { problemMessage } from '../logic/problems';

export function ProblemAlert({ error, onRetry }: { error: ApiError | undefined; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="problem"
      title={problemMessage(error.problem, lang)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
