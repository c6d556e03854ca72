import type { DataSource } from 'typeorm';
import type { ChannelKind } from '@unblock/domain';
import { DEMO_DEPARTMENTS, DEMO_PEOPLE } from './zone-demo-data';

/**
 * The demo zone's notice channels, all pointing at the local receiver `npm start` runs beside the demo (apps/receiver):
 * a WeCom, a DingTalk (加签) and a Feishu (签名) robot per department, the zone's signed webhook, and e-mail for the
 * zone's leaders. The tokens and secrets are the demo's own and are handed to the receiver, which checks them as
 * the vendors do. Never for production: real channels are added through the API (README "Reaching people").
 */
export interface DemoChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  departmentId: string | null;
  personId: string | null;
  /** the robot's token at the receiver (for e-mail: the address) */
  token: string;
  secret: string | null;
}

const ROBOT_NAMES: Record<'wecom' | 'dingtalk' | 'feishu', string> = {
  wecom: '企业微信群',
  dingtalk: '钉钉群',
  feishu: '飞书群',
};

export const DEMO_CHANNELS: DemoChannel[] = [
  ...DEMO_DEPARTMENTS.flatMap((department) =>
    (['wecom', 'dingtalk', 'feishu'] as const).map((kind): DemoChannel => ({
      id: `demo-${department.id}-${kind}`,
      kind,
      name: `${department.name}${ROBOT_NAMES[kind]}`,
      departmentId: department.id,
      personId: null,
      token: `demo-${department.id}-${kind}`,
      secret: kind === 'wecom' ? null : `${kind === 'dingtalk' ? 'SEC' : ''}demo-${department.id}-secret`,
    })),
  ),
  {
    id: 'demo-zone-webhook',
    kind: 'webhook',
    name: '园区综合指挥平台（Webhook）',
    departmentId: null,
    personId: null,
    token: 'demo-zone',
    secret: 'demo-zone-webhook-secret',
  },
  ...DEMO_PEOPLE.filter((person) =>
    person.roles.some((role) => role === 'zone_director' || role === 'party_secretary'),
  ).map((person): DemoChannel => ({
    id: `demo-${person.id}-email`,
    kind: 'email',
    name: `${person.name}的邮箱`,
    departmentId: null,
    personId: person.id,
    token: `${person.username}@zone.example.gov.cn`,
    secret: null,
  })),
];

/** The channel's endpoint at a receiver listening on `receiverUrl` (the vendors' paths). */
export function demoEndpoint(channel: DemoChannel, receiverUrl: string): string {
  switch (channel.kind) {
    case 'wecom':
      return `${receiverUrl}/cgi-bin/webhook/send?key=${channel.token}`;
    case 'dingtalk':
      return `${receiverUrl}/robot/send?access_token=${channel.token}`;
    case 'feishu':
      return `${receiverUrl}/open-apis/bot/v2/hook/${channel.token}`;
    case 'webhook':
      return `${receiverUrl}/hooks/${channel.token}`;
    case 'email':
      return channel.token;
  }
}

/** Adds the demo channels that are missing (a channel an administrator changed or removed is left as it is). */
export async function loadDemoChannels(dataSource: DataSource, receiverUrl: string): Promise<number> {
  let added = 0;
  for (const channel of DEMO_CHANNELS) {
    const rows: unknown[] = await dataSource.query(
      `INSERT INTO notice_channels (id, kind, name, department_id, person_id, endpoint, secret, created_by)
       SELECT $1, $2, $3, $4, $5, $6, $7, 'demo'
       WHERE ($4::varchar IS NULL OR EXISTS (SELECT 1 FROM departments WHERE id = $4))
         AND ($5::varchar IS NULL OR EXISTS (SELECT 1 FROM people WHERE id = $5))
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        channel.id,
        channel.kind,
        channel.name,
        channel.departmentId,
        channel.personId,
        demoEndpoint(channel, receiverUrl),
        channel.secret,
      ],
    );
    added += rows.length;
  }
  return added;
}
