// 通知渠道 (administrators): the channels notices go out on beyond the inbox — kind, name, whom they belong to,
// enabled or not, quiet hours, the limit, the deliveries by status, the endpoint by its last four characters
// (never a URL or a secret: the API does not return them) — filtered by kind and department (in the URL). 新增渠道
// opens the form; per channel: 发送测试消息 (queued, then the delivery's status as the courier reports it),
// 停用/启用, 删除 (confirmed). A table on wide screens, a card per channel on phones.
// Test ids: `channels-page`, `channel-create`, `filter-kind`, `filter-department`, `channel-row` (data-channel-id,
// data-enabled), `channel-test`, `channel-test-status` (data-status), `channel-toggle`, `channel-delete`,
// `channel-delete-confirm`.
import { useEffect, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';
import { App, Button, Card, Grid, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import {
  CHANNEL_KINDS,
  DELIVERY_STATUSES,
  type ChannelKind,
  type Delivery,
  type NoticeChannel,
  type TestDelivery,
} from '../api/types';
import { ChannelForm } from '../components/ChannelForm';
import { ChannelKindTag, DELIVERY_STATUS_COLOURS } from '../components/notice-labels';
import { ListState, PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useDirectory } from '../hooks/use-directory';
import { useResource } from '../hooks/use-resource';
import { choicesOf, labelOf, useI18n, type Translate } from '../i18n/i18n';
import { deliveryResult, isSettled } from '../logic/deliveries';
import { problemMessage } from '../logic/problems';
import { formatZoneTime } from '../logic/time';

/** How often, and how many times, a test message's delivery is read again until it settles. */
const TEST_POLL_MS = 1_500;
const TEST_POLLS = 20;

type TestState = Pick<Delivery, 'status'> & Partial<Pick<Delivery, 'attempts' | 'lastStatus' | 'lastError'>>;

export default function ChannelsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { departments, departmentName } = useDirectory();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg === true;
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') as ChannelKind | null) ?? undefined;
  const departmentId = params.get('department') ?? undefined;
  const channels = useResource((signal) => api.channels({ kind, departmentId }, signal), [kind, departmentId]);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const [people, setPeople] = useState<Record<string, string>>({});
  const polls = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const timers = polls.current;
    return () => timers.forEach((timer) => clearTimeout(timer));
  }, []);

  // the names of the people channels belong to (the API reads channels by person id)
  const items = channels.data?.items ?? [];
  const personIds = [...new Set(items.map((c) => c.personId).filter((id): id is string => !!id))].sort().join(',');
  useEffect(() => {
    const missing = personIds.split(',').filter((id) => id && !(id in people));
    if (!missing.length) return;
    const controller = new AbortController();
    void Promise.all(
      missing.map((id) =>
        api
          .personContacts(id, controller.signal)
          .then((contacts) => [id, contacts.name] as const)
          .catch(() => [id, id] as const),
      ),
    ).then((found) => {
      if (!controller.signal.aborted) setPeople((current) => ({ ...current, ...Object.fromEntries(found) }));
    });
    return () => controller.abort();
  }, [personIds]);

  const setFilter = (name: 'kind' | 'department', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const refused = (error: unknown) =>
    message.error(error instanceof ApiError ? problemMessage(error.problem, lang) : String(error));
  const withBusy = async (id: string, work: () => Promise<void>) => {
    setBusy((b) => ({ ...b, [id]: true }));
    try {
      await work();
    } catch (error) {
      refused(error);
    } finally {
      setBusy((b) => ({ ...b, [id]: false }));
    }
  };

  /** Follows a test message's delivery until it settles (or a while has passed), then reads the channels again. */
  const follow = (channelId: string, delivery: TestDelivery, left = TEST_POLLS) => {
    const timer = setTimeout(() => {
      polls.current.delete(timer);
      api
        .delivery(delivery.id)
        .then((found) => {
          setTests((current) => ({ ...current, [channelId]: found }));
          if (!isSettled(found.status) && left > 1) follow(channelId, delivery, left - 1);
          else channels.reload();
        })
        .catch(() => channels.reload());
    }, TEST_POLL_MS);
    polls.current.add(timer);
  };

  const sendTest = (channel: NoticeChannel) =>
    withBusy(`test:${channel.id}`, async () => {
      try {
        const delivery = await api.testChannel(channel.id);
        message.success(t('channels.testQueued'));
        setTests((current) => ({ ...current, [channel.id]: { status: delivery.status } }));
        follow(channel.id, delivery);
      } catch (error) {
        if (error instanceof ApiError && error.problem.rule === 'channel.disabled') {
          message.warning(t('channels.testDisabled'));
          return;
        }
        throw error;
      }
    });

  const toggle = (channel: NoticeChannel) =>
    withBusy(`toggle:${channel.id}`, async () => {
      const changed = await api.updateChannel(channel.id, { enabled: !channel.enabled });
      message.success(t(changed.enabled ? 'channels.enabledDone' : 'channels.disabledDone', { name: changed.name }));
      channels.reload();
    });

  const remove = (channel: NoticeChannel) =>
    withBusy(`delete:${channel.id}`, async () => {
      await api.deleteChannel(channel.id);
      message.success(t('channels.deleted', { name: channel.name }));
      channels.reload();
    });

  const owner = (channel: NoticeChannel): ReactNode =>
    channel.departmentId ? (
      departmentName(channel.departmentId)
    ) : channel.personId ? (
      t('channels.ownerPerson', { id: people[channel.personId] ?? channel.personId })
    ) : (
      <Typography.Text type="secondary">{t('channels.ownerZone')}</Typography.Text>
    );

  const actions = (channel: NoticeChannel) => (
    <div className="channel-actions">
      <Space wrap size={[4, 4]}>
        <Tooltip title={channel.enabled ? undefined : t('channels.testDisabled')}>
          <Button
            size="small"
            icon={<SendOutlined />}
            disabled={!channel.enabled}
            loading={busy[`test:${channel.id}`]}
            onClick={() => void sendTest(channel)}
            data-testid="channel-test"
          >
            {t('channels.test')}
          </Button>
        </Tooltip>
        <Button
          size="small"
          icon={channel.enabled ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
          loading={busy[`toggle:${channel.id}`]}
          onClick={() => void toggle(channel)}
          data-testid="channel-toggle"
        >
          {channel.enabled ? t('channels.disable') : t('channels.enable')}
        </Button>
        <Popconfirm
          title={t('channels.deleteConfirm', { name: channel.name })}
          description={t('channels.deleteHint')}
          okText={t('channels.delete')}
          cancelText={t('app.cancel')}
          okButtonProps={{ danger: true, ...({ 'data-testid': 'channel-delete-confirm' } as Record<string, string>) }}
          onConfirm={() => remove(channel)}
        >
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            loading={busy[`delete:${channel.id}`]}
            data-testid="channel-delete"
          >
            {t('channels.delete')}
          </Button>
        </Popconfirm>
      </Space>
      <TestResult test={tests[channel.id]} t={t} />
    </div>
  );

  const columns = [
    {
      title: t('channels.name'),
      key: 'name',
      render: (_: unknown, c: NoticeChannel) => (
        <>
          <Typography.Text strong className="wrap-anywhere">
            {c.name}
          </Typography.Text>
          <div>
            <ChannelKindTag kind={c.kind} />
          </div>
        </>
      ),
    },
    { title: t('channels.owner'), key: 'owner', render: (_: unknown, c: NoticeChannel) => owner(c) },
    {
      title: t('channels.status'),
      key: 'status',
      render: (_: unknown, c: NoticeChannel) => <EnabledTag channel={c} t={t} />,
    },
    {
      title: t('channels.quietHours'),
      key: 'quiet',
      render: (_: unknown, c: NoticeChannel) => <QuietHours channel={c} t={t} />,
    },
    {
      title: t('channels.limit'),
      key: 'limit',
      render: (_: unknown, c: NoticeChannel) => <Limit channel={c} t={t} />,
    },
    {
      title: t('channels.deliveries'),
      key: 'deliveries',
      render: (_: unknown, c: NoticeChannel) => <Counts channel={c} t={t} />,
    },
    {
      title: t('channels.endpoint'),
      key: 'endpoint',
      render: (_: unknown, c: NoticeChannel) => <Endpoint channel={c} t={t} />,
    },
    { title: t('channels.actions'), key: 'actions', width: 330, render: (_: unknown, c: NoticeChannel) => actions(c) },
  ];

  return (
    <div data-testid="channels-page">
      <PageTitle title={t('channels.title')}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="channel-create">
          {t('channels.create')}
        </Button>
      </PageTitle>
      <Typography.Paragraph type="secondary">{t('channels.intro')}</Typography.Paragraph>
      <div className="filters">
        <Select
          allowClear
          placeholder={t('channels.filterKind')}
          value={kind}
          onChange={(v?: string) => setFilter('kind', v)}
          options={choicesOf(t, 'channelKind', CHANNEL_KINDS)}
          style={{ width: 150 }}
          data-testid="filter-kind"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('channels.filterDepartment')}
          value={departmentId}
          onChange={(v?: string) => setFilter('department', v)}
          options={departments.map((d) => ({ value: d.id, label: lang === 'zh-CN' ? d.name : d.nameEn }))}
          style={{ width: 200 }}
          data-testid="filter-department"
        />
      </div>
      <ProblemAlert error={channels.error} onRetry={channels.reload} />
      {wide ? (
        <Table<NoticeChannel>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={channels.loading && !channels.data}
          pagination={false}
          locale={{ emptyText: t('channels.empty') }}
          onRow={(c) =>
            ({
              'data-testid': 'channel-row',
              'data-channel-id': c.id,
              'data-enabled': String(c.enabled),
            }) as HTMLAttributes<HTMLElement>
          }
        />
      ) : (
        <>
          <ListState
            loading={channels.loading && !channels.data}
            empty={!!channels.data && items.length === 0}
            description={t('channels.empty')}
          />
          {items.map((c) => (
            <Card
              key={c.id}
              size="small"
              className="item-card channel-card"
              style={{ borderLeftColor: c.enabled ? '#1677ff' : '#d9d9d9' }}
              data-testid="channel-row"
              data-channel-id={c.id}
              data-enabled={String(c.enabled)}
            >
              <div className="channel-card-head">
                <span className="item-card-title">{c.name}</span>
                <span>
                  <ChannelKindTag kind={c.kind} />
                  <EnabledTag channel={c} t={t} />
                </span>
              </div>
              <dl className="channel-facts">
                <dt>{t('channels.owner')}</dt>
                <dd>{owner(c)}</dd>
                <dt>{t('channels.endpoint')}</dt>
                <dd>
                  <Endpoint channel={c} t={t} />
                </dd>
                <dt>{t('channels.quietHours')}</dt>
                <dd>
                  <QuietHours channel={c} t={t} />
                </dd>
                <dt>{t('channels.limit')}</dt>
                <dd>
                  <Limit channel={c} t={t} />
                </dd>
                <dt>{t('channels.deliveries')}</dt>
                <dd>
                  <Counts channel={c} t={t} />
                </dd>
              </dl>
              {actions(c)}
            </Card>
          ))}
        </>
      )}
      <ChannelForm
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          channels.reload();
        }}
      />
    </div>
  );
}

