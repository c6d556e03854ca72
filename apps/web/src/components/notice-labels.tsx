// The small words of notices beyond the inbox: a tag per channel kind (企业微信, 钉钉, 飞书, Webhook, 邮件) and per
// delivery status (待发送, 发送中, 已发送, 失败, 已取消).
import { Tag } from 'antd';
import type { ChannelKind, DeliveryStatus } from '../api/types';
import { labelOf, useI18n } from '../i18n/i18n';

const KIND_COLOURS: Record<ChannelKind, string> = {
  wecom: 'green',
  dingtalk: 'blue',
  feishu: 'cyan',
  webhook: 'purple',
  email: 'gold',
};

export function ChannelKindTag({ kind }: { kind: ChannelKind | string }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLOURS[kind as ChannelKind] ?? 'default'} data-kind={kind}>
      {labelOf(t, 'channelKind', kind)}
    </Tag>
  );
}

export const DELIVERY_STATUS_COLOURS: Record<DeliveryStatus, string> = {
  pending: 'default',
  sending: 'processing',
  sent: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export function DeliveryStatusTag({ status }: { status: DeliveryStatus | string }) {
  const { t } = useI18n();
  return (
    <Tag color={DELIVERY_STATUS_COLOURS[status as DeliveryStatus] ?? 'default'}>
      {labelOf(t, 'deliveryStatus', status)}
    </Tag>
  );
}
