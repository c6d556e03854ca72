// 新增渠道: the form of a new notice channel in a dialog — kind, name, whom it belongs to (a department, a person,
// or the whole zone), endpoint, signing secret (a password field, with which kinds need one), quiet hours and a
// limit a minute. The API checks each kind's rules; its field errors are shown on their fields, in words.
// Test ids: `channel-form`, `field-<name>` (kind, name, owner, departmentId, personId, endpoint, secret,
// quietHours, perMinute), `channel-submit`, `channel-form-error`.
import { useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import {
  CHANNEL_KINDS,
  CHANNEL_PER_MINUTE,
  type ChannelKind,
  type NoticeChannel,
  type NoticeChannelInput,
} from '../api/types';
import { useDirectory } from '../hooks/use-directory';
import { choicesOf, useI18n } from '../i18n/i18n';
import { CHANNEL_FIELDS, channelFormErrors, secretNeed } from '../logic/channel-form';
import { problemMessage } from '../logic/problems';

type Owner = 'department' | 'person' | 'zone';
interface Values {
  kind: ChannelKind;
  name: string;
  owner: Owner;
  departmentId?: string;
  personId?: string;
  endpoint: string;
  secret?: string;
  quietHours: boolean;
  perMinute?: number | null;
}

export function ChannelForm({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (channel: NoticeChannel) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { departments } = useDirectory();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();
  const kind = Form.useWatch('kind', form) ?? 'wecom';
  const owner = Form.useWatch('owner', form) ?? 'department';
  const need = secretNeed(kind);

  const submit = async (values: Values) => {
    setRefusal(undefined);
    // the fields' own errors go with a new try
    form.setFields(CHANNEL_FIELDS.map((name) => ({ name, errors: [] })));
    const body: NoticeChannelInput = {
      kind: values.kind,
      name: values.name.trim(),
      endpoint: values.endpoint.trim(),
      quietHours: !!values.quietHours,
      ...(values.owner === 'department' && values.departmentId ? { departmentId: values.departmentId } : {}),
      ...(values.owner === 'person' && values.personId?.trim() ? { personId: values.personId.trim() } : {}),
      ...(need !== 'refused' && values.secret ? { secret: values.secret } : {}),
      ...(values.perMinute ? { perMinute: values.perMinute } : {}),
    };
    setSaving(true);
    try {
      const channel = await api.createChannel(body);
      message.success(t('channels.created', { name: channel.name }));
      form.resetFields();
      onCreated(channel);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const { fields, unplaced } = channelFormErrors(error.problem, values.kind, lang);
      form.setFields(Object.entries(fields).map(([name, errors]) => ({ name: name as keyof Values, errors })));
      if (unplaced || Object.keys(fields).length === 0) setRefusal(problemMessage(error.problem, lang));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('channels.createTitle')}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        setRefusal(undefined);
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'channel-submit' } as Record<string, string>}
      destroyOnHidden
      width={560}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ kind: 'wecom', owner: 'department', quietHours: false }}
        onFinish={(values) => void submit(values)}
        data-testid="channel-form"
        preserve={false}
      >
        <Form.Item
          name="kind"
          label={t('channels.form.kind')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Select
            options={choicesOf(t, 'channelKind', CHANNEL_KINDS)}
            data-testid="field-kind"
            onChange={(next: ChannelKind) => {
              if (secretNeed(next) === 'refused') form.setFieldValue('secret', undefined);
              form.setFields([
                { name: 'endpoint', errors: [] },
                { name: 'secret', errors: [] },
                { name: 'perMinute', errors: [] },
              ]);
            }}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('channels.form.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} placeholder={t('channels.form.namePlaceholder')} data-testid="field-name" />
        </Form.Item>
        <Form.Item name="owner" label={t('channels.form.owner')}>
          <Radio.Group
            optionType="button"
            data-testid="field-owner"
            options={[
              { value: 'department', label: t('channels.form.ownerDepartment') },
              { value: 'person', label: t('channels.form.ownerPerson') },
              { value: 'zone', label: t('channels.form.ownerZone') },
            ]}
          />
        </Form.Item>
        {owner === 'department' ? (
          <Form.Item
            name="departmentId"
            label={t('channels.form.department')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={departments.map((d) => ({ value: d.id, label: lang === 'zh-CN' ? d.name : d.nameEn }))}
              data-testid="field-departmentId"
            />
          </Form.Item>
        ) : owner === 'person' ? (
          <Form.Item
            name="personId"
            label={t('channels.form.person')}
            rules={[{ required: true, whitespace: true, message: t('form.required') }]}
          >
            <Input maxLength={64} placeholder={t('channels.form.personPlaceholder')} data-testid="field-personId" />
          </Form.Item>
        ) : (
          <Alert type="info" showIcon title={t('channels.form.ownerZoneHint')} style={{ marginBottom: 16 }} />
        )}
        <Form.Item
          name="endpoint"
          label={t('channels.form.endpoint')}
          extra={
            <>
              <div>{t(`channels.form.endpoint.${kind}`)}</div>
              <div>{t('channels.form.endpointSaved')}</div>
            </>
          }
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input
            maxLength={2000}
            autoComplete="off"
            spellCheck={false}
            inputMode={kind === 'email' ? 'email' : 'url'}
            data-testid="field-endpoint"
          />
        </Form.Item>
        <Form.Item
          name="secret"
          label={t('channels.form.secret')}
          extra={
            <>
              <div>{t(`channels.form.secret.${need}`)}</div>
              {need !== 'refused' ? <div>{t('channels.form.secretSaved')}</div> : null}
            </>
          }
          rules={need === 'required' ? [{ required: true, message: t('form.required') }] : undefined}
        >
          <Input.Password
            maxLength={256}
            autoComplete="new-password"
            disabled={need === 'refused'}
            data-testid="field-secret"
          />
        </Form.Item>
        <Form.Item
          name="quietHours"
          label={t('channels.form.quietHours')}
          valuePropName="checked"
          extra={t('channels.form.quietHoursHint')}
        >
          <Switch data-testid="field-quietHours" />
        </Form.Item>
        <Form.Item
          name="perMinute"
          label={t('channels.form.perMinute')}
          extra={t('channels.form.perMinuteHint', { n: CHANNEL_PER_MINUTE[kind] })}
        >
          <InputNumber
            min={1}
            precision={0}
            placeholder={String(CHANNEL_PER_MINUTE[kind])}
            style={{ width: 160 }}
            data-testid="field-perMinute"
          />
        </Form.Item>
        {refusal ? <Alert type="error" showIcon title={refusal} data-testid="channel-form-error" /> : null}
      </Form>
    </Modal>
  );
}
