// A refusal of the API (problem details: type, rule, errors[]) as a sentence a person reads, in Chinese or English:
// never a code. The rule names are the workflow's (libs/domain/src/issue, `reject('<rule>', …)`) and the API's
// (`access.<action>`, `issue.closed`, …); a rule not known here falls back to its kind (`<what>.no_task` → "no task"),
// then to the problem type, then to the API's own detail. Pure: no DOM, no React.
import type { Problem } from '../api/types';
import type { Lang } from './time';

type Text = { 'zh-CN': string; en: string };

/** The workflow's and the API's rules, by their full name. */
export const RULE_MESSAGES: Record<string, Text> = {
  'issue.closed': { 'zh-CN': '该问题已关闭，不能再办理。', en: 'The issue is closed; it takes no more actions.' },
  'accept.already_accepted': { 'zh-CN': '本部门已签收该任务。', en: 'Your department already accepted this task.' },
  'accept.no_task': { 'zh-CN': '本部门在该问题上没有任务。', en: 'Your department has no task on this issue.' },
  'acknowledge.already_acknowledged': { 'zh-CN': '该批示已确认。', en: 'The instruction was already acknowledged.' },
  'acknowledge.not_addressee': {
    'zh-CN': '该批示不是下达给本部门的。',
    en: 'The instruction is addressed to another department.',
  },
  'acknowledge.unknown_instruction': { 'zh-CN': '找不到该批示。', en: 'There is no such instruction on this issue.' },
  'assist.already_involved': {
    'zh-CN': '所选部门已在办理该问题。',
    en: 'A department you named already has a task on this issue.',
  },
  'assist.deadline_in_past': {
    'zh-CN': '协办期限必须晚于现在。',
    en: 'The assistance deadline must be in the future.',
  },
  'assist.department_code': { 'zh-CN': '请选择有效的部门。', en: 'Choose valid departments.' },
  'assist.departments_required': { 'zh-CN': '请至少选择一个协办部门。', en: 'Name at least one department.' },
  'assist.lead_only': { 'zh-CN': '只有牵头部门可以发起协办。', en: 'Only the lead department asks others to assist.' },
  'assist.not_dispatcher': {
    'zh-CN': '督查室负责派单，不参与协办。',
    en: 'The dispatcher routes issues; it does not assist.',
  },
  'extension.already_pending': {
    'zh-CN': '上一次延期申请仍在等待领导审批。',
    en: 'An earlier request for more time is still waiting for a leader.',
  },
  'extension.must_be_later': {
    'zh-CN': '延期后的期限必须晚于当前期限，且晚于现在。',
    en: 'The new deadline must be later than the current one and in the future.',
  },
  'extension.no_handling_deadline': {
    'zh-CN': '办理时限尚未开始，请先签收。',
    en: 'The handling clock has not started: accept the task first.',
  },
  'extension.no_request': { 'zh-CN': '该部门没有提出延期申请。', en: 'The department has not asked for more time.' },
  'extension.reason_required': { 'zh-CN': '请填写理由。', en: 'Give a reason.' },
  'extension.level_too_low': {
    'zh-CN': '延期须由当前督办层级或更高层级的领导审批。',
    en: 'Only a leader at the current escalation level or above may decide.',
  },
  'extension.own_department_head_only': {
    'zh-CN': '部门负责人只能审批本部门的任务。',
    en: "A department head decides only on their own department's task.",
  },
  'instruct.deadline_in_past': {
    'zh-CN': '批示期限必须晚于现在。',
    en: 'An instruction sets a deadline in the future.',
  },
  'instruct.text_required': { 'zh-CN': '请填写批示内容。', en: 'Write the instruction.' },
  'instruct.own_department_head_only': {
    'zh-CN': '部门负责人只能对本部门的任务作出批示。',
    en: "A department head instructs only their own department's task.",
  },
  'progress.note_required': { 'zh-CN': '请填写进展情况。', en: 'Write the progress note.' },
  'resolve.description_required': { 'zh-CN': '请填写办结情况。', en: 'Describe what was done.' },
  'resolve.dispatcher_routes': {
    'zh-CN': '督查室应派单给责任部门，而不是直接办结。',
    en: 'The dispatcher routes the issue to an owner rather than resolving it.',
  },
  'resolve.instruction_unacknowledged': {
    'zh-CN': '请先确认领导批示，再办结。',
    en: "Acknowledge the leader's instruction before resolving.",
  },
  'resolve.not_accepted': { 'zh-CN': '请先签收任务，再办结。', en: 'Accept the task before resolving it.' },
  'route.dispatcher_only': { 'zh-CN': '只有督查室可以派单。', en: 'Only the dispatcher routes an issue.' },
  'route.decision_final': {
    'zh-CN': '督查室已作出派单决定，该决定为最终决定；只有出现新的争议时才能重新派单。',
    en: "The dispatcher's decision is final; it is taken again only on a new dispute.",
  },
  'route.lead_not_dispatcher': {
    'zh-CN': '请指定一个责任部门，而不是督查室。',
    en: 'Name an owning department, not the dispatcher.',
  },
  'route.lead_required': { 'zh-CN': '请选择牵头部门。', en: 'Choose the lead department.' },
  'route.reason_required': { 'zh-CN': '请填写派单理由。', en: 'Give the reason for the decision.' },
  'route.supporting': { 'zh-CN': '配合部门选择有误。', en: 'A supporting department is not valid.' },
  'statutory_extension.after_deadline': {
    'zh-CN': '法定办结期限已过，不能再延期。',
    en: 'The legal deadline has passed; it can no longer be extended.',
  },
  'statutory_extension.already_concluded': { 'zh-CN': '该信访事项已办结。', en: 'The petition is concluded.' },
  'statutory_extension.not_a_petition': {
    'zh-CN': '只有信访事项有法定期限。',
    en: 'Only a petition has a statutory term.',
  },
  'statutory_extension.not_accepted': {
    'zh-CN': '信访事项尚未受理，没有可延长的办结期限。',
    en: 'The petition has not been accepted yet.',
  },
  'statutory_extension.reason_required': { 'zh-CN': '请填写延期理由。', en: 'Give a reason.' },
  'statutory_extension.zone_leader_only': {
    'zh-CN': '法定期限延长须由区领导批准。',
    en: 'A statutory extension is approved by a zone leader.',
  },
  'statutory_extension.must_be_later': {
    'zh-CN': '延长后的办结期限必须晚于当前期限。',
    en: 'The extended deadline must be later than the current one.',
  },
  'statutory_extension.once': { 'zh-CN': '法定期限只能延长一次。', en: 'The statutory term is extended only once.' },
  'statutory_extension.max': {
    'zh-CN': '延长时间超过法定上限（30日）。',
    en: 'The extension exceeds the statutory maximum.',
  },
  'statutory_extension.duration': { 'zh-CN': '延长时间格式不正确。', en: 'The extension is not a valid duration.' },
  'transfer.awaiting_dispatcher': {
    'zh-CN': '上一次转办正在等待督查室裁定。',
    en: 'An earlier transfer is waiting for the dispatcher to decide.',
  },
  'transfer.back_to_previous_holder': {
    'zh-CN': '该部门曾办理过此问题，已提交督查室裁定。',
    en: 'That department held this issue before; the dispatcher decides.',
  },
  'transfer.department_required': { 'zh-CN': '请选择接收部门。', en: 'Choose the receiving department.' },
  'transfer.dispatcher_decision_final': {
    'zh-CN': '督查室已指定本部门办理，该决定为最终决定，不能再转办。',
    en: 'The dispatcher named your department as owner; that decision is final.',
  },
  'transfer.lead_only': {
    'zh-CN': '只有牵头部门可以转办。',
    en: 'Only the department that owns the issue may transfer it.',
  },
  'transfer.limit_reached': {
    'zh-CN': '转办次数已达上限，已提交督查室裁定。',
    en: 'The transfer limit is reached; the dispatcher decides.',
  },
  'transfer.reason_required': { 'zh-CN': '转办必须填写理由。', en: 'A transfer needs a reason.' },
  'transfer.returned_to_dispatcher': {
    'zh-CN': '已退回督查室（退单），由督查室重新派单。',
    en: 'Returned to the dispatcher (退单), who routes it again.',
  },
  'transfer.same_department': { 'zh-CN': '本部门已经是责任部门。', en: 'That department already owns the issue.' },
  'verify.not_resolved': {
    'zh-CN': '该问题尚未办结，无需评价。',
    en: 'The issue is not resolved; there is nothing to verify.',
  },
  'verify.outcome': { 'zh-CN': '请选择确认或退回。', en: 'Confirm or reject.' },
  'verify.reason_required': { 'zh-CN': '退回须填写理由。', en: 'Rejecting needs a reason.' },
  'verify.reporter_only': {
    'zh-CN': '只有提交该问题的人可以确认或退回。',
    en: 'Only the reporter of the issue confirms or rejects its resolution.',
  },
  'verify.satisfaction_range': { 'zh-CN': '满意度为1至5分。', en: 'Satisfaction is a whole number from 1 to 5.' },
  'verify.satisfaction_required': {
    'zh-CN': '确认办结请给出满意度（1–5分）。',
    en: 'Confirming needs a satisfaction from 1 to 5.',
  },
  'verify.window_closed': { 'zh-CN': '回访期限已过，不能再确认或退回。', en: 'The verification window has closed.' },
  'withdraw.already_closed': { 'zh-CN': '该问题已关闭。', en: 'The issue is already closed.' },
  'withdraw.reason_required': { 'zh-CN': '撤回须填写理由。', en: 'Withdrawing needs a reason.' },
  'withdraw.reporter_or_dispatcher': {
    'zh-CN': '只有提交人或督查室可以撤回问题。',
    en: 'Only the reporter or the dispatcher withdraws an issue.',
  },
  'idempotency.key_reused': {
    'zh-CN': '这份表单已提交过不同的内容，请重新打开表单后再提交。',
    en: 'This form was already sent with other content; open it again and resend.',
  },
};

