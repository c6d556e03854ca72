// Seeds a read model of `count` issues (with their tasks, escalations and inbox notices) straight into the
// database with generate_series: a benchmark's data, not the product's path (issues are only ever written by the
// workflow's activity). The shape follows the zone: 130 projects, the nine categories with their routing, skewed
// risk, most issues closed, a third open, many escalated, deadlines on both sides of now.
import type { DataSource } from 'typeorm';

const ROUTES: Array<[string, string, string[]]> = [
  ['land_acquisition', 'land_office', ['planning']],
  ['demolition', 'land_office', ['enforcement', 'petition_office']],
  ['permit', 'approval', ['planning']],
  ['petition', 'petition_office', ['police']],
  ['site_obstruction', 'enforcement', ['police']],
  ['public_opinion', 'publicity', []],
  ['utilities', 'utilities', []],
  ['funding', 'finance', ['economic']],
  ['other', 'dispatch', []],
];

const PHRASES = [
  '征地补偿标准争议',
  '拆迁协议未签',
  '施工许可证办理受阻',
  '规划条件变更',
  '群众联名信访',
  '工地被堵门阻工',
  '网络舆情发酵',
  '外电接入受阻',
  '进度款拨付滞后',
  '管线迁改协调',
  '临时用地审批',
  '环评批复延迟',
  '夜间施工许可',
  '土方外运受阻',
  '安置房交付延期',
  '消防验收排队',
  '供水管网接驳',
  '道路占用审批',
  '社保资金缺口',
  '青苗补偿纠纷',
];

