// The console's languages: Chinese first, English switchable. `t('key', { n: 3 })` puts values into `{n}`; the
// language is kept in localStorage and switches Ant Design's locale and dayjs's with it.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import antdZhCN from 'antd/locale/zh_CN';
import antdEnUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { Lang } from '../logic/time';
import { en } from './en';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

const DICTIONARIES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'unblock.lang';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return stored === 'en' ? 'en' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
    const dictionary = DICTIONARIES[lang];
    const t: Translate = (key, values) => {
      const text = dictionary[key] ?? key;
      if (!values) return text;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
    };
    return { lang, t, setLang };
  }, [lang, setLang]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={lang === 'zh-CN' ? antdZhCN : antdEnUS}
        theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** A closed list (categories, risks, statuses) as the options of a select, each in words. */
export function choicesOf(
  t: Translate,
  prefix: string,
  codes: readonly string[],
): Array<{ value: string; label: string }> {
  return codes.map((code) => ({ value: code, label: labelOf(t, prefix, code) }));
}

/** A word of a closed list (`category.permit`) when the dictionary has it, else the code itself. */
export function labelOf(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `${prefix}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code : text;
}