/** The kinds of refusal several rules share (`<what>.<kind>`, libs/domain/src/issue/actors.ts). */
const RULE_KIND_MESSAGES: Record<string, Text> = {
  issue_not_open: { 'zh-CN': '该问题当前不在办理中。', en: 'The issue is not open.' },
  no_task: { 'zh-CN': '本部门在该问题上没有在办任务。', en: 'Your department has no active task on this issue.' },
  department_staff_only: {
    'zh-CN': '此操作须由承办部门的经办人或负责人进行。',
    en: "This is done by a department's staff or head.",
  },
  actor_required: { 'zh-CN': '请重新登录后再试。', en: 'Sign in again and retry.' },
  leader_only: { 'zh-CN': '此操作须由领导进行。', en: 'This is for a leader.' },
  level_too_low: {
    'zh-CN': '须由当前督办层级或更高层级的领导决定。',
    en: 'Only a leader at the current level or above may decide.',
  },
  own_department_head_only: {
    'zh-CN': '部门负责人只能处理本部门的任务。',
    en: "A department head acts only on their own department's task.",
  },
  task_not_active: { 'zh-CN': '该任务已结束。', en: 'That task has ended.' },
  unknown_task: { 'zh-CN': '找不到该任务。', en: 'There is no such task on this issue.' },
  reason_required: { 'zh-CN': '请填写理由。', en: 'Give a reason.' },
};

