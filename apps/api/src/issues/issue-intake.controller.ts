import { Body, Controller, Post, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { API_PREFIX_PATH } from './api-paths';
import { IntakeRequestDto, IntakeResponseDto } from './dto/intake.dto';
import { ApiProblemResponses } from './dto/problem.dto';
import { IDEMPOTENCY_KEY_DOC, IdempotencyKey } from './idempotency-key';
import { IssueIntakeService } from './issue-intake.service';
import { RetryAfterInterceptor } from './retry-after.interceptor';

const LOCATION = {
  Location: { description: 'the issue', schema: { type: 'string', example: '/api/v1/issues/IS-20250915-7KQ3M2XA5T' } },
};

/** The documented example of a filing (a land acquisition dispute on a road); the tests file it too. */
export const LAND_DISPUTE_EXAMPLE = {
  projectId: 'GX-ROAD-01',
  category: 'land_acquisition',
  risk: 'medium',
  title: '高新大道K2+300段征地补偿争议',
  description: '三户村民对补偿标准有异议，阻止施工队进场。',
  location: '高新大道K2+300',
} as const;

@ApiTags('issue intake')
@ApiBearerAuth()
@Controller('issues')
@UseInterceptors(RetryAfterInterceptor)
export class IssueIntakeController {
  constructor(private readonly intake: IssueIntakeService) {}

  @Post()
  @ApiOperation({
    summary: 'File a blocking issue (受理)',
    description:
      "Starts the issue's workflow (`issue:<id>`); the issue id is made by the server. Answers once the workflow has registered the issue (from the workflow, not the read model), " +
      "with its lead department and first deadlines. Reporters file for their projects; the dispatcher and department staff or heads may file on a project's behalf. " +
      'Send an `Idempotency-Key` so that a retry (or many concurrent requests) makes exactly one issue.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_DOC)
  @ApiBody({
    type: IntakeRequestDto,
    examples: {
      land: { summary: 'land acquisition dispute on a road', value: LAND_DISPUTE_EXAMPLE },
      obstruction: {
        summary: 'illegal obstruction of a site',
        value: {
          projectId: 'GX-IND-01',
          category: 'site_obstruction',
          risk: 'high',
          title: '厂房工地被围堵',
          description: '约二十人堵住工地大门，混凝土车无法进场。',
          attachments: ['files/2025/09/gate.jpg'],
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: IntakeResponseDto,
    headers: LOCATION,
    description: 'The issue was filed and registered.',
  })
  @ApiOkResponse({
    type: IntakeResponseDto,
    headers: LOCATION,
    description: 'A replay: this key and body were filed before; the same issue.',
  })
  @ApiAcceptedResponse({
    type: IntakeResponseDto,
    headers: LOCATION,
    description:
      'The workflow is started but no worker ran it within 5 s (status `registering`). It registers the issue by itself once a worker runs it, with no retry by the client: `GET` the `Location` to see it (a repeat with the same key and body answers 200 with the details; without a key, do not repeat it).',
  })
  @ApiProblemResponses(400, 401, 403, 409, 413, 415, 422, 429, 503)
  async file(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: IntakeRequestDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IntakeResponseDto> {
    const outcome = await this.intake.file(user, body, key);
    response
      .status(outcome.status)
      .setHeader('Location', `${API_PREFIX_PATH}/issues/${encodeURIComponent(outcome.body.id)}`);
    return outcome.body;
  }
}
