// 问题列表: every issue the person may see, with the API's filters (status, category, risk, project, department,
// overdue, escalated, text), its sort and its cursor pages ("load more"). The filters live in the URL, so a list can
// be shared and reloaded. Test ids: `filter-<name>`, `issues-more`, `issue-row`.
import { useState } from 'react';
import { Button, Input, Select, Space, Switch } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/endpoints';
import {
  ISSUE_CATEGORIES,
  ISSUE_SORTS,
  ISSUE_STATUSES,
  RISK_LEVELS,
  type IssueListFilters,
  type IssueListItem,
  type IssueSort,
} from '../api/types';
import { mayFile } from '../app/nav';
import { useUser } from '../auth/session';
import { IssueList } from '../components/IssueList';
import type { Choice } from '../components/form-fields';
import { PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useDirectory } from '../hooks/use-directory';
import { useResource } from '../hooks/use-resource';
import { choicesOf, useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

/** The filters in the URL; `defaults` for what it does not name (a status the page starts with, say). */
export function filtersFrom(params: URLSearchParams, defaults: IssueListFilters = {}): IssueListFilters {
  const bool = (name: string) => (params.get(name) === 'true' ? true : undefined);
  return {
    status: params.has('status') ? (list(params.get('status')) as IssueListFilters['status']) : (defaults.status ?? []),
    category: list(params.get('category')) as IssueListFilters['category'],
    risk: list(params.get('risk')) as IssueListFilters['risk'],
    projectId: params.get('projectId') ?? undefined,
    department: params.get('department') ?? undefined,
    overdue: bool('overdue'),
    escalated: bool('escalated'),
    q: params.get('q') ?? undefined,
    sort: (params.get('sort') as IssueSort | null) ?? defaults.sort ?? '-receivedAt',
  };
}

export default function IssuesPage({
  defaults,
  title,
  embedded = false,
}: {
  defaults?: IssueListFilters;
  title?: string;
  /** inside another page: a smaller title and no "new issue" button */
  embedded?: boolean;
}) {
  const { t } = useI18n();
  const user = useUser();
  const { departments, projects, departmentName } = useDirectory();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params, defaults);
  const key = JSON.stringify(filters);
  const [pages, setPages] = useState(1);
  const issues = useResource(
    async (signal) => {
      const items: IssueListItem[] = [];
      let cursor: string | null | undefined;
      for (let page = 0; page < pages; page++) {
        const answer = await api.issues({ ...filters, limit: 20, ...(cursor ? { cursor } : {}) }, signal);
        items.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return { items, nextCursor: cursor ?? null };
    },
    [key, pages],
  );
  useLiveRefresh(issues.reload);

  const set = (name: string, value: string | string[] | boolean | undefined) => {
    const next = new URLSearchParams(params);
    const text = Array.isArray(value) ? value.join(',') : value === true ? 'true' : value || '';
    if (text || (name === 'status' && defaults?.status)) next.set(name, text);
    else next.delete(name);
    setPages(1);
    setParams(next, { replace: true });
  };
  const multi = (name: 'status' | 'category' | 'risk', values: readonly string[], prefix: string) => (
    <Select
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={t(`list.${name}`)}
      value={filters[name] ?? []}
      onChange={(v: string[]) => set(name, v)}
      options={choicesOf(t, prefix, values)}
      style={{ width: 160 }}
      data-testid={`filter-${name}`}
    />
  );
  const single = (name: 'projectId' | 'department', testId: string, placeholder: string, options: Choice[]) => (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      value={filters[name]}
      onChange={(v?: string) => set(name, v)}
      options={options}
      style={{ width: 180 }}
      data-testid={`filter-${testId}`}
    />
  );
  const only = (name: 'overdue' | 'escalated', label: string) => (
    <Space>
      <Switch checked={!!filters[name]} onChange={(v) => set(name, v)} data-testid={`filter-${name}`} />
      {label}
    </Space>
  );

  return (
    <div data-testid="issues-page">
      <PageTitle title={title ?? t('list.title')} level={embedded ? 5 : 3}>
        {mayFile(user) && !embedded ? (
          <Link to="/report">
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-issue">
              {t('reporter.new')}
            </Button>
          </Link>
        ) : null}
      </PageTitle>
      {
        <div className="filters">
          <Input.Search
            allowClear
            placeholder={t('list.search')}
            defaultValue={filters.q}
            onSearch={(v) => set('q', v.trim())}
            style={{ width: 220 }}
            data-testid="filter-q"
          />
          {multi('status', ISSUE_STATUSES, 'status')}
          {multi('category', ISSUE_CATEGORIES, 'category')}
          {multi('risk', RISK_LEVELS, 'risk')}
          {single(
            'projectId',
            'project',
            t('list.project'),
            projects.map((p) => ({ value: p.id, label: p.name })),
          )}
          {single(
            'department',
            'department',
            t('list.department'),
            departments
              .filter((d) => d.kind !== 'leadership')
              .map((d) => ({ value: d.id, label: departmentName(d.id) })),
          )}
          <Select<IssueSort>
            value={filters.sort}
            onChange={(v) => set('sort', v)}
            options={ISSUE_SORTS.map((s) => ({ value: s, label: t(`list.sort.${s}`) }))}
            style={{ width: 150 }}
            data-testid="filter-sort"
          />
          {only('overdue', t('list.overdueOnly'))}
          {only('escalated', t('list.escalatedOnly'))}
          <Button onClick={() => setParams(new URLSearchParams(), { replace: true })} data-testid="filter-reset">
            {t('list.reset')}
          </Button>
        </div>
      }
      <ProblemAlert error={issues.error} onRetry={issues.reload} />
      <IssueList items={issues.data?.items ?? []} loading={issues.loading} />
      {issues.data?.nextCursor ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => setPages((p) => p + 1)} loading={issues.loading} data-testid="issues-more">
            {t('app.more')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
