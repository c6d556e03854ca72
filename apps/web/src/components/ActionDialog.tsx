// The form of one action (its fields, its Idempotency-Key made once per dialog, the refusal in words); loaded on
// demand, with its date pickers and the like, when a person first opens an action.
import { useMemo, useState } from 'react';
import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Rate, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, newIdempotencyKey } from '../api/client';
import { api } from '../api/endpoints';
import type { IssueDetail } from '../api/types';
import { useDirectory } from '../hooks/use-directory';
import { useI18n } from '../i18n/i18n';
import { assistCandidates, transferCandidates, type IssueFacts, type OfferedAction } from '../logic/issue-actions';
import { noticeMessage, problemMessage } from '../logic/problems';
import { formatZoneTime, zoneIso } from '../logic/time';
import { SelectField } from './form-fields';

interface FormValues {
  note?: string;
  reason?: string;
  to?: string;
  departments?: string[];
  due?: Dayjs;
  until?: Dayjs;
  text?: string;
  description?: string;
  outcome?: 'confirm' | 'reject';
  satisfaction?: number;
  lead?: string;
  supporting?: string[];
  days?: number;
}

export default function ActionDialog({
  issue,
  facts,
  offered,
  onClose,
  onDone,
}: {
  issue: Pick<IssueDetail, 'id' | 'instructions' | 'tasks'>;
  facts: IssueFacts;
  offered: OfferedAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const { message, notification } = App.useApp();
  const { departments, departmentName } = useDirectory();
  const [form] = Form.useForm<FormValues>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // one key per dialog: a retry of this submission is taken once
  const idempotencyKey = useMemo(() => newIdempotencyKey(), []);
  const action = offered.action;
  const task = facts.tasks.find((x) => x.id === offered.taskId);
  const handling = departments.filter((d) => d.kind === 'department').map((d) => d.id);
  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  const picked = [{ required: true, message: t('form.required') }];
  const later = (days: number) => dayjs(Math.max(task?.handleDue ?? Date.now(), Date.now())).add(days, 'day');

  const initial: FormValues =
    action === 'requestExtension'
      ? { until: later(1) }
      : action === 'grantExtension'
        ? { until: task?.extensionRequest ? dayjs(task.extensionRequest.until) : later(1) }
        : action === 'instruct'
          ? { due: dayjs().add(1, 'day').hour(17).minute(30).second(0) }
          : action === 'verify'
            ? { outcome: 'confirm', satisfaction: 5 }
            : action === 'extendStatutoryTerm'
              ? { days: 30 }
              : {};

  const bodyOf = (v: FormValues): Record<string, unknown> => {
    switch (action) {
      case 'accept':
        return {};
      case 'progress':
        return { note: v.note };
      case 'transfer':
        return { to: v.to, reason: v.reason };
      case 'assist':
        return {
          departments: v.departments,
          ...(v.reason ? { reason: v.reason } : {}),
          ...(v.due ? { due: zoneIso(v.due.valueOf()) } : {}),
        };
      case 'requestExtension':
        return { reason: v.reason, until: zoneIso(v.until!.valueOf()) };
      case 'grantExtension':
        return { taskId: offered.taskId, until: zoneIso(v.until!.valueOf()) };
      case 'refuseExtension':
        return { taskId: offered.taskId, reason: v.reason };
      case 'instruct':
        return { taskId: offered.taskId, text: v.text, due: zoneIso(v.due!.valueOf()) };
      case 'acknowledge':
        return { instructionId: offered.instructionId };
      case 'resolve':
        return { description: v.description };
      case 'verify':
        return v.outcome === 'confirm'
          ? { outcome: 'confirm', satisfaction: v.satisfaction }
          : { outcome: 'reject', reason: v.reason, ...(v.satisfaction ? { satisfaction: v.satisfaction } : {}) };
      case 'withdraw':
        return { reason: v.reason };
      case 'route':
        return { lead: v.lead, reason: v.reason, ...(v.supporting?.length ? { supporting: v.supporting } : {}) };
      case 'extendStatutoryTerm':
        return { reason: v.reason, extension: `P${v.days}D` };
    }
  };

  const submit = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSending(true);
    setError(null);
    try {
      const answer = await api.act(issue.id, action, bodyOf(values), idempotencyKey);
      message.success(t('action.done', { action: t(`action.${action}`) }));
      if (answer.notice)
        notification.info({ title: t(`action.${action}`), description: noticeMessage(answer.notice, lang) });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? problemMessage(e.problem, lang) : String(e));
    } finally {
      setSending(false);
    }
  };

  const instruction = issue.instructions.find((i) => i.id === offered.instructionId);
  const outcome = Form.useWatch('outcome', form);
  const textArea = (name: keyof FormValues, label: string, isRequired = true) => (
    <Form.Item name={name} label={label} rules={isRequired ? required : []}>
      <Input.TextArea rows={3} maxLength={2000} showCount data-testid={`field-${name}`} />
    </Form.Item>
  );
  const departmentsField = (
    name: 'to' | 'departments' | 'lead' | 'supporting',
    label: string,
    codes: string[],
    how: { required?: boolean; multiple?: boolean },
  ) => (
    <SelectField
      name={name}
      label={label}
      options={codes.map((code) => ({ value: code, label: departmentName(code) }))}
      searchable
      {...how}
    />
  );
  const time = (name: 'due' | 'until', label: string, isRequired = true) => (
    <Form.Item name={name} label={label} rules={isRequired ? picked : []}>
      <DatePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        style={{ width: '100%' }}
        disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
        placeholder={t('form.pickTime')}
        data-testid={`field-${name}`}
      />
    </Form.Item>
  );

  return (
    <Modal
      open
      title={`${t(`action.${action}`)}${task && action !== 'requestExtension' ? t('action.forTask', { department: departmentName(task.department) }) : ''}`}
      onCancel={onClose}
      onOk={submit}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={sending}
      okButtonProps={{ 'data-testid': 'action-submit' } as Record<string, string>}
      destroyOnHidden
      data-testid={`action-form-${action}`}
    >
      <Form form={form} layout="vertical" initialValues={initial} disabled={sending}>
        {action === 'accept' ? <Typography.Paragraph>{t('action.accept')}？</Typography.Paragraph> : null}
        {action === 'acknowledge' && instruction ? (
          <Typography.Paragraph>
            「{instruction.text}」 — {formatZoneTime(instruction.due)}
          </Typography.Paragraph>
        ) : null}
        {action === 'progress' ? textArea('note', t('form.note')) : null}
        {action === 'transfer' ? (
          <>
            <Typography.Paragraph type="secondary">{t('form.transferHint')}</Typography.Paragraph>
            {departmentsField('to', t('form.to'), transferCandidates(facts, [...handling, facts.dispatcher]), {
              required: true,
            })}
            {textArea('reason', t('form.reason'))}
          </>
        ) : null}
        {action === 'assist' ? (
          <>
            {departmentsField('departments', t('form.departments'), assistCandidates(facts, handling), {
              required: true,
              multiple: true,
            })}
            {textArea('reason', t('form.reason'), false)}
            {time('due', t('form.assistDue'), false)}
          </>
        ) : null}
        {action === 'requestExtension' ? (
          <>
            {time('until', t('form.until'))}
            {textArea('reason', t('form.reason'))}
          </>
        ) : null}
        {action === 'grantExtension' || action === 'refuseExtension' ? (
          task?.extensionRequest ? (
            <Typography.Paragraph type="secondary">
              {t('form.requested', {
                until: formatZoneTime(task.extensionRequest.until),
                reason: task.extensionRequest.reason,
              })}
            </Typography.Paragraph>
          ) : null
        ) : null}
        {action === 'grantExtension' ? time('until', t('form.until')) : null}
        {action === 'refuseExtension' ? textArea('reason', t('form.reason')) : null}
        {action === 'instruct' ? (
          <>
            {textArea('text', t('form.text'))}
            {time('due', t('form.due'))}
          </>
        ) : null}
        {action === 'resolve' ? textArea('description', t('form.description')) : null}
        {action === 'verify' ? (
          <>
            <Form.Item name="outcome" label={t('form.outcome')}>
              <Radio.Group data-testid="field-outcome">
                <Radio.Button value="confirm">{t('form.outcome.confirm')}</Radio.Button>
                <Radio.Button value="reject">{t('form.outcome.reject')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="satisfaction" label={t('form.satisfaction')} rules={outcome === 'confirm' ? picked : []}>
              <Rate count={5} data-testid="field-satisfaction" />
            </Form.Item>
            {outcome === 'reject' ? textArea('reason', t('form.reason')) : null}
          </>
        ) : null}
        {action === 'withdraw' ? textArea('reason', t('form.reason')) : null}
        {action === 'route' ? (
          <>
            {departmentsField('lead', t('form.lead'), handling, { required: true })}
            {departmentsField('supporting', t('form.supporting'), handling, { multiple: true })}
            {textArea('reason', t('form.reason'))}
          </>
        ) : null}
        {action === 'extendStatutoryTerm' ? (
          <>
            <Form.Item name="days" label={t('form.extension')} rules={picked}>
              <InputNumber min={1} max={30} data-testid="field-days" />
            </Form.Item>
            {textArea('reason', t('form.reason'))}
          </>
        ) : null}
      </Form>
      {error ? (
        <Typography.Text type="danger" data-testid="action-error">
          {error}
        </Typography.Text>
      ) : null}
    </Modal>
  );
}