function EnabledTag({ channel, t }: { channel: NoticeChannel; t: Translate }) {
  return channel.enabled ? (
    <Tag color="success">{t('channels.enabled')}</Tag>
  ) : (
    <Tooltip title={channel.disabledAt ? formatZoneTime(channel.disabledAt) : undefined}>
      <Tag>{t('channels.disabled')}</Tag>
    </Tooltip>
  );
}

function QuietHours({ channel, t }: { channel: NoticeChannel; t: Translate }) {
  return channel.quietHours ? (
    <Tag color="geekblue">{t('channels.quietOn')}</Tag>
  ) : (
    <Typography.Text type="secondary">{t('channels.quietOff')}</Typography.Text>
  );
}

function Limit({ channel, t }: { channel: NoticeChannel; t: Translate }) {
  return (
    <>
      <span style={{ whiteSpace: 'nowrap' }}>{t('channels.perMinute', { n: channel.limit.perMinute })}</span>
      {channel.perMinute === null ? (
        <Typography.Text type="secondary"> · {t('channels.vendorLimit')}</Typography.Text>
      ) : null}
      {channel.pausedUntil && Date.parse(channel.pausedUntil) > Date.now() ? (
        <div>
          <Tag color="warning">{t('channels.paused', { at: formatZoneTime(channel.pausedUntil) })}</Tag>
        </div>
      ) : null}
    </>
  );
}

