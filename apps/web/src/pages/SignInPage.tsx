// Sign-in. In demo mode the server lists the demo zone's people (GET /auth/demo-users) and the page offers them:
// a click fills the form. Test ids: `sign-in-username`, `sign-in-password`, `sign-in-submit`, `demo-user-<name>`.
import { useState } from 'react';
import { api } from '../api/endpoints';
import { useResource } from '../hooks/use-resource';
import { Alert, Button, Card, Collapse, Form, Input, Tag, Typography } from 'antd';
import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { labelOf, useI18n } from '../i18n/i18n';
import { homePageOf } from '../logic/issue-actions';
import { problemMessage } from '../logic/problems';

/** The roles in the order the demo list shows them, each person under their first role. */
const ROLE_ORDER = [
  'staff',
  'department_head',
  'responsible_leader',
  'zone_director',
  'party_secretary',
  'dispatcher',
  'reporter',
];

export function SignInPage() {
  const { t, lang, setLang } = useI18n();
  const { user, expired, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // in demo mode the server lists its demo people (and their password); otherwise the list is not shown
  const demo = useResource(() => api.demoUsers(), []);
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
        {demo.data?.demo && demo.data.users.length > 0 ? (
          <Collapse
            ghost
            defaultActiveKey={['demo']}
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'demo',
                label: t('signIn.demoHint'),
                children: (
                  <div className="demo-users">
                    <Typography.Paragraph type="secondary">
                      {t('signIn.demo', { password: demo.data.password ?? '' })}
                    </Typography.Paragraph>
                    {ROLE_ORDER.map((role) => {
                      const people = demo.data!.users.filter((person) => person.roles[0] === role);
                      if (people.length === 0) return null;
                      return (
                        <div key={role} style={{ marginBottom: 6 }}>
                          <Typography.Text strong>{labelOf(t, 'role', role)}：</Typography.Text>
                          <div>
                            {people.map((person) => (
                              <Tag
                                key={person.username}
                                data-testid={`demo-user-${person.username}`}
                                title={`${person.name}${person.title ? ` · ${person.title}` : ''}`}
                                onClick={() =>
                                  form.setFieldsValue({
                                    username: person.username,
                                    password: demo.data!.password ?? '',
                                  })
                                }
                              >
                                {person.username}
                              </Tag>
                            ))}
                          </div>
                        </div>
                      );
                    })}
                  </div>
                ),
              },
            ]}
          />
        ) : null}
      </Card>
    </div>
  );
}
