// The parts every page has: its title (with what stands beside it), a spinner or an empty note for a list, and a
// page of one thing that is loading, not found, refused or there.
import type { ReactNode } from 'react';
import { Empty, Spin, Typography } from 'antd';
import type { Resource } from '../hooks/use-resource';
import { ProblemAlert } from './problem';

export function PageTitle({
  title,
  level = 3,
  wrap = false,
  children,
}: {
  title: ReactNode;
  level?: 3 | 5;
  /** a long name (an issue's, a project's) breaks anywhere */
  wrap?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="page-title">
      <Typography.Title level={level} className={wrap ? 'wrap-anywhere' : undefined}>
        {title}
      </Typography.Title>
      {children}
    </div>
  );
}

/** A spinner while the first answer is awaited; an empty note when it came and holds nothing. */
export function ListState({ loading, empty, description }: { loading: boolean; empty: boolean; description?: string }) {
  return (
    <>
      {loading ? <Spin className="page-spin" /> : null}
      {empty ? <Empty description={description} /> : null}
    </>
  );
}

/** One thing read from the API: `notFound` on a 404, the refusal with a retry, a spinner, else `children(data)`. */
export function Loaded<T>({
  resource,
  notFound,
  children,
}: {
  resource: Resource<T>;
  notFound: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (resource.error?.status === 404) return notFound;
  if (resource.data === undefined)
    return resource.error ? (
      <ProblemAlert error={resource.error} onRetry={resource.reload} />
    ) : (
      <Spin className="page-spin" />
    );
  return children(resource.data);
}