/** By problem type, when the rule says nothing more. */
const TYPE_MESSAGES: Record<string, Text> = {
  '/problems/invalid-credentials': { 'zh-CN': '用户名或密码不正确。', en: 'Wrong username or password.' },
  '/problems/unauthenticated': { 'zh-CN': '登录已失效，请重新登录。', en: 'Your session has ended; sign in again.' },
  '/problems/invalid-token': { 'zh-CN': '登录已失效，请重新登录。', en: 'Your session has ended; sign in again.' },
  '/problems/forbidden': { 'zh-CN': '您无权进行此操作。', en: 'You may not take this action.' },
  '/problems/not-found': {
    'zh-CN': '找不到该内容，或您无权查看。',
    en: 'Not found, or not something you may see.',
  },
  '/problems/too-many-requests': { 'zh-CN': '操作过于频繁，请稍后再试。', en: 'Too many requests; try again shortly.' },
  '/problems/service-unavailable': {
    'zh-CN': '服务暂时不可用，请稍后重试。',
    en: 'The service is unavailable for now; retry shortly.',
  },
  '/problems/database-unavailable': {
    'zh-CN': '服务暂时不可用，请稍后重试。',
    en: 'The service is unavailable for now; retry shortly.',
  },
  '/problems/request-timeout': { 'zh-CN': '请求超时，请重试。', en: 'The request timed out; retry.' },
  '/problems/payload-too-large': { 'zh-CN': '提交的内容过长。', en: 'What you sent is too large.' },
  '/problems/internal-error': { 'zh-CN': '系统出错了，请稍后重试。', en: 'Something went wrong; retry shortly.' },
  '/problems/network': { 'zh-CN': '网络连接失败，请检查网络后重试。', en: 'The network failed; check it and retry.' },
};

