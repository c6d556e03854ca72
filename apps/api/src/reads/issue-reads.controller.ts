import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { ApiNotFoundProblem, ProblemDetailsDto } from '../issues/dto/problem.dto';
import { IssueDetailDto, IssueListDto, IssueSummaryDto, ListIssuesQueryDto } from './issues.dto';
import { IssueReadsService } from './issue-reads.service';

const BAD_REQUEST_EXAMPLE = {
  type: '/problems/validation',
  title: 'Invalid request',
  status: 400,
  detail: 'limit: limit must not be greater than 100',
  errors: [{ field: 'limit', rule: 'max', message: 'limit must not be greater than 100' }],
  instance: '/api/v1/issues?limit=500',
};

@ApiTags('issues')
@ApiBearerAuth()
@ApiTooManyRequestsResponse({
  description: 'Rate limit reached; `Retry-After` says when to try again (problem details).',
})
@ApiServiceUnavailableResponse({
  description: 'PostgreSQL is unavailable; `Retry-After` says when to try again (problem details).',
})
@Controller('issues')
export class IssueReadsController {
  constructor(private readonly issues: IssueReadsService) {}

  @Get()
  @ApiOperation({
    summary: 'List issues',
    description:
      'The issues the caller may see (leaders and the dispatcher: all; department staff and heads: those their department is or was ' +
      'involved in; reporters: their own), filtered, sorted and paged by cursor. Pass `nextCursor` back as `cursor` with the same ' +
      'filters and sort for the next page; it is null on the last page.',
  })
  @ApiOkResponse({
    type: IssueListDto,
    description: 'One page of issues.',
  })
  @ApiBadRequestResponse({
    description:
      'A filter, the sort, the limit (over 100) or the cursor is invalid; the field is named (problem details).',
    content: {
      'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) }, example: BAD_REQUEST_EXAMPLE },
    },
  })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListIssuesQueryDto): Promise<IssueListDto> {
    return this.issues.list(user, query);
  }

  @Get('summary')
  @ApiOperation({
    summary: 'Open issues, counted',
    description:
      'The open issues the caller may see (the same rule as the list), counted now: overdue (a task past a deadline), ' +
      'escalated (level 1 or above), by category and by escalation level. For dashboards: one query, no paging.',
  })
  @ApiOkResponse({ type: IssueSummaryDto })
  summary(@CurrentUser() user: AuthenticatedUser): Promise<IssueSummaryDto> {
    return this.issues.summary(user);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One issue, with its tasks, deadlines, escalations, timeline and live state',
    description:
      'The read model of the issue and its full event log; while the workflow runs, its live state (query `issueView`) under `live`. ' +
      'When Temporal cannot be asked, `live` is null and `liveError` says why (the answer is still 200).',
  })
  @ApiParam({ name: 'id', example: 'GX-ROAD-01-20261128-0001' })
  @ApiOkResponse({ type: IssueDetailDto })
  @ApiNotFoundProblem(
    'No such issue, or the caller may not see it (the same answer for both, and the same as on an action).',
    {
      detail: 'There is no issue "IS-20250915-7KQ3M2XA5T" that you may see.',
      instance: '/api/v1/issues/IS-20250915-7KQ3M2XA5T',
    },
  )
  detail(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<IssueDetailDto> {
    return this.issues.detail(user, id);
  }
}
