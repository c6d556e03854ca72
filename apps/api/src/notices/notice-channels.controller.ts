import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { ApiNotFoundProblem, ApiProblem, ApiProblemResponses } from '../issues/dto/problem.dto';
import { requireAdministrator } from './notice-access';
import {
  CreateNoticeChannelDto,
  ListNoticeChannelsQueryDto,
  NoticeChannelDto,
  NoticeChannelListDto,
  TestDeliveryDto,
  UpdateNoticeChannelDto,
} from './notice-channels.dto';
import { NoticeChannelsService } from './notice-channels.service';

const CHANNEL_ID = { name: 'id', description: 'channel id', example: 'ch_k3f9q2mxa7bd' };
const NOT_FOUND = {
  detail: 'There is no notice channel "ch_k3f9q2mxa7bd".',
  instance: '/api/v1/notice-channels/ch_k3f9q2mxa7bd',
};
const WHO = '**Who:** administrators (403 for anyone else).';

@ApiTags('notice channels')
@ApiBearerAuth()
@ApiProblem(403, 'The caller is not an administrator.', {
  type: '/problems/forbidden',
  title: 'Forbidden',
  detail: 'Only an administrator manages notice channels.',
  instance: '/api/v1/notice-channels',
  rule: 'access.notice_channels',
})
@Controller('notice-channels')
export class NoticeChannelsController {
  constructor(private readonly channels: NoticeChannelsService) {}

  @Post()
  @ApiOperation({
    summary: 'Add a notice channel',
    description:
      "A channel notices go out on beyond the inbox: a department's group robot (WeCom 企业微信, DingTalk 钉钉, Feishu 飞书), a signed webhook of the zone's own systems, or a person's e-mail. " +
      "It receives the notices of its department, of its person, or (neither) of the whole zone. The endpoint and the secret are checked against the kind's rules and never read back. " +
      WHO,
  })
  @ApiBody({
    type: CreateNoticeChannelDto,
    examples: {
      wecom: {
        summary: 'a WeCom group robot',
        value: {
          kind: 'wecom',
          name: '征地拆迁办工作群',
          departmentId: 'land_office',
          endpoint: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
          quietHours: true,
        },
      },
      dingtalk: {
        summary: 'a DingTalk group robot with 加签',
        value: {
          kind: 'dingtalk',
          name: '督查室钉钉群',
          departmentId: 'dispatch',
          endpoint: 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef',
          secret: 'SEC0123456789abcdef0123456789abcdef',
        },
      },
      feishu: {
        summary: 'a Feishu group robot with a signing secret',
        value: {
          kind: 'feishu',
          name: '规划建设局飞书群',
          departmentId: 'planning',
          endpoint: 'https://open.feishu.cn/open-apis/bot/v2/hook/0123abcd-4567-89ef-0123-456789abcdef',
          secret: 'feishu-signing-secret',
          perMinute: 30,
        },
      },
      webhook: {
        summary: "the zone's own systems, signed",
        value: {
          kind: 'webhook',
          name: '园区综合调度平台',
          endpoint: 'https://systems.zone.example/unblock/notices',
          secret: 'whsec-2f9c41d8a1b2',
        },
      },
      email: {
        summary: "a person's e-mail",
        value: {
          kind: 'email',
          name: '王建国的邮箱',
          personId: 'land_office_head',
          endpoint: 'land_office.head@zone.example.gov.cn',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: NoticeChannelDto, description: 'The channel, as reads show it.' })
  @ApiProblemResponses(415, 422)
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateNoticeChannelDto): Promise<NoticeChannelDto> {
    requireAdministrator(user, 'notice channels');
    return this.channels.create(user, body);
  }

  @Get()
  @ApiOperation({
    summary: 'Notice channels',
    description: `Every channel, oldest first, with its limit and its deliveries by status; never an endpoint URL or a secret. ${WHO}`,
  })
  @ApiOkResponse({ type: NoticeChannelListDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListNoticeChannelsQueryDto,
  ): Promise<NoticeChannelListDto> {
    requireAdministrator(user, 'notice channels');
    return this.channels.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notice channel', description: WHO })
  @ApiParam(CHANNEL_ID)
  @ApiOkResponse({ type: NoticeChannelDto })
  @ApiNotFoundProblem('No such channel.', NOT_FOUND)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoticeChannelDto> {
    requireAdministrator(user, 'notice channels');
    return this.channels.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a notice channel',
    description:
      'Changes what the body names (its kind stays). `enabled: false` disables it (its waiting deliveries are cancelled, who and when recorded); ' +
      `\`enabled: true\` enables it again and wakes its courier. ${WHO}`,
  })
  @ApiParam(CHANNEL_ID)
  @ApiOkResponse({ type: NoticeChannelDto })
  @ApiNotFoundProblem('No such channel.', NOT_FOUND)
  @ApiProblemResponses(415)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateNoticeChannelDto,
  ): Promise<NoticeChannelDto> {
    requireAdministrator(user, 'notice channels');
    return this.channels.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a notice channel', description: `Its deliveries and messages go with it. ${WHO}` })
  @ApiParam(CHANNEL_ID)
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiNotFoundProblem('No such channel.', NOT_FOUND)
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    requireAdministrator(user, 'notice channels');
    await this.channels.remove(id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a test message on a notice channel',
    description:
      "Adds a test delivery (topic `test`) and wakes the channel's courier, which sends it within the channel's limit like any notice. " +
      `Follow it at the \`Location\` (GET /notifications/deliveries/{id}). A disabled channel: 409 (\`channel.disabled\`). ${WHO}`,
  })
  @ApiParam(CHANNEL_ID)
  @ApiAcceptedResponse({
    type: TestDeliveryDto,
    description: 'The test delivery waits for the courier.',
    headers: {
      Location: {
        description: 'the delivery',
        schema: { type: 'string', example: '/api/v1/notifications/deliveries/test%3A5f1c…%3Ech_k3f9q2mxa7bd' },
      },
    },
  })
  @ApiNotFoundProblem('No such channel.', { ...NOT_FOUND, instance: `${NOT_FOUND.instance}/test` })
  @ApiProblem(409, 'The channel is disabled.', {
    type: '/problems/rule-violation',
    title: 'Refused by a rule',
    detail: 'The channel is disabled: enable it (PATCH enabled: true) before sending a test message.',
    instance: '/api/v1/notice-channels/ch_k3f9q2mxa7bd/test',
    rule: 'channel.disabled',
  })
  async test(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TestDeliveryDto> {
    requireAdministrator(user, 'notice channels');
    const delivery = await this.channels.test(user, id);
    response.setHeader('Location', delivery.link);
    return delivery;
  }
}
