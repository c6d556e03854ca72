// 报告新问题: a reporter (or the dispatcher, or a department) files a blocking issue. The form makes one
// Idempotency-Key when it opens and sends it with every submission, so a double click or a retry after a network
// failure files one issue; the button is disabled while sending. Test ids: `intake-form`, `field-<name>`,
// `intake-submit`.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApiError, newIdempotencyKey } from '../api/client';
import { api } from '../api/endpoints';
import { ISSUE_CATEGORIES, RISK_LEVELS, type IntakeRequest } from '../api/types';
import { SelectField } from '../components/form-fields';
import { PageTitle } from '../components/page';
import { useDirectory } from '../hooks/use-directory';
import { choicesOf, useI18n } from '../i18n/i18n';
import { problemMessage } from '../logic/problems';

export default function NewIssuePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { projects } = useDirectory();
  const navigate = useNavigate();
  const [form] = Form.useForm<IntakeRequest>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = [{ required: true, whitespace: true, message: t('form.required') }];

  const submit = async (values: IntakeRequest) => {
    if (sending) return;
    setSending(true);
    setError(null);
    try {
      const body: IntakeRequest = {
        projectId: values.projectId,
        category: values.category,
        risk: values.risk,
        title: values.title.trim(),
        description: values.description.trim(),
        ...(values.location?.trim() ? { location: values.location.trim() } : {}),
      };
      const { status, body: answer } = await api.fileIssue(body, idempotencyKey);
      message.success(
        status === 202 ? t('reporter.registering', { id: answer.id }) : t('reporter.filed', { id: answer.id }),
      );
      navigate(`/issues/${encodeURIComponent(answer.id)}`, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? problemMessage(e.problem, lang) : String(e));
      setSending(false);
    }
  };

  return (
    <div data-testid="new-issue-page">
      <PageTitle title={t('reporter.newTitle')} />
      <Card style={{ maxWidth: 720 }}>
        <Form<IntakeRequest>
          form={form}
          layout="vertical"
          onFinish={submit}
          disabled={sending}
          initialValues={{ risk: 'medium' }}
          data-testid="intake-form"
        >
          <SelectField
            name="projectId"
            label={t('reporter.project')}
            options={projects.map((p) => ({ value: p.id, label: `${p.name}（${p.id}）` }))}
            searchable
            required
            size="large"
          />
          <SelectField
            name="category"
            label={t('reporter.category')}
            options={choicesOf(t, 'category', ISSUE_CATEGORIES)}
            required
            size="large"
          />
          <SelectField
            name="risk"
            label={t('reporter.risk')}
            options={choicesOf(t, 'risk', RISK_LEVELS)}
            required
            size="large"
          />
          <Form.Item name="title" label={t('reporter.issueTitle')} rules={required}>
            <Input size="large" maxLength={200} showCount data-testid="field-title" />
          </Form.Item>
          <Form.Item name="description" label={t('reporter.description')} rules={required}>
            <Input.TextArea rows={5} maxLength={4000} showCount data-testid="field-description" />
          </Form.Item>
          <Form.Item name="location" label={t('reporter.location')}>
            <Input size="large" maxLength={300} data-testid="field-location" />
          </Form.Item>
          {error ? (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="intake-error" />
          ) : null}
          <Button type="primary" htmlType="submit" size="large" block loading={sending} data-testid="intake-submit">
            {t('app.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
