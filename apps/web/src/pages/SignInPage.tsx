// Sign-in. The API lists no users, so the demo zone's documented usernames (README, "Demo users") are offered as a
// hint: a click fills the form. Test ids: `sign-in-username`, `sign-in-password`, `sign-in-submit`, `demo-user-<name>`.
import { useState } from 'react';
import { Alert, Button, Card, Collapse, Form, Input, Tag, Typography } from 'antd';
import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { labelOf, useI18n } from '../i18n/i18n';
import { homePageOf } from '../logic/issue-actions';
import { problemMessage } from '../logic/problems';

const DEPARTMENTS = [
  'land_office',
  'planning',
  'approval',
  'petition_office',
  'enforcement',
  'police',
  'publicity',
  'finance',
  'utilities',
  'economic',
];

/** The demo zone's people (README), by the role they try the console in. */
const DEMO_USERS: Array<{ role: string; usernames: string[] }> = [
  { role: 'staff', usernames: DEPARTMENTS.map((d) => `${d}.staff`) },
  { role: 'department_head', usernames: DEPARTMENTS.map((d) => `${d}.head`) },
  { role: 'responsible_leader', usernames: ['leader.construction', 'leader.industry', 'leader.stability'] },
  { role: 'zone_director', usernames: ['director'] },
  { role: 'party_secretary', usernames: ['secretary'] },
  { role: 'dispatcher', usernames: ['dispatcher'] },
  { role: 'reporter', usernames: ['reporter.investor', 'reporter.contractor', 'reporter.taskforce'] },
];
const DEMO_PASSWORD = 'unblock-demo';

export function SignInPage() {
  const { t, lang, setLang } = useI18n();
  const { user, expired, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (user) return <Navigate to="/" replace />;
  const from = (location.state as { from?: string } | null)?.from;

  const submit = async (values: { username: string; password: string }) => {
    setSending(true);
    setError(null);
    try {
      const signed = await signIn(values.username.trim(), values.password);
      navigate(from && from !== '/sign-in' ? from : `/${homePageOf(signed)}`, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? problemMessage(e.problem, lang) : String(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="sign-in">
      <Card className="sign-in-card" data-testid="sign-in">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')} · {t('signIn.title')}
          </Typography.Title>
          <Button
            icon={<TranslationOutlined />}
            data-testid="language-switch"
            onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
          >
            {t('app.language')}
          </Button>
        </div>
        <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
        {expired ? <Alert type="warning" showIcon title={t('signIn.expired')} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical" onFinish={submit} disabled={sending} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[
              { required: true, whitespace: true, message: t('signIn.required', { field: t('signIn.username') }) },
            ]}
          >
            <Input size="large" prefix={<UserOutlined />} autoComplete="username" data-testid="sign-in-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.required', { field: t('signIn.password') }) }]}
          >
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="sign-in-password"
            />
          </Form.Item>
          {error ? (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="sign-in-error" />
          ) : null}
          <Button type="primary" htmlType="submit" size="large" block loading={sending} data-testid="sign-in-submit">
            {t('signIn.submit')}
          </Button>
        </Form>
        <Collapse
          ghost
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'demo',
              label: t('signIn.demoHint'),
              children: (
                <div className="demo-users">
                  <Typography.Paragraph type="secondary">{t('signIn.demo')}</Typography.Paragraph>
                  {DEMO_USERS.map((group) => (
                    <div key={group.role} style={{ marginBottom: 6 }}>
                      <Typography.Text strong>{labelOf(t, 'role', group.role)}：</Typography.Text>
                      <div>
                        {group.usernames.map((username) => (
                          <Tag
                            key={username}
                            data-testid={`demo-user-${username}`}
                            onClick={() => form.setFieldsValue({ username, password: DEMO_PASSWORD })}
                          >
                            {username}
                          </Tag>
                        ))}
                      </div>
                    </div>
                  ))}
                </div>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
