import type { DataSource } from 'typeorm';
import { hashPassword } from '../password-hash';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_PROJECTS } from './zone-demo-data';

export interface DemoDataResult {
  departments: number;
  people: number;
  projects: number;
}

/**
 * Loads the demo zone (departments, people with every role and their demo contacts, key projects) in one transaction.
 * Idempotent: rows that exist already are left as they are, so a second load adds nothing and
 * keeps whatever users changed. Returns how many rows it added.
 */
export async function loadDemoData(dataSource: DataSource): Promise<DemoDataResult> {
  return dataSource.transaction(async (manager) => {
    let departments = 0;
    for (const d of DEMO_DEPARTMENTS) {
      const rows: unknown[] = await manager.query(
        `INSERT INTO departments (id, name, name_en, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [d.id, d.name, d.nameEn, d.kind],
      );
      departments += rows.length;
    }
    const existing = new Set(
      ((await manager.query(`SELECT id FROM people`)) as Array<{ id: string }>).map((row) => row.id),
    );
    let people = 0;
    for (const p of DEMO_PEOPLE) {
      if (existing.has(p.id)) continue;
      const rows: unknown[] = await manager.query(
        `INSERT INTO people (id, username, name, title, roles, department_id, organisation, mobile, email, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
        [
          p.id,
          p.username,
          p.name,
          p.title,
          p.roles,
          p.departmentId,
          p.organisation ?? null,
          p.mobile,
          p.email,
          hashPassword(DEMO_PASSWORD),
        ],
      );
      people += rows.length;
    }
    let projects = 0;
    for (const p of DEMO_PROJECTS) {
      const rows: unknown[] = await manager.query(
        `INSERT INTO projects (id, name, kind, status, major_industrial, publicly_committed, owner, location, planned_completion, responsible_leader_id, lead_department_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          p.id,
          p.name,
          p.kind,
          p.status,
          p.majorIndustrial,
          p.publiclyCommitted,
          p.owner,
          p.location,
          p.plannedCompletion,
          p.responsibleLeaderId,
          p.leadDepartmentId,
        ],
      );
      projects += rows.length;
    }
    return { departments, people, projects };
  });
}