export async function seedIssues(dataSource: DataSource, count: number): Promise<void> {
  await dataSource.query(`SELECT setseed(0.2026)`);
  // 130 projects, as the zone tracks: the demo zone's and more
  await dataSource.query(`
    INSERT INTO projects (id, name, kind, status, major_industrial, publicly_committed, owner, location, planned_completion, responsible_leader_id, lead_department_id)
    SELECT 'BX-' || lpad(g::text, 3, '0'), '基准项目' || g, (ARRAY['industrial','road','residential','utilities','public_service'])[1 + g % 5],
           'under_construction', g % 6 = 0, g % 4 = 0, '业主' || g, '高新区', DATE '2027-12-31',
           (ARRAY['leader_construction','leader_industry','leader_stability'])[1 + g % 3], (ARRAY['planning','land_office','economic','utilities'])[1 + g % 4]
    FROM generate_series(1, 130 - (SELECT count(*)::int FROM projects)) AS g`);
  await dataSource.query(
    `CREATE TEMP TABLE bench_routes (idx int PRIMARY KEY, category text, lead text, supporting text[])`,
  );
  for (const [i, [category, lead, supporting]] of ROUTES.entries()) {
    await dataSource.query(`INSERT INTO bench_routes VALUES ($1, $2, $3, $4)`, [i + 1, category, lead, supporting]);
  }
  await dataSource.query(
    `
    WITH projects_all AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(name ORDER BY id) AS names FROM projects),
    base AS MATERIALIZED (
      SELECT g, random() AS r_status, random() AS r_risk, random() AS r_cat, random() AS r_proj, random() AS r_rep, random() AS r_esc,
             random() AS r_age, random() AS r_due, random() AS r_text, random() AS r_ext
      FROM generate_series(1, $1::int) AS g
    ),
    shaped AS (
      SELECT b.*, r.category, r.lead, r.supporting, 1 + floor(b.r_proj * 130)::int AS project_no,
             CASE WHEN b.r_status < 0.30 THEN 'open' WHEN b.r_status < 0.35 THEN 'resolved' WHEN b.r_status < 0.90 THEN 'closed' ELSE 'withdrawn' END AS status,
             -- open issues are mostly recent; the record goes back two years
             now() - CASE WHEN b.r_status < 0.35 THEN power(b.r_age, 3) * interval '120 days' ELSE b.r_age * interval '730 days' END AS received_at,
             CASE WHEN b.r_esc < 0.6 THEN 0 ELSE least(4, 1 + floor((b.r_esc - 0.6) / 0.1)::int) END AS level
      FROM base b JOIN bench_routes r ON r.idx = 1 + floor(b.r_cat * 9)::int
    )
    INSERT INTO issues (id, workflow_id, project_id, category, risk, title, description, location, reporter_id, status, outcome,
                        lead_task_id, lead_department_id, supporting_department_ids, escalation_level, escalation_role, escalated, stalled,
                        accept_due, handle_due, handle_due_original, policy_version, received_at, resolved_at, closed_at, satisfaction,
                        sequence, snapshot, updated_at)
    SELECT 'bench-' || lpad(s.g::text, 7, '0'), 'issue:bench-' || lpad(s.g::text, 7, '0'), pa.ids[s.project_no], s.category,
           CASE WHEN s.r_risk < 0.40 THEN 'low' WHEN s.r_risk < 0.75 THEN 'medium' WHEN s.r_risk < 0.95 THEN 'high' ELSE 'critical' END,
           pa.names[s.project_no] || (ARRAY[${PHRASES.map((p) => `'${p}'`).join(',')}])[1 + floor(s.r_text * ${PHRASES.length})::int] || '（' || s.g || '）',
           CASE WHEN s.r_text * 1000 - floor(s.r_text * 1000) < 0.005 THEN '周边地基沉降，居民要求停工。' ELSE '项目推进中遇到的阻碍，需相关部门协调解决。' END,
           '高新区', CASE WHEN s.r_rep < 0.02 THEN 'reporter_investor' WHEN s.r_rep < 0.04 THEN 'reporter_contractor' WHEN s.r_rep < 0.05 THEN 'reporter_taskforce'
                          ELSE 'bench_reporter_' || floor(s.r_rep * 2000)::int END,
           s.status,
           CASE s.status WHEN 'closed' THEN (CASE WHEN s.r_ext < 0.8 THEN 'confirmed' ELSE 'unconfirmed' END) WHEN 'withdrawn' THEN 'withdrawn' END,
           'task-1', s.lead, CASE WHEN s.status IN ('open', 'resolved') THEN s.supporting ELSE '{}' END,
           s.level, (ARRAY['department_head','responsible_leader','zone_director','party_secretary'])[s.level], s.level > 0,
           s.status = 'open' AND s.level > 0,
           s.received_at + interval '2 hours',
           CASE WHEN s.r_due < 0.03 THEN NULL ELSE s.received_at + (1 + floor(s.r_due * 5)) * interval '1 day' + CASE WHEN s.r_ext < 0.05 THEN interval '3 days' ELSE interval '0' END END,
           CASE WHEN s.r_due < 0.03 THEN NULL ELSE s.received_at + (1 + floor(s.r_due * 5)) * interval '1 day' END,
           'bench', s.received_at,
           CASE WHEN s.status IN ('resolved', 'closed') THEN s.received_at + interval '3 days' END,
           CASE WHEN s.status IN ('closed', 'withdrawn') THEN s.received_at + interval '8 days' END,
           CASE WHEN s.status = 'closed' AND s.r_ext < 0.8 THEN 1 + floor(s.r_risk * 5)::int END,
           1, '{}'::jsonb, least(now(), s.received_at + interval '8 days')
    FROM shaped s CROSS JOIN projects_all pa`,
    [count],
  );
  // the lead task and one task per supporting department
  await dataSource.query(`
    INSERT INTO issue_tasks (issue_id, task_id, department_id, role, status, assigned_at, accepted_at, accepted_late, accept_due, handle_due,
                             handle_due_original, ended_at, escalation_level)
    SELECT i.id, 'task-' || t.n, t.department, CASE WHEN t.n = 1 THEN 'lead' ELSE 'supporting' END,
           CASE WHEN i.status = 'open' THEN (CASE WHEN (hashtext(i.id || t.n) & 1023) < 420 THEN 'assigned' ELSE 'accepted' END)
                WHEN i.status = 'resolved' THEN 'done' WHEN i.status = 'closed' THEN 'done' ELSE 'closed' END,
           i.received_at,
           CASE WHEN i.status = 'open' AND (hashtext(i.id || t.n) & 1023) < 420 THEN NULL ELSE i.received_at + interval '1 hour' END,
           CASE WHEN i.status = 'open' AND (hashtext(i.id || t.n) & 1023) < 420 THEN NULL ELSE false END,
           i.accept_due, i.handle_due, i.handle_due_original,
           CASE WHEN i.status = 'open' THEN NULL ELSE i.received_at + interval '3 days' END,
           CASE WHEN t.n = 1 THEN i.escalation_level ELSE 0 END
    FROM issues i
    JOIN bench_routes r ON r.category = i.category
    CROSS JOIN LATERAL (SELECT 1 AS n, r.lead AS department UNION ALL SELECT 1 + o.n, o.d FROM unnest(r.supporting) WITH ORDINALITY AS o(d, n)) t
    WHERE i.policy_version = 'bench'`);
  // one escalation step per level reached, to the people the ladder names, and the inbox notice of each
  await dataSource.query(`
    INSERT INTO escalations (issue_id, task_id, level, repeat, reached_at, department_id, role, cause, kind, due_at, fired_at, recipient_ids)
    SELECT i.id, 'task-1', l.level, 0, i.accept_due + l.level * interval '1 hour', i.lead_department_id,
           (ARRAY['department_head','responsible_leader','zone_director','party_secretary'])[l.level], 'accept', 'climbed',
           i.accept_due + l.level * interval '1 hour', i.accept_due + l.level * interval '1 hour' + interval '150 milliseconds',
           ARRAY[CASE l.level WHEN 1 THEN i.lead_department_id || '_head' WHEN 2 THEN coalesce(p.responsible_leader_id, 'leader_construction')
                              WHEN 3 THEN 'director' ELSE 'secretary' END]
    FROM issues i JOIN projects p ON p.id = i.project_id CROSS JOIN LATERAL generate_series(1, i.escalation_level) AS l(level)
    WHERE i.policy_version = 'bench'`);
  await dataSource.query(`
    INSERT INTO notifications (id, person_id, department_id, role, recipient, issue_id, task_id, topic, detail, created_at, read_at)
    SELECT e.issue_id || ':' || e.level || ':0:' || e.recipient_ids[1], pe.id, e.department_id, e.role, jsonb_build_object('kind', 'leader', 'role', e.role),
           e.issue_id, e.task_id, 'escalated', e.department_id || ': accept deadline missed, level ' || e.level || ' (' || e.role || ')', e.fired_at,
           CASE WHEN e.fired_at < now() - interval '30 days' THEN e.fired_at + interval '1 day' END
    FROM escalations e LEFT JOIN people pe ON pe.id = e.recipient_ids[1]
    WHERE e.issue_id LIKE 'bench-%'`);
  await dataSource.query(`DROP TABLE bench_routes`);
  // as autovacuum would leave a table that has settled: statistics and the visibility map (for index-only scans)
  await dataSource.query(`VACUUM ANALYZE`);
}
