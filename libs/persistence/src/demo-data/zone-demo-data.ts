import type { DepartmentKind } from '../entities/department.entity';
import type { ActorRole } from '@unblock/domain';
import type { ProjectKind, ProjectStatus } from '../entities/project.entity';

/** The password every demo user signs in with. Demo data is for trying the product, never for production. */
export const DEMO_PASSWORD = 'unblock-demo';

export interface DemoDepartment {
  id: string;
  name: string;
  nameEn: string;
  kind: DepartmentKind;
}

export interface DemoPerson {
  id: string;
  username: string;
  name: string;
  title: string;
  roles: ActorRole[];
  departmentId: string | null;
  organisation?: string;
  /** a mainland mobile number (for @-mentions in group robots): 138 and eight digits, distinct per person */
  mobile: string;
  /** `<username>@zone.example.gov.cn` */
  email: string;
}

export interface DemoProject {
  id: string;
  name: string;
  kind: ProjectKind;
  status: ProjectStatus;
  majorIndustrial: boolean;
  publiclyCommitted: boolean;
  owner: string;
  location: string;
  plannedCompletion: string;
  responsibleLeaderId: string;
  leadDepartmentId: string;
}

/** The zone's departments, modelled on a high-tech development zone's administrative committee. */
export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { id: 'leadership', name: '党工委、管委会领导', nameEn: 'Zone leadership', kind: 'leadership' },
  { id: 'dispatch', name: '督查室（调度中心）', nameEn: 'Supervision office and dispatch centre', kind: 'dispatch' },
  { id: 'land_office', name: '征地拆迁办公室', nameEn: 'Land acquisition and demolition office', kind: 'department' },
  { id: 'planning', name: '规划建设局', nameEn: 'Planning and construction bureau', kind: 'department' },
  { id: 'approval', name: '行政审批服务局', nameEn: 'Administrative approval bureau', kind: 'department' },
  { id: 'petition_office', name: '信访办公室', nameEn: 'Petitions office', kind: 'department' },
  { id: 'enforcement', name: '综合执法局', nameEn: 'Comprehensive law enforcement bureau', kind: 'department' },
  { id: 'police', name: '公安分局', nameEn: 'Police sub-bureau', kind: 'department' },
  {
    id: 'publicity',
    name: '党群工作部（网信）',
    nameEn: 'Publicity and online information department',
    kind: 'department',
  },
  { id: 'finance', name: '财政局', nameEn: 'Finance bureau', kind: 'department' },
  { id: 'utilities', name: '市政公用局', nameEn: 'Municipal utilities bureau', kind: 'department' },
  { id: 'economic', name: '经济发展局', nameEn: 'Economic development bureau', kind: 'department' },
];

const HANDLING_DEPARTMENTS: Array<{ id: string; head: [string, string]; staff: [string, string] }> = [
  { id: 'land_office', head: ['王建国', '征地拆迁办主任'], staff: ['李春梅', '征地拆迁办经办人'] },
  { id: 'planning', head: ['赵志强', '规划建设局局长'], staff: ['孙晓燕', '规划建设局经办人'] },
  { id: 'approval', head: ['周文华', '行政审批服务局局长'], staff: ['吴丽娜', '行政审批服务局经办人'] },
  { id: 'petition_office', head: ['郑海涛', '信访办主任'], staff: ['冯雪', '信访办经办人'] },
  { id: 'enforcement', head: ['陈国庆', '综合执法局局长'], staff: ['褚明', '综合执法局经办人'] },
  { id: 'police', head: ['卫东', '公安分局局长'], staff: ['蒋涛', '公安分局民警'] },
  { id: 'publicity', head: ['沈静', '党群工作部部长'], staff: ['韩梅', '网信经办人'] },
  { id: 'finance', head: ['杨帆', '财政局局长'], staff: ['朱琳', '财政局经办人'] },
  { id: 'utilities', head: ['秦岭', '市政公用局局长'], staff: ['尤佳', '市政公用局经办人'] },
  { id: 'economic', head: ['许可', '经济发展局局长'], staff: ['何平', '经济发展局经办人'] },
];

type DemoPersonBase = Omit<DemoPerson, 'mobile' | 'email'>;

/** The demo mobile number of the person at `index`: 138 and eight digits (13800000001, 13800000002, …). */
export function demoMobile(index: number): string {
  return `138${String(index + 1).padStart(8, '0')}`;
}

const PEOPLE: DemoPersonBase[] = [
  {
    id: 'secretary',
    username: 'secretary',
    name: '刘振华',
    title: '党工委书记',
    roles: ['party_secretary'],
    departmentId: 'leadership',
  },
  {
    id: 'director',
    username: 'director',
    name: '张明远',
    title: '管委会主任',
    roles: ['zone_director'],
    departmentId: 'leadership',
  },
  {
    id: 'leader_construction',
    username: 'leader.construction',
    name: '马骏',
    title: '分管城建副主任',
    roles: ['responsible_leader'],
    departmentId: 'leadership',
  },
  {
    id: 'leader_industry',
    username: 'leader.industry',
    name: '高翔',
    title: '分管招商产业副主任',
    roles: ['responsible_leader'],
    departmentId: 'leadership',
  },
  {
    id: 'leader_stability',
    username: 'leader.stability',
    name: '林正',
    title: '分管政法稳定副书记',
    roles: ['responsible_leader'],
    departmentId: 'leadership',
  },
  {
    id: 'dispatcher',
    username: 'dispatcher',
    name: '黄敏',
    title: '督查室主任（调度中心）',
    roles: ['dispatcher'],
    departmentId: 'dispatch',
  },
  {
    id: 'admin',
    username: 'admin',
    name: '周立',
    title: '系统管理员（信息中心）',
    roles: ['administrator'],
    departmentId: 'dispatch',
  },
  ...HANDLING_DEPARTMENTS.flatMap(({ id, head, staff }): DemoPersonBase[] => [
    {
      id: `${id}_head`,
      username: `${id}.head`,
      name: head[0],
      title: head[1],
      roles: ['department_head'],
      departmentId: id,
    },
    { id: `${id}_staff`, username: `${id}.staff`, name: staff[0], title: staff[1], roles: ['staff'], departmentId: id },
  ]),
  {
    id: 'reporter_investor',
    username: 'reporter.investor',
    name: '钱立新',
    title: '项目负责人',
    roles: ['reporter'],
    departmentId: null,
    organisation: '华芯半导体（投资业主）',
  },
  {
    id: 'reporter_contractor',
    username: 'reporter.contractor',
    name: '邓建军',
    title: '项目经理',
    roles: ['reporter'],
    departmentId: null,
    organisation: '中建某局（施工企业）',
  },
  {
    id: 'reporter_taskforce',
    username: 'reporter.taskforce',
    name: '曹宇',
    title: '专班联络员',
    roles: ['reporter'],
    departmentId: null,
    organisation: '高新大道项目专班',
  },
];

