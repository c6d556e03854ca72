// The frame of every page: the header (menu button on phones, bell, language, the person), the menu (a side bar
// on wide screens, a drawer on phones) and the page. Test ids: `nav-<page>` on the menu entries, `menu-button`,
// `language-switch`, `sign-out`.
import { Suspense, useState } from 'react';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Spin, Tooltip, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useUser } from '../auth/session';
import { CalendarBanner } from '../components/CalendarBanner';
import { NotificationBell } from '../components/NotificationBell';
import { useDirectory } from '../hooks/use-directory';
import { labelOf, useI18n } from '../i18n/i18n';
import { useLive } from '../live/live-events';
import { navFor } from './nav';

export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const user = useUser();
  const { signOut } = useSession();
  const { departmentName } = useDirectory();
  const { connected } = useLive();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg === true;
  const [drawer, setDrawer] = useState(false);
  const items = navFor(user);
  const selected = items.find((i) => location.pathname.startsWith(i.path))?.path;
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items.map((item) => ({
        key: item.path,
        label: <span data-testid={item.testId}>{t(item.label)}</span>,
      }))}
      onClick={({ key }) => {
        setDrawer(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 'none', fontSize: 15 }}
    />
  );
  const who = `${user.name} · ${user.roles.map((r) => labelOf(t, 'role', r)).join('、')}`;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header">
        {!wide ? (
          <Button
            type="text"
            size="large"
            icon={<MenuOutlined style={{ color: '#fff', fontSize: 20 }} />}
            aria-label={t('app.menu')}
            data-testid="menu-button"
            onClick={() => setDrawer(true)}
          />
        ) : null}
        <div className="app-brand" onClick={() => navigate('/')}>
          <span className="app-brand-name">{t('app.name')}</span>
          {screens.sm ? <span className="app-brand-title">{t('app.title')}</span> : null}
        </div>
        <div className="app-header-right">
          <Tooltip title={connected ? t('app.live.on') : t('app.live.off')}>
            <span
              className={`live-dot ${connected ? 'on' : ''}`}
              data-testid="live-status"
              data-connected={connected}
            />
          </Tooltip>
          <NotificationBell />
          <Button
            type="text"
            size="large"
            className="header-button"
            icon={<TranslationOutlined />}
            data-testid="language-switch"
            onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
          >
            {screens.md ? t('app.language') : null}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'who', label: who, disabled: true },
                ...(user.departmentId
                  ? [{ key: 'department', label: departmentName(user.departmentId), disabled: true }]
                  : []),
                { type: 'divider' as const },
                {
                  key: 'sign-out',
                  icon: <LogoutOutlined />,
                  label: <span data-testid="sign-out">{t('nav.signOut')}</span>,
                },
              ],
              onClick: ({ key }) => {
                if (key === 'sign-out') {
                  signOut();
                  navigate('/sign-in');
                }
              },
            }}
          >
            <Button type="text" size="large" className="header-button" icon={<UserOutlined />} data-testid="user-menu">
              {screens.md ? user.name : null}
            </Button>
          </Dropdown>
        </div>
      </Layout.Header>
      <Layout>
        {wide ? (
          <Layout.Sider width={200} theme="light" className="app-sider">
            {menu}
          </Layout.Sider>
        ) : (
          <Drawer
            open={drawer}
            placement="left"
            size={260}
            onClose={() => setDrawer(false)}
            title={
              <Typography.Text strong ellipsis>
                {who}
              </Typography.Text>
            }
            styles={{ body: { padding: 0 } }}
          >
            {menu}
          </Drawer>
        )}
        <Layout.Content className="app-content">
          {user.roles.every((r) => r === 'reporter') ? null : <CalendarBanner />}
          <Suspense fallback={<Spin size="large" className="page-spin" />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
