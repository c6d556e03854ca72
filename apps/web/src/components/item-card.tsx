// The card of one issue in an inbox or a list on a phone: its left edge coloured, its title a link to the issue, the
// line of its project and tags, and the actions an inbox offers on it.
import type { ReactNode } from 'react';
import { Card, type CardProps } from 'antd';
import { Link } from 'react-router-dom';
import type { IssueDetail } from '../api/types';
import { useDirectory } from '../hooks/use-directory';
import { useI18n } from '../i18n/i18n';
import type { ActionName } from '../logic/issue-actions';
import { IssueActions } from './IssueActions';
import { CategoryTag, LevelTag, RiskTag } from './labels';

/** The card (test ids and other attributes go to it), with the issue's title linked. */
export function IssueCard({
  issueId,
  title,
  colour,
  children,
  ...card
}: Omit<CardProps, 'title'> & { issueId: string; title: string; colour: string }) {
  return (
    <Card className="item-card" style={{ borderLeftColor: colour }} {...card}>
      <Link to={`/issues/${encodeURIComponent(issueId)}`} className="item-card-title">
        {title}
      </Link>
      {children}
    </Card>
  );
}

/** The project, then `status` (a tag of the page's), the category, the risk, the level if escalated, then `children`. */
export function IssueMeta({
  issue,
  status,
  children,
}: {
  issue: { projectName: string; category: string; risk: string; escalationLevel: number };
  status?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="item-meta">
      <span>{issue.projectName}</span>
      {status}
      <CategoryTag category={issue.category} />
      <RiskTag risk={issue.risk} />
      {issue.escalationLevel > 0 ? <LevelTag level={issue.escalationLevel} /> : null}
      {children}
    </div>
  );
}

/** 牵头部门：<name> */
export function LeadDepartment({ department }: { department: string }) {
  const { t } = useI18n();
  const { departmentName } = useDirectory();
  return (
    <span>
      {t('list.lead')}：{departmentName(department)}
    </span>
  );
}

/** The actions an inbox is about, under its card. */
export function CardActions({
  detail,
  only,
  onDone,
}: {
  detail: IssueDetail;
  only: readonly ActionName[];
  onDone: () => void;
}) {
  return (
    <div style={{ marginTop: 10 }}>
      <IssueActions detail={detail} compact only={only} onDone={onDone} />
    </div>
  );
}