/**
 * People with every role: leaders up the ladder, the dispatcher, the administrator, a head and a staff member per
 * department, reporters; each with a demo mobile number and e-mail address.
 */
export const DEMO_PEOPLE: DemoPerson[] = PEOPLE.map((person, index) => ({
  ...person,
  mobile: demoMobile(index),
  email: `${person.username}@zone.example.gov.cn`,
}));

const road = (n: number, name: string, completion: string): DemoProject => ({
  id: `GX-ROAD-${String(n).padStart(2, '0')}`,
  name,
  kind: 'road',
  status: 'under_construction',
  majorIndustrial: false,
  publiclyCommitted: true,
  owner: '高新区城投公司',
  location: '高新区',
  plannedCompletion: completion,
  responsibleLeaderId: 'leader_construction',
  leadDepartmentId: 'planning',
});

const community = (n: number, name: string, completion: string): DemoProject => ({
  id: `GX-HOME-${String(n).padStart(2, '0')}`,
  name,
  kind: 'residential',
  status: 'under_construction',
  majorIndustrial: false,
  publiclyCommitted: true,
  owner: '高新区安居公司',
  location: '高新区',
  plannedCompletion: completion,
  responsibleLeaderId: 'leader_construction',
  leadDepartmentId: 'land_office',
});

const industrial = (n: number, name: string, owner: string, committed: boolean, completion: string): DemoProject => ({
  id: `GX-IND-${String(n).padStart(2, '0')}`,
  name,
  kind: 'industrial',
  status: 'under_construction',
  majorIndustrial: true,
  publiclyCommitted: committed,
  owner,
  location: '高新区产业园',
  plannedCompletion: completion,
  responsibleLeaderId: 'leader_industry',
  leadDepartmentId: 'economic',
});

/** Key projects: the roads that must open on schedule, the communities to hand over, utilities, and major industrial projects. */
export const DEMO_PROJECTS: DemoProject[] = [
  road(1, '高新大道', '2026-12-31'),
  road(2, '创新路', '2026-10-31'),
  road(3, '科技一路', '2026-11-30'),
  road(4, '创业大道东段', '2027-06-30'),
  road(5, '锦业二路', '2026-12-31'),
  road(6, '云水路', '2027-03-31'),
  road(7, '天谷八路', '2027-05-31'),
  road(8, '森林大道', '2027-09-30'),
  community(1, '高新安置一期（和园小区）', '2026-12-31'),
  community(2, '高新安置二期（睦园小区）', '2026-12-31'),
  community(3, '高新安置三期（安园小区）', '2027-06-30'),
  community(4, '高新安置四期（康园小区）', '2027-06-30'),
  community(5, '高新安置五期（乐园小区）', '2027-10-31'),
  community(6, '高新安置六期（泰园小区）', '2027-12-31'),
  {
    id: 'GX-UTIL-01',
    name: '高新区污水处理厂',
    kind: 'utilities',
    status: 'under_construction',
    majorIndustrial: false,
    publiclyCommitted: true,
    owner: '高新区水务公司',
    location: '高新区东北角',
    plannedCompletion: '2027-03-31',
    responsibleLeaderId: 'leader_construction',
    leadDepartmentId: 'utilities',
  },
  {
    id: 'GX-UTIL-02',
    name: '110千伏创新变电站',
    kind: 'utilities',
    status: 'planned',
    majorIndustrial: false,
    publiclyCommitted: true,
    owner: '国网供电公司',
    location: '创新路与科技一路交叉口',
    plannedCompletion: '2027-06-30',
    responsibleLeaderId: 'leader_construction',
    leadDepartmentId: 'utilities',
  },
  industrial(1, '华芯半导体封测基地', '华芯半导体有限公司', true, '2027-12-31'),
  industrial(2, '新能源动力电池产业园', '储能科技集团', true, '2027-09-30'),
  industrial(3, '智能装备制造基地', '精工智能装备有限公司', false, '2027-06-30'),
  industrial(4, '生物医药产业园', '康泰生物医药有限公司', true, '2028-06-30'),
  industrial(5, '高新区数据中心', '云算科技有限公司', false, '2027-03-31'),
  {
    id: 'GX-PUB-01',
    name: '高新区第一九年制学校',
    kind: 'public_service',
    status: 'under_construction',
    majorIndustrial: false,
    publiclyCommitted: true,
    owner: '高新区社会事业局',
    location: '高新区',
    plannedCompletion: '2027-08-31',
    responsibleLeaderId: 'leader_stability',
    leadDepartmentId: 'planning',
  },
];
