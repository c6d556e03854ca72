// The banner above every page while the working calendar lacks a year it must know (the current one, and from
// 1 November the next): deadlines in that year count weekends only until the arrangement (放假调休) is loaded.
// The dispatcher and administrators get a link to the calendar page; nothing shows when the calendar is complete,
// when it cannot be read, or on the calendar page itself (which says it there). Test id: `calendar-banner`.
import { useEffect } from 'react';
import { Alert } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../api/endpoints';
import { useUser } from '../auth/session';
import { useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n/i18n';
import { CALENDAR_CHANGED, mayKeepCalendar } from '../logic/calendar';

/** How often the banner reads the calendar again (a year loaded elsewhere takes it away). */
const RECHECK_MS = 30 * 60_000;

export function CalendarBanner() {
  const { t } = useI18n();
  const user = useUser();
  const location = useLocation();
  const status = useResource((signal) => api.calendar(signal), []);
  const { reload } = status;
  useEffect(() => {
    window.addEventListener(CALENDAR_CHANGED, reload);
    const timer = setInterval(reload, RECHECK_MS);
    return () => {
      window.removeEventListener(CALENDAR_CHANGED, reload);
      clearInterval(timer);
    };
  }, [reload]);
  const missing = status.data?.missingYears ?? [];
  if (status.error || missing.length === 0 || location.pathname.startsWith('/calendar')) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="calendar-banner"
      data-testid="calendar-banner"
      title={t('calendar.banner', { years: missing.join('、') })}
      action={
        <Link to="/calendar" data-testid="calendar-banner-link">
          {mayKeepCalendar(user) ? t('calendar.bannerLink') : t('calendar.bannerView')}
        </Link>
      }
    />
  );
}