/** The fields of the forms, for a validation error that names one. */
const FIELD_NAMES: Record<string, Text> = {
  projectId: { 'zh-CN': '项目', en: 'project' },
  category: { 'zh-CN': '类别', en: 'category' },
  risk: { 'zh-CN': '风险等级', en: 'risk' },
  title: { 'zh-CN': '标题', en: 'title' },
  description: { 'zh-CN': '描述', en: 'description' },
  location: { 'zh-CN': '地点', en: 'location' },
  note: { 'zh-CN': '进展情况', en: 'note' },
  reason: { 'zh-CN': '理由', en: 'reason' },
  to: { 'zh-CN': '接收部门', en: 'receiving department' },
  departments: { 'zh-CN': '协办部门', en: 'departments' },
  until: { 'zh-CN': '延期至', en: 'new deadline' },
  due: { 'zh-CN': '期限', en: 'deadline' },
  text: { 'zh-CN': '批示内容', en: 'instruction' },
  satisfaction: { 'zh-CN': '满意度', en: 'satisfaction' },
  outcome: { 'zh-CN': '评价结果', en: 'outcome' },
  lead: { 'zh-CN': '牵头部门', en: 'lead department' },
  supporting: { 'zh-CN': '配合部门', en: 'supporting departments' },
  username: { 'zh-CN': '用户名', en: 'username' },
  password: { 'zh-CN': '密码', en: 'password' },
  extension: { 'zh-CN': '延长时间', en: 'extension' },
};

/** The field rules of a 400, in words. */
const FIELD_RULE_MESSAGES: Record<string, Text> = {
  isLength: { 'zh-CN': '长度不符合要求', en: 'has the wrong length' },
  isNotEmpty: { 'zh-CN': '不能为空', en: 'must not be empty' },
  matches: { 'zh-CN': '格式不正确', en: 'is not in the right form' },
  isIn: { 'zh-CN': '取值无效', en: 'is not one of the allowed values' },
  isText: { 'zh-CN': '包含不允许的字符', en: 'contains a character that is not allowed' },
  'text.forbidden_character': { 'zh-CN': '包含不允许的字符', en: 'contains a character that is not allowed' },
  exists: { 'zh-CN': '不存在', en: 'does not exist' },
  min: { 'zh-CN': '数值过小', en: 'is too small' },
  max: { 'zh-CN': '数值过大', en: 'is too large' },
};

function pick(text: Text, lang: Lang): string {
  return text[lang];
}

/** The sentence for a refusal. */
export function problemMessage(problem: Problem, lang: Lang): string {
  const rule = problem.rule;
  if (rule) {
    const known = RULE_MESSAGES[rule];
    if (known) return pick(known, lang);
    if (rule.startsWith('access.')) return lang === 'zh-CN' ? '您无权进行此操作。' : 'You may not take this action.';
    const kind = RULE_KIND_MESSAGES[rule.slice(rule.indexOf('.') + 1)];
    if (kind) return pick(kind, lang);
  }
  if (
    problem.errors?.length &&
    (problem.type === '/problems/validation' || problem.type === '/problems/unknown-reference')
  ) {
    const parts = problem.errors.map((error) => {
      const field = FIELD_NAMES[error.field] ? pick(FIELD_NAMES[error.field], lang) : error.field;
      const what = FIELD_RULE_MESSAGES[error.rule];
      return what ? `${field}${lang === 'zh-CN' ? '' : ' '}${pick(what, lang)}` : `${field}: ${error.message}`;
    });
    const unique = [...new Set(parts)];
    return lang === 'zh-CN' ? `请检查：${unique.join('；')}。` : `Check: ${unique.join('; ')}.`;
  }
  const byType = TYPE_MESSAGES[problem.type];
  if (byType) return pick(byType, lang);
  if (problem.detail) return problem.detail;
  return lang === 'zh-CN' ? `操作失败（${problem.status}）。` : `The request failed (${problem.status}).`;
}

/** The sentence for a notice of an action taken but not as asked (a transfer sent to the dispatcher). */
export function noticeMessage(notice: { rule: string; message: string }, lang: Lang): string {
  const known = RULE_MESSAGES[notice.rule];
  return known ? pick(known, lang) : notice.message;
}
