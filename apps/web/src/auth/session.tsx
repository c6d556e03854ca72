// Who is signed in: the token (kept in sessionStorage, so it ends with the browser tab) and the user. Any 401 of the
// API ends the session and sends the person back to sign-in.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { auth } from '../api/client';
import { api } from '../api/endpoints';
import type { User } from '../api/types';

const TOKEN_KEY = 'unblock.token';
const USER_KEY = 'unblock.user';

interface Session {
  user: User | null;
  /** the session ended on its own (a 401), not by signing out */
  expired: boolean;
  signIn(username: string, password: string): Promise<User>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

function stored(): { token: string | null; user: User | null } {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const raw = sessionStorage.getItem(USER_KEY);
  try {
    return { token, user: token && raw ? (JSON.parse(raw) as User) : null };
  } catch {
    return { token: null, user: null };
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(() => {
    const { token, user } = stored();
    auth.token = token;
    return { user, expired: false };
  });

  const clear = useCallback((expired: boolean) => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
    auth.token = null;
    setState({ user: null, expired });
  }, []);

  useEffect(() => {
    auth.onUnauthorized = () => clear(true);
    return () => {
      auth.onUnauthorized = null;
    };
  }, [clear]);

  // the stored user is refreshed once (roles or department may have changed); a 401 here ends the session
  useEffect(() => {
    if (!auth.token) return;
    api
      .me()
      .then((user) => {
        sessionStorage.setItem(USER_KEY, JSON.stringify(user));
        setState((s) => ({ ...s, user }));
      })
      .catch(() => undefined);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const answer = await api.signIn(username, password);
    sessionStorage.setItem(TOKEN_KEY, answer.accessToken);
    sessionStorage.setItem(USER_KEY, JSON.stringify(answer.user));
    auth.token = answer.accessToken;
    setState({ user: answer.user, expired: false });
    return answer.user;
  }, []);

  const value = useMemo<Session>(
    () => ({ user: state.user, expired: state.expired, signIn, signOut: () => clear(false) }),
    [state, signIn, clear],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user, for pages behind RequireSession. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a session');
  return user;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}
