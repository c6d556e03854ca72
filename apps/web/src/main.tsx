// The console: sign-in and the inboxes of the zone's people, on the public API (/api/v1). Each page is its own
// chunk (React.lazy): sign-in and the inbox load first; ECharts only with the leader's page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
