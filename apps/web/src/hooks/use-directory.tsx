// The zone's departments and projects, read once per session and shared by every page (names, pickers).
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api } from '../api/endpoints';
import type { Department, Project } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useResource } from './use-resource';

interface Directory {
  departments: Department[];
  projects: Project[];
  /** the department's name in the current language (its code while not known) */
  departmentName(code: string | null | undefined): string;
  projectOf(id: string): Project | undefined;
  reload(): void;
}

const DirectoryContext = createContext<Directory | null>(null);

export function DirectoryProvider({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const departments = useResource((signal) => api.departments(signal), []);
  const projects = useResource((signal) => api.projects(signal), []);
  const value = useMemo<Directory>(() => {
    const deps = departments.data?.items ?? [];
    const projs = projects.data?.items ?? [];
    const byCode = new Map(deps.map((d) => [d.id, d]));
    return {
      departments: deps,
      projects: projs,
      departmentName: (code) => {
        if (!code) return '';
        const department = byCode.get(code);
        if (!department) return code;
        return lang === 'zh-CN' ? department.name : department.nameEn;
      },
      projectOf: (id) => projs.find((p) => p.id === id),
      reload: () => {
        departments.reload();
        projects.reload();
      },
    };
  }, [departments, projects, lang]);
  return <DirectoryContext.Provider value={value}>{children}</DirectoryContext.Provider>;
}

export function useDirectory(): Directory {
  const value = useContext(DirectoryContext);
  if (!value) throw new Error('useDirectory outside DirectoryProvider');
  return value;
}
