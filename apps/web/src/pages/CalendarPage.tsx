// 工作日历 (/calendar): the working calendar the deadlines are on. The revision in force and its last change, the
// years loaded and those still to load, the open issues unconfirmed or being re-timed; a year's arrangement as
// twelve months (休 a holiday, 班 a make-up working day) and as a list of its dates; the record of changes. The
// dispatcher and administrators load a year (the notice's text, or a file this page exported), correct or remove
// one date with a reason, and export a year; everyone else reads. The year is in the URL (?year=2027).
// Test ids: `calendar-page`, `calendar-status` (data-revision), `calendar-year-select`, `calendar-load`,
// `calendar-day-add`, `calendar-export`, `calendar-year` (data-year, data-known), `calendar-cell` (data-date,
// data-kind), `calendar-day-row` (data-date), `calendar-day-correct`, `calendar-day-remove`, `calendar-load-notice`,
// `calendar-load-text`, `calendar-load-file`, `calendar-load-submit`, `calendar-day-date`, `calendar-day-name`,
// `calendar-day-reason`, `calendar-day-submit`, `calendar-history`, `calendar-revision` (data-revision).
import { useRef, useState } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type {
  CalendarChangeResult,
  CalendarDay,
  CalendarDayInput,
  CalendarDayKind,
  CalendarRevision,
  CalendarStatus,
  CalendarYear,
  CalendarYearLoad,
} from '../api/types';
import { useUser } from '../auth/session';
import { Loaded, PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useResource } from '../hooks/use-resource';
import { labelOf, useI18n, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import {
  arrangementErrors,
  CALENDAR_CHANGED,
  firstYearToShow,
  isWeekend,
  mayKeepCalendar,
  monthWeeks,
  weekdayOf,
  yearChoices,
  yearRuns,
} from '../logic/calendar';
import { problemMessage } from '../logic/problems';
import { formatZoneTime } from '../logic/time';

/** The holidays' names, offered when a date is corrected. */
const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

/** This year on the zone's clock (Asia/Shanghai). */
const zoneYear = () => Number(formatZoneTime(Date.now()).slice(0, 4));

export default function CalendarPage() {
  const status = useResource((signal) => api.calendar(signal), []);
  return (
    <div data-testid="calendar-page">
      <Loaded resource={status} notFound={<Empty />}>
        {(data) => <CalendarView status={data} reloadStatus={status.reload} />}
      </Loaded>
    </div>
  );
}

type Editing = { mode: 'correct'; day?: CalendarDay } | { mode: 'remove'; day: CalendarDay };

function CalendarView({ status, reloadStatus }: { status: CalendarStatus; reloadStatus: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const keeper = mayKeepCalendar(user);
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const thisYear = zoneYear();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : firstYearToShow(status, thisYear);
  const days = useResource((signal) => api.calendarYear(year, signal), [year, status.revision]);
  const revisions = useResource((signal) => api.calendarRevisions(signal), [status.revision]);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<Editing | undefined>();

  const changed = (result: CalendarChangeResult) => {
    message.success(
      result.changedDates.length === 0 && result.revision === status.revision
        ? t('calendar.unchanged')
        : t('calendar.saved', {
            revision: result.revision,
            dates: result.changedDates.length,
            issues: result.openIssues,
          }),
    );
    reloadStatus();
    days.reload();
    revisions.reload();
    window.dispatchEvent(new Event(CALENDAR_CHANGED));
  };

  const exportYear = async () => {
    try {
      const file = await api.exportCalendarYear(year);
      const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `unblock-calendar-${year}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1_000);
    } catch (error) {
      message.error(error instanceof ApiError ? problemMessage(error.problem, lang) : t('calendar.exportFailed'));
    }
  };

  const known = days.data?.known;
  return (
    <>
      <PageTitle title={t('calendar.title')}>
        <Space wrap>
          <Select
            value={year}
            style={{ width: 120 }}
            data-testid="calendar-year-select"
            options={yearChoices(status, thisYear).map((y) => ({
              value: y,
              label: (
                <span>
                  {t('calendar.year', { year: y })}
                  {status.missingYears.includes(y) ? (
                    <Typography.Text type="danger"> · {t('calendar.unknown')}</Typography.Text>
                  ) : null}
                </span>
              ),
            }))}
            onChange={(value: number) => {
              const next = new URLSearchParams(params);
              next.set('year', String(value));
              setParams(next, { replace: true });
            }}
          />
          {keeper ? (
            <>
              <Button
                type={known ? 'default' : 'primary'}
                icon={<UploadOutlined />}
                onClick={() => setLoading(true)}
                data-testid="calendar-load"
              >
                {known ? t('calendar.reload', { year }) : t('calendar.load', { year })}
              </Button>
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing({ mode: 'correct' })}
                data-testid="calendar-day-add"
              >
                {t('calendar.addDay')}
              </Button>
            </>
          ) : null}
          <Button icon={<DownloadOutlined />} onClick={() => void exportYear()} data-testid="calendar-export">
            {t('calendar.export')}
          </Button>
        </Space>
      </PageTitle>

      {status.missingYears.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="calendar-missing"
          title={t('calendar.banner', { years: status.missingYears.join('、') })}
        />
      ) : null}

      <Card size="small" style={{ marginBottom: 12 }} data-testid="calendar-status" data-revision={status.revision}>
        <Descriptions size="small" column={screens.xl ? 3 : screens.md ? 2 : 1} colon className="calendar-status">
          <Descriptions.Item label={t('calendar.revision')}>
            {t('calendar.revisionValue', { revision: status.revision })}
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.updated')}>
            <span className="wrap-anywhere">
              {formatZoneTime(status.updatedAt)} · {status.updatedBy}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.knownYears')}>
            <span>
              {yearRuns(status.knownYears).map((run) => (
                <Tag key={run} color="green">
                  {run}
                </Tag>
              ))}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.missingYears')}>
            {status.missingYears.length ? (
              <span>
                {status.missingYears.map((y) => (
                  <Tag key={y} color="red">
                    {y}
                  </Tag>
                ))}
              </span>
            ) : (
              t('app.none')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.unconfirmedIssues')}>
            <Typography.Text
              type={status.unconfirmedIssues ? 'warning' : undefined}
              data-testid="calendar-unconfirmed-count"
            >
              {t('calendar.count', { count: status.unconfirmedIssues })}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.retiming')}>
            {status.issuesOnEarlierRevisions
              ? t('calendar.retimingValue', { count: status.issuesOnEarlierRevisions })
              : t('calendar.retimingDone')}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {days.error ? <ProblemAlert error={days.error} onRetry={days.reload} /> : null}
      {days.data ? (
        <YearView
          year={days.data}
          keeper={keeper}
          onCorrect={(day) => setEditing({ mode: 'correct', day })}
          onRemove={(day) => setEditing({ mode: 'remove', day })}
        />
      ) : null}

      <History revisions={revisions.data ?? []} loading={revisions.loading} t={t} />

      {keeper ? (
        <>
          <LoadYearModal
            open={loading}
            year={year}
            onClose={() => setLoading(false)}
            onDone={(result) => {
              setLoading(false);
              changed(result);
            }}
          />
          <DayModal
            editing={editing}
            year={year}
            onClose={() => setEditing(undefined)}
            onDone={(result) => {
              setEditing(undefined);
              changed(result);
            }}
          />
        </>
      ) : null}
    </>
  );
}

function YearView({
  year,
  keeper,
  onCorrect,
  onRemove,
}: {
  year: CalendarYear;
  keeper: boolean;
  onCorrect: (day: CalendarDay) => void;
  onRemove: (day: CalendarDay) => void;
}) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const byDate = new Map(year.days.map((day) => [day.date, day]));
  const today = formatZoneTime(Date.now()).slice(0, 10);
  const weekday = (date: string) => t(`calendar.weekday.${weekdayOf(date)}` as MessageKey);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="calendar-year"
      data-year={year.year}
      data-known={year.known}
      title={
        <Space wrap size={[8, 0]}>
          <span>{t('calendar.days', { year: year.year })}</span>
          <Tag color={year.known ? 'green' : 'red'}>{year.known ? t('calendar.known') : t('calendar.unknown')}</Tag>
          {year.known ? (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('calendar.counts', { holidays: year.holidays, workdays: year.workdays })}
            </Typography.Text>
          ) : null}
        </Space>
      }
    >
      {year.notice ? (
        <div style={{ marginBottom: 12 }} className="wrap-anywhere">
          <Typography.Text type="secondary">{t('calendar.basis')}：</Typography.Text>
          {year.notice}
          {year.source ? (
            <Tag style={{ marginInlineStart: 8 }}>{labelOf(t, 'calendar.source', year.source)}</Tag>
          ) : null}
        </div>
      ) : null}
      {!year.known ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('calendar.unknownHint', { year: year.year })}
        />
      ) : null}
      <div className="calendar-legend">
        <span>
          <i className="calendar-swatch holiday" />
          {t('calendar.legend.holiday')}
        </span>
        <span>
          <i className="calendar-swatch workday" />
          {t('calendar.legend.workday')}
        </span>
        <span>
          <i className="calendar-swatch weekend" />
          {t('calendar.legend.weekend')}
        </span>
      </div>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
          <Col key={month} xs={12} md={8} xxl={6}>
            <Month year={year.year} month={month} byDate={byDate} today={today} t={t} />
          </Col>
        ))}
      </Row>
      <Table<CalendarDay>
        rowKey="date"
        size="small"
        dataSource={year.days}
        pagination={false}
        locale={{ emptyText: t('calendar.noDays') }}
        onRow={(day) =>
          ({ 'data-testid': 'calendar-day-row', 'data-date': day.date }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('calendar.col.date'),
            key: 'date',
            width: screens.md ? 150 : 96,
            render: (_, day) =>
              screens.md ? (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {day.date} {t('calendar.col.weekday')}
                  {weekday(day.date)}
                </span>
              ) : (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {day.date.slice(5)} {t('calendar.col.weekday')}
                  {weekday(day.date)}
                </span>
              ),
          },
          ...(screens.md
            ? [
                {
                  title: t('calendar.col.kind'),
                  key: 'kind',
                  width: 110,
                  render: (_: unknown, day: CalendarDay) => <KindTag kind={day.kind} t={t} />,
                },
                { title: t('calendar.col.name'), key: 'name', dataIndex: 'name' },
              ]
            : [
                {
                  title: t('calendar.col.name'),
                  key: 'name',
                  render: (_: unknown, day: CalendarDay) => (
                    <span className="wrap-anywhere">
                      <KindTag kind={day.kind} t={t} />
                      {day.name}
                    </span>
                  ),
                },
              ]),
          ...(screens.md
            ? [
                {
                  title: t('calendar.col.source'),
                  key: 'source',
                  width: 110,
                  render: (_: unknown, day: CalendarDay) => labelOf(t, 'calendar.source', day.source),
                },
              ]
            : []),
          ...(keeper
            ? [
                {
                  title: t('calendar.col.actions'),
                  key: 'actions',
                  width: screens.md ? 170 : 84,
                  render: (_: unknown, day: CalendarDay) => (
                    <Space size={4} wrap>
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => onCorrect(day)}
                        data-testid="calendar-day-correct"
                        aria-label={t('calendar.correct')}
                      >
                        {screens.md ? t('calendar.correct') : null}
                      </Button>
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => onRemove(day)}
                        data-testid="calendar-day-remove"
                        aria-label={t('calendar.remove')}
                      >
                        {screens.md ? t('calendar.remove') : null}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function KindTag({ kind, t }: { kind: CalendarDayKind; t: Translate }) {
  return <Tag color={kind === 'holiday' ? 'red' : 'blue'}>{t(`calendar.kind.${kind}`)}</Tag>;
}

/** One month, Monday first: each date coloured by what it is (a holiday, a make-up working day, a weekend). */
function Month({
  year,
  month,
  byDate,
  today,
  t,
}: {
  year: number;
  month: number;
  byDate: Map<string, CalendarDay>;
  today: string;
  t: Translate;
}) {
  const { lang } = useI18n();
  const title = new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en', { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
  return (
    <div className="calendar-month" data-testid="calendar-month" data-month={month}>
      <div className="calendar-month-title">{title}</div>
      <table>
        <thead>
          <tr>
            {[1, 2, 3, 4, 5, 6, 0].map((d) => (
              <th key={d}>{t(`calendar.weekday.${d}` as MessageKey)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(year, month).map((week, i) => (
            <tr key={i}>
              {week.map((date, j) => {
                if (!date) return <td key={j} />;
                const day = byDate.get(date);
                const kind = day?.kind ?? (isWeekend(date) ? 'weekend' : 'ordinary');
                const cell = (
                  <td
                    key={j}
                    className={`calendar-cell ${kind}${date === today ? ' today' : ''}`}
                    data-testid="calendar-cell"
                    data-date={date}
                    data-kind={kind}
                  >
                    <span className="calendar-cell-day">{Number(date.slice(8))}</span>
                    {day ? <span className="calendar-cell-mark">{t(`calendar.mark.${day.kind}`)}</span> : null}
                  </td>
                );
                return day ? (
                  <Tooltip key={j} title={`${day.name} · ${t(`calendar.kind.${day.kind}`)}`}>
                    {cell}
                  </Tooltip>
                ) : (
                  cell
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function History({ revisions, loading, t }: { revisions: CalendarRevision[]; loading: boolean; t: Translate }) {
  const dates = (key: 'added' | 'changed' | 'removed', list: string[] | undefined) => {
    if (!list?.length) return null;
    const shown = list.slice(0, 6).join('、');
    const more = list.length > 6 ? ` ${t('calendar.dates.more', { count: list.length })}` : '';
    return (
      <div className="wrap-anywhere" key={key}>
        {t(`calendar.dates.${key}`, { dates: shown })}
        {more}
      </div>
    );
  };
  return (
    <Card size="small" title={t('calendar.history')} data-testid="calendar-history">
      <List<CalendarRevision>
        loading={loading && revisions.length === 0}
        dataSource={revisions}
        locale={{ emptyText: t('app.empty') }}
        renderItem={(revision) => (
          <List.Item data-testid="calendar-revision" data-revision={revision.revision}>
            <div style={{ width: '100%' }}>
              <Space wrap size={[8, 4]}>
                <Tag color="blue">{t('calendar.revisionValue', { revision: revision.revision })}</Tag>
                <Typography.Text strong>{labelOf(t, 'calendar.action', revision.action)}</Typography.Text>
                <Typography.Text type="secondary">
                  {formatZoneTime(revision.at)} · {revision.by}
                </Typography.Text>
                {revision.action !== 'seed' ? (
                  <Typography.Text type="secondary">
                    {t('calendar.col.retimed')}：
                    {revision.retimedAt
                      ? t('calendar.retimedAt', { at: formatZoneTime(revision.retimedAt) })
                      : t('calendar.retimingPending')}
                  </Typography.Text>
                ) : null}
              </Space>
              <div className="wrap-anywhere" style={{ marginTop: 4 }}>
                {revision.cause}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dates('added', revision.added)}
                {dates('changed', revision.changed)}
                {dates('removed', revision.removed)}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A file this page exported: the notice and its dates (anything else is refused before it is sent). */
interface ArrangementFile {
  name: string;
  notice: string;
  days: CalendarDayInput[];
}

function readArrangementFile(name: string, text: string): ArrangementFile | undefined {
  try {
    const value = JSON.parse(text) as Partial<CalendarYearLoad>;
    if (typeof value !== 'object' || value === null || !Array.isArray(value.days)) return undefined;
    const days = value.days.filter(
      (day): day is CalendarDayInput =>
        typeof day === 'object' && day !== null && typeof (day as CalendarDayInput).date === 'string',
    );
    if (days.length !== value.days.length) return undefined;
    return { name, notice: typeof value.notice === 'string' ? value.notice : '', days };
  } catch {
    return undefined;
  }
}

/** The file field: a button that reads a JSON file, and what it holds. */
function FilePicker({
  value,
  onChange,
  t,
  onRead,
}: {
  value?: ArrangementFile;
  onChange?: (file: ArrangementFile | undefined) => void;
  t: Translate;
  onRead: (file: ArrangementFile | undefined) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Space wrap>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        style={{ display: 'none' }}
        data-testid="calendar-load-file"
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          event.target.value = '';
          if (!chosen) return;
          void chosen.text().then((text) => {
            const file = readArrangementFile(chosen.name, text);
            onChange?.(file);
            onRead(file);
          });
        }}
      />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
        {t('calendar.fileChoose')}
      </Button>
      {value ? (
        <Typography.Text>{t('calendar.fileDays', { name: value.name, count: value.days.length })}</Typography.Text>
      ) : null}
    </Space>
  );
}

interface LoadValues {
  notice: string;
  text?: string;
  file?: ArrangementFile;
}

function LoadYearModal({
  open,
  year,
  onClose,
  onDone,
}: {
  open: boolean;
  year: number;
  onClose: () => void;
  onDone: (result: CalendarChangeResult) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<LoadValues>();
  const [mode, setMode] = useState<'text' | 'file'>('text');
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();

  const submit = async (values: LoadValues) => {
    setRefusal(undefined);
    form.setFields([
      { name: 'notice', errors: [] },
      { name: 'text', errors: [] },
      { name: 'file', errors: [] },
    ]);
    const body: CalendarYearLoad =
      mode === 'text'
        ? { notice: values.notice.trim(), text: values.text ?? '' }
        : {
            notice: values.notice.trim(),
            days: (values.file?.days ?? []).map(({ date, kind, name }) => ({ date, kind, name })),
          };
    setSaving(true);
    try {
      const result = await api.loadCalendarYear(year, body);
      form.resetFields();
      onDone(result);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const placed = arrangementErrors(error.problem, lang);
      const on = (field: 'notice' | 'text' | 'days') => placed.filter((e) => e.field === field).map((e) => e.message);
      const fields = [
        { name: 'notice' as const, errors: on('notice') },
        { name: mode === 'text' ? ('text' as const) : ('file' as const), errors: [...on('text'), ...on('days')] },
      ];
      form.setFields(fields);
      if (placed.length === 0) setRefusal(problemMessage(error.problem, lang));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('calendar.loadTitle', { year })}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        setRefusal(undefined);
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'calendar-load-submit' } as Record<string, string>}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('calendar.loadHint')}</Typography.Paragraph>
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} /> : null}
      <Form<LoadValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} preserve={false}>
        <Form.Item
          name="notice"
          label={t('calendar.noticeName')}
          rules={[{ required: true, whitespace: true, message: t('calendar.noticeRequired') }]}
        >
          <Input
            maxLength={200}
            placeholder={t('calendar.noticePlaceholder', { year })}
            data-testid="calendar-load-notice"
          />
        </Form.Item>
        <Tabs
          activeKey={mode}
          onChange={(key) => setMode(key as 'text' | 'file')}
          items={[
            {
              key: 'text',
              label: t('calendar.fromText'),
              children: (
                <Form.Item
                  name="text"
                  label={t('calendar.text')}
                  rules={
                    mode === 'text' ? [{ required: true, whitespace: true, message: t('calendar.textRequired') }] : []
                  }
                >
                  <Input.TextArea
                    autoSize={{ minRows: 6, maxRows: 14 }}
                    maxLength={20_000}
                    placeholder={t('calendar.textPlaceholder')}
                    data-testid="calendar-load-text"
                  />
                </Form.Item>
              ),
            },
            {
              key: 'file',
              label: t('calendar.fromFile'),
              children: (
                <Form.Item
                  name="file"
                  label={t('calendar.file')}
                  extra={t('calendar.fileHint')}
                  rules={
                    mode === 'file'
                      ? [
                          {
                            validator: (_, value: ArrangementFile | undefined) =>
                              value ? Promise.resolve() : Promise.reject(new Error(t('calendar.fileRequired'))),
                          },
                        ]
                      : []
                  }
                >
                  <FilePicker
                    t={t}
                    onRead={(file) => {
                      if (!file) form.setFields([{ name: 'file', errors: [t('calendar.fileInvalid')] }]);
                      else if (!form.getFieldValue('notice') && file.notice) form.setFieldValue('notice', file.notice);
                    }}
                  />
                </Form.Item>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}

interface DayValues {
  date?: Dayjs;
  kind: CalendarDayKind;
  name: string;
  reason: string;
}

/** Correcting one date (a holiday or a make-up working day), or removing its entry; either with a reason. */
function DayModal({
  editing,
  year,
  onClose,
  onDone,
}: {
  editing: Editing | undefined;
  year: number;
  onClose: () => void;
  onDone: (result: CalendarChangeResult) => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<DayValues>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();
  const removing = editing?.mode === 'remove';
  const day = editing?.day;

  const submit = async (values: DayValues) => {
    setRefusal(undefined);
    setSaving(true);
    try {
      const result = removing
        ? await api.removeCalendarDay(day!.date, values.reason.trim())
        : await api.correctCalendarDay(values.date!.format('YYYY-MM-DD'), {
            kind: values.kind,
            name: values.name.trim(),
            reason: values.reason.trim(),
          });
      onDone(result);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const fields = (error.problem.errors ?? []).filter((e) => ['kind', 'name', 'reason'].includes(e.field));
      if (fields.length && fields.length === error.problem.errors?.length)
        form.setFields(
          fields.map((e) => ({
            name: e.field as 'kind' | 'name' | 'reason',
            errors: [
              e.rule === 'workday_on_weekend'
                ? lang === 'zh-CN'
                  ? t('calendar.workdayOnWeekend')
                  : e.message
                : problemMessage({ ...error.problem, errors: [e] }, lang),
            ],
          })),
        );
      else setRefusal(problemMessage(error.problem, lang));
    } finally {
      setSaving(false);
    }
  };

  const initial: Partial<DayValues> = day
    ? { date: dayjs(day.date), kind: day.kind, name: day.name, reason: '' }
    : { kind: 'holiday', name: '', reason: '' };
  return (
    <Modal
      open={editing !== undefined}
      title={removing ? t('calendar.removeTitle', { date: day!.date }) : t('calendar.dayTitle')}
      okText={removing ? t('calendar.remove') : t('app.submit')}
      okButtonProps={{ danger: removing, ...({ 'data-testid': 'calendar-day-submit' } as Record<string, string>) }}
      cancelText={t('app.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        setRefusal(undefined);
        onClose();
      }}
      destroyOnHidden
      width={520}
    >
      {removing ? <Typography.Paragraph type="secondary">{t('calendar.removeHint')}</Typography.Paragraph> : null}
      {refusal ? <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} /> : null}
      <Form<DayValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => void submit(values)}
        preserve={false}
      >
        {removing ? null : (
          <>
            <Form.Item
              name="date"
              label={t('calendar.date')}
              rules={[{ required: true, message: t('calendar.dateRequired') }]}
            >
              <DatePicker
                style={{ width: '100%' }}
                disabled={!!day}
                defaultPickerValue={dayjs(`${year}-01-01`)}
                data-testid="calendar-day-date"
              />
            </Form.Item>
            <Form.Item
              name="kind"
              label={t('calendar.kind')}
              dependencies={['date']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, kind: CalendarDayKind) => {
                    const date = getFieldValue('date') as Dayjs | undefined;
                    return kind === 'workday' && date && !isWeekend(date.format('YYYY-MM-DD'))
                      ? Promise.reject(new Error(t('calendar.workdayOnWeekend')))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <Radio.Group
                optionType="button"
                options={(['holiday', 'workday'] as const).map((kind) => ({
                  value: kind,
                  label: t(`calendar.kind.${kind}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('calendar.name')}
              rules={[{ required: true, whitespace: true, message: t('calendar.nameRequired') }]}
            >
              <AutoComplete
                options={HOLIDAY_NAMES.map((name) => ({ value: name }))}
                maxLength={32}
                data-testid="calendar-day-name"
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="reason"
          label={t('calendar.reason')}
          rules={[{ required: true, whitespace: true, message: t('calendar.reasonRequired') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={200}
            placeholder={t('calendar.reasonPlaceholder')}
            data-testid="calendar-day-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
