import { applyDecorators, Body, Controller, HttpCode, Param, Post, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ISSUE_ACTION_NAMES, ISSUE_ACTIONS, type IssueActionBody, type IssueActionName } from '@unblock/contracts';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ACCESS_RULES } from '../auth/issue-access';
import { CurrentUser } from '../auth/public.decorator';
import { ACTION_BODIES, IssueActionRecordedDto, IssueActionResultDto } from './dto/actions.dto';
import { ApiProblemResponses } from './dto/problem.dto';
import { IDEMPOTENCY_KEY_DOC, IdempotencyKey } from './idempotency-key';
import { IssueActionsService, type IssueActionAnswer } from './issue-actions.service';
import { RetryAfterInterceptor } from './retry-after.interceptor';

/**
 * The actions on an issue, POST /api/v1/issues/{id}/<segment>: one route per row of the table of actions
 * (ISSUE_ACTIONS in libs/contracts), added below. Each is a method of its own, named after its URL segment
 * (`extend`, `grantExtension`, …), so that it has its own OpenAPI operation (`IssueActionsController_<method>`),
 * its own body schema and its own DTO for validation; an unknown segment matches no route (404).
 */
@ApiTags('issue actions')
@ApiBearerAuth()
@Controller('issues/:id')
@UseInterceptors(RetryAfterInterceptor)
export class IssueActionsController {
  constructor(readonly actions: IssueActionsService) {}
}

/** The controller method of an action: its URL segment in camel case (`grant-extension` → `grantExtension`). */
export function actionMethodName(segment: string): string {
  return segment.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The OpenAPI operation of an action, from its row: summary, description with who may take it, body, answers. */
function documentAction(name: IssueActionName): MethodDecorator {
  const { summary, description = '', access, bodyOptional } = ISSUE_ACTIONS[name];
  return applyDecorators(
    HttpCode(200),
    ApiOperation({
      summary,
      description: `${description}${description ? ' ' : ''}**Who:** ${ACCESS_RULES[access.rule].who}. A rule of the workflow that refuses the action answers 409 naming the rule.`,
    }),
    ApiParam({ name: 'id', description: 'issue id', example: 'IS-20250915-7KQ3M2XA5T' }),
    ApiHeader(IDEMPOTENCY_KEY_DOC),
    ApiBody({ type: ACTION_BODIES[name], required: !bodyOptional }),
    ApiOkResponse({ type: IssueActionResultDto, description: 'The action was taken; what the workflow did.' }),
    ApiAcceptedResponse({
      type: IssueActionRecordedDto,
      description:
        "The workflow accepted the action (it is in the issue's history) but has not decided it within the wait: it will be applied in its turn.",
    }),
    ApiProblemResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
  );
}

/**
 * Adds the route of one action to the controller, as a method decorated the way a hand-written one would be:
 * `@Post(segment)`, its OpenAPI operation, and `(@CurrentUser() user, @Param('id') id, @Body() body: <its DTO>,
 * @IdempotencyKey() key, @Res({ passthrough: true }) response)`, with the parameter types the validation pipe reads (the DTO checks the body).
 */
function addActionRoute(name: IssueActionName): void {
  const prototype = IssueActionsController.prototype;
  const method = actionMethodName(ISSUE_ACTIONS[name].segment);
  if (Object.prototype.hasOwnProperty.call(prototype, method))
    throw new Error(`two actions have the URL segment of ${name}`);
  const handler = {
    [method](
      this: IssueActionsController,
      user: AuthenticatedUser,
      id: string,
      body: IssueActionBody,
      key: string | undefined,
      response: Response,
    ): Promise<IssueActionAnswer> {
      return this.actions.act(user, name, id, body, key).then((answer) => {
        if ('recorded' in answer) response.status(202);
        return answer;
      });
    },
  }[method];
  Object.defineProperty(prototype, method, { value: handler, writable: true, configurable: true, enumerable: false });
  const parameters: ParameterDecorator[] = [
    CurrentUser(),
    Param('id'),
    Body(),
    IdempotencyKey(),
    Res({ passthrough: true }),
  ];
  const decorated = Reflect.decorate(
    [
      Post(ISSUE_ACTIONS[name].segment),
      documentAction(name),
      ...parameters.map(
        (decorate, index): MethodDecorator =>
          (target, key) =>
            decorate(target, key, index),
      ),
      Reflect.metadata('design:type', Function),
      Reflect.metadata('design:paramtypes', [Object, String, ACTION_BODIES[name], String, Object]),
      Reflect.metadata('design:returntype', Promise),
    ],
    prototype,
    method,
    Object.getOwnPropertyDescriptor(prototype, method),
  ) as PropertyDescriptor | undefined;
  if (decorated) Object.defineProperty(prototype, method, decorated);
}

for (const name of ISSUE_ACTION_NAMES) addActionRoute(name);
