import { applyDecorators, Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  acceptUpdate,
  acknowledgeUpdate,
  assistUpdate,
  extendStatutoryTermUpdate,
  grantExtensionUpdate,
  instructUpdate,
  progressUpdate,
  refuseExtensionUpdate,
  requestExtensionUpdate,
  resolveUpdate,
  routeUpdate,
  transferUpdate,
  verifyUpdate,
  withdrawUpdate,
  type IssueActionResult,
} from '../../../../libs/contracts/src';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import {
  AcceptDto,
  AcknowledgeDto,
  AssistDto,
  GrantExtensionDto,
  InstructDto,
  IssueActionResultDto,
  ProgressDto,
  RefuseExtensionDto,
  RequestExtensionDto,
  ResolveDto,
  RouteDto,
  StatutoryExtensionDto,
  TransferDto,
  VerifyDto,
  WithdrawDto,
} from './dto/actions.dto';
import { ApiProblemResponses } from './dto/problem.dto';
import { IDEMPOTENCY_KEY_DOC, IdempotencyKey } from './idempotency-key';
import { IssueActionsService } from './issue-actions.service';
import { RetryAfterInterceptor } from './retry-after.interceptor';

/** An ISO-8601 date-time (checked by the DTO) as epoch milliseconds for the workflow. */
function epochMs(dateTime: string): number {
  return Date.parse(dateTime);
}

function Action(summary: string, who: string, body: unknown, description = '', bodyRequired = true): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary, description: `${description}${description ? ' ' : ''}**Who:** ${who}. A rule of the workflow that refuses the action answers 409 naming the rule.` }),
    ApiParam({ name: 'id', description: 'issue id', example: 'IS-20250915-7KQ3M2XA5T' }),
    ApiHeader(IDEMPOTENCY_KEY_DOC),
    ApiBody({ type: body as new () => unknown, required: bodyRequired }),
    ApiOkResponse({ type: IssueActionResultDto, description: 'The action was taken; what the workflow did.' }),
    ApiProblemResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
  );
}

const DEPARTMENT = 'staff or head of a department with an active task on the issue';
const LEADER = 'a responsible leader, the zone director or the party secretary; or the head of a department with an active task';

@ApiTags('issue actions')
@ApiBearerAuth()
@Controller('issues/:id')
@UseInterceptors(RetryAfterInterceptor)
export class IssueActionsController {
  constructor(private readonly actions: IssueActionsService) {}

  @Post('accept')
  @Action('Accept the department\'s task (签收)', DEPARTMENT, AcceptDto, 'Starts the handling clock of the task. No body, or `{}`.', false)
  accept(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() _body: AcceptDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'accept', id, acceptUpdate, {}, key);
  }

  @Post('progress')
  @Action('Report progress (进展)', DEPARTMENT, ProgressDto, 'A note; it stops no clock.')
  progress(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: ProgressDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'progress', id, progressUpdate, { note: body.note }, key);
  }

  @Post('transfer')
  @Action('Transfer to another department (转办)', DEPARTMENT, TransferDto, 'Needs a reason; counted against the department. A transfer back to a former holder or beyond the limit goes to the dispatcher (200 with `notice`).')
  transfer(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: TransferDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'transfer', id, transferUpdate, { to: body.to, reason: body.reason }, key);
  }

  @Post('assist')
  @Action('Ask other departments to assist (协办)', DEPARTMENT, AssistDto, 'Each department gets its own task and deadlines; only the lead resolves the issue.')
  assist(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: AssistDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(
      user,
      'assist',
      id,
      assistUpdate,
      { departments: body.departments, ...(body.reason !== undefined ? { reason: body.reason } : {}), ...(body.due !== undefined ? { due: epochMs(body.due) } : {}) },
      key,
    );
  }

  @Post('extend')
  @Action('Ask for an extension of the handling deadline', DEPARTMENT, RequestExtensionDto, 'Granted or refused by a leader at the current escalation level or above.')
  extend(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: RequestExtensionDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'requestExtension', id, requestExtensionUpdate, { reason: body.reason, until: epochMs(body.until) }, key);
  }

  @Post('grant-extension')
  @Action('Grant a requested extension', LEADER, GrantExtensionDto, 'The original deadline is kept beside the new one.')
  grantExtension(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: GrantExtensionDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'grantExtension', id, grantExtensionUpdate, { until: epochMs(body.until), ...(body.taskId !== undefined ? { taskId: body.taskId } : {}) }, key);
  }

  @Post('refuse-extension')
  @Action('Refuse a requested extension', LEADER, RefuseExtensionDto)
  refuseExtension(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: RefuseExtensionDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'refuseExtension', id, refuseExtensionUpdate, { reason: body.reason, ...(body.taskId !== undefined ? { taskId: body.taskId } : {}) }, key);
  }

  @Post('instruct')
  @Action('Issue an instruction (批示) with a deadline', LEADER, InstructDto, 'The owner must acknowledge it before resolving.')
  instruct(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: InstructDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(
      user,
      'instruct',
      id,
      instructUpdate,
      { text: body.text, due: epochMs(body.due), ...(body.taskId !== undefined ? { taskId: body.taskId } : {}) },
      key,
    );
  }

  @Post('acknowledge')
  @Action('Acknowledge an instruction', DEPARTMENT, AcknowledgeDto)
  acknowledge(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: AcknowledgeDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'acknowledge', id, acknowledgeUpdate, { instructionId: body.instructionId }, key);
  }

  @Post('resolve')
  @Action('Resolve (办结)', DEPARTMENT, ResolveDto, 'The lead\'s resolution asks the reporter to confirm; a supporting department\'s finishes its part.')
  resolve(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: ResolveDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'resolve', id, resolveUpdate, { description: body.description }, key);
  }

  @Post('verify')
  @Action('Confirm or reject the resolution (回访)', 'the reporter who filed the issue', VerifyDto, 'Confirming (with satisfaction 1–5) closes the issue; rejecting (with a reason) reopens it.')
  verify(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: VerifyDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(
      user,
      'verify',
      id,
      verifyUpdate,
      { outcome: body.outcome, ...(body.satisfaction !== undefined ? { satisfaction: body.satisfaction } : {}), ...(body.reason !== undefined ? { reason: body.reason } : {}) },
      key,
    );
  }

  @Post('withdraw')
  @Action('Withdraw the issue', 'the reporter who filed it, or the dispatcher', WithdrawDto)
  withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: WithdrawDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'withdraw', id, withdrawUpdate, { reason: body.reason }, key);
  }

  @Post('route')
  @Action('Route the issue (dispatcher\'s decision, final)', 'the dispatcher', RouteDto, 'Names the lead (and supporting) departments, e.g. after a transfer was sent to the dispatcher.')
  route(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: RouteDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'route', id, routeUpdate, { lead: body.lead, reason: body.reason, ...(body.supporting !== undefined ? { supporting: body.supporting } : {}) }, key);
  }

  @Post('statutory-extension')
  @Action('Extend a petition\'s statutory term (信访 延期)', 'a responsible leader, the zone director or the party secretary', StatutoryExtensionDto, 'Once, by at most the statute\'s maximum.')
  statutoryExtension(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: StatutoryExtensionDto, @IdempotencyKey() key?: string): Promise<IssueActionResult> {
    return this.actions.act(user, 'extendStatutoryTerm', id, extendStatutoryTermUpdate, { reason: body.reason, extension: body.extension }, key);
  }
}