function Counts({ channel, t }: { channel: NoticeChannel; t: Translate }) {
  const shown = DELIVERY_STATUSES.filter((s) => channel.deliveries[s] > 0);
  if (!shown.length) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <span className="delivery-counts">
      {shown.map((s) => (
        <Tag key={s} color={DELIVERY_STATUS_COLOURS[s]} data-status={s}>
          {labelOf(t, 'deliveryStatus', s)} {channel.deliveries[s]}
        </Tag>
      ))}
    </span>
  );
}

function Endpoint({ channel, t }: { channel: NoticeChannel; t: Translate }) {
  return (
    <>
      <span className="hint-code wrap-anywhere" data-testid="channel-endpoint">
        {channel.endpointHint}
      </span>
      {channel.secretHint ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('channels.secretSet')}
          </Typography.Text>
        </div>
      ) : null}
    </>
  );
}

/** What became of the last test message sent on a channel from this page. */
function TestResult({ test, t }: { test: TestState | undefined; t: Translate }) {
  const { lang } = useI18n();
  if (!test) return null;
  const words = deliveryResult(test.lastStatus ?? null, test.lastError ?? null, lang);
  const result = [words.status, words.error].filter(Boolean).join('，');
  return (
    <Typography.Text
      type={test.status === 'failed' ? 'danger' : test.status === 'sent' ? 'success' : 'secondary'}
      className="test-result"
      data-testid="channel-test-status"
      data-status={test.status}
    >
      {t('channels.testStatus', { status: labelOf(t, 'deliveryStatus', test.status) })}
      {test.attempts && result ? t('channels.testAttempt', { n: test.attempts, result }) : null}
    </Typography.Text>
  );
}
