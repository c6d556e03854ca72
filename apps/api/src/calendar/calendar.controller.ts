import { Body, Controller, Delete, Get, Header, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { hasRole, type AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { forbidden } from '../infrastructure/problems';
import { ApiNotFoundProblem, ApiProblem, ApiProblemResponses } from '../issues/dto/problem.dto';
import {
  CalendarChangeResultDto,
  CalendarRevisionDto,
  CalendarStatusDto,
  CalendarYearDto,
  CorrectCalendarDayBodyDto,
  LoadCalendarYearBodyDto,
  RemoveCalendarDayQueryDto,
} from './calendar.dto';
import { CalendarService } from './calendar.service';

const YEAR = { name: 'year', description: 'a year from 2000 to 2100', example: '2027' };
const DATE = { name: 'date', description: 'YYYY-MM-DD', example: '2027-02-20' };
const WHO_CHANGES = '**Who:** the supervision office (dispatcher) and administrators (403 for anyone else).';
const FORBIDDEN = {
  type: '/problems/forbidden',
  title: 'Forbidden',
  detail: 'Only the supervision office (dispatcher) and administrators change the working calendar.',
  instance: '/api/v1/calendar/years/2027',
  rule: 'access.calendar',
};

function requireCalendarKeeper(user: AuthenticatedUser): void {
  if (!hasRole(user, 'dispatcher', 'administrator'))
    throw forbidden(
      'Only the supervision office (dispatcher) and administrators change the working calendar.',
      'access.calendar',
    );
}

@ApiTags('working calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({
    summary: 'The working calendar in force',
    description:
      'Its revision and last change, the years it has an arrangement (放假调休) for, the years that must be known and are not (the current one, and from 1 November the next), and the open issues still unconfirmed or being re-timed. **Who:** everyone signed in.',
  })
  @ApiOkResponse({ type: CalendarStatusDto })
  status(): Promise<CalendarStatusDto> {
    return this.calendar.status();
  }

  @Get('revisions')
  @ApiOperation({
    summary: 'The record of calendar changes',
    description: 'Every revision, newest first: who, when, why, which dates. **Who:** everyone signed in.',
  })
  @ApiOkResponse({ type: [CalendarRevisionDto] })
  revisions(): Promise<CalendarRevisionDto[]> {
    return this.calendar.revisions();
  }

  @Get('years/:year')
  @ApiOperation({
    summary: "A year's arrangement",
    description:
      "The year's public holidays and make-up working days; `known: false` for a year without an arrangement (its deadlines count weekends only). **Who:** everyone signed in.",
  })
  @ApiParam(YEAR)
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiProblemResponses(400)
  year(@Param('year') year: string): Promise<CalendarYearDto> {
    return this.calendar.year(year);
  }

  @Get('years/:year/export')
  @ApiOperation({
    summary: "A year's arrangement as a file",
    description:
      'The JSON file `PUT /calendar/years/{year}` takes back (to keep, or load elsewhere). **Who:** everyone signed in.',
  })
  @ApiParam(YEAR)
  @ApiOkResponse({ type: LoadCalendarYearBodyDto })
  @ApiProblemResponses(400)
  async exportYear(
    @Param('year') year: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoadCalendarYearBodyDto> {
    const file = await this.calendar.exportYear(year);
    response.setHeader('content-disposition', `attachment; filename="unblock-calendar-${year}.json"`);
    return file;
  }

  @Put('years/:year')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: "Load a year's arrangement",
    description:
      "Replaces the year's holidays and make-up working days with the notice's (as dates, or as the notice's text, one section per holiday) and marks the year known. A make-up working day falls on a weekend, each date once, all in that year. The change is a new revision on record; every open issue whose deadlines it moves is re-timed, each moved deadline in its timeline with this change as the cause. " +
      WHO_CHANGES,
  })
  @ApiParam(YEAR)
  @ApiBody({
    type: LoadCalendarYearBodyDto,
    examples: {
      text: {
        summary: "the notice's text (a made-up example, not the official notice)",
        value: {
          notice: '示例：2027年部分节假日安排',
          text: '一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。',
        },
      },
      days: {
        summary: 'the dates (a made-up example)',
        value: {
          notice: '示例：2027年部分节假日安排',
          days: [
            { date: '2027-01-01', kind: 'holiday', name: '元旦' },
            { date: '2027-02-20', kind: 'workday', name: '春节' },
          ],
        },
      },
    },
  })
  @ApiOkResponse({ type: CalendarChangeResultDto })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'The caller keeps no calendar.', FORBIDDEN)
  loadYear(
    @CurrentUser() user: AuthenticatedUser,
    @Param('year') year: string,
    @Body() body: LoadCalendarYearBodyDto,
  ): Promise<CalendarChangeResultDto> {
    requireCalendarKeeper(user);
    return this.calendar.loadYear(user, year, body);
  }

  @Put('days/:date')
  @ApiOperation({
    summary: 'Correct one date',
    description:
      'Makes a date a holiday or a make-up working day (which falls on a weekend), with the reason on record; open issues are re-timed. ' +
      WHO_CHANGES,
  })
  @ApiParam(DATE)
  @ApiOkResponse({ type: CalendarChangeResultDto })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'The caller keeps no calendar.', { ...FORBIDDEN, instance: '/api/v1/calendar/days/2027-02-20' })
  correctDay(
    @CurrentUser() user: AuthenticatedUser,
    @Param('date') date: string,
    @Body() body: CorrectCalendarDayBodyDto,
  ): Promise<CalendarChangeResultDto> {
    requireCalendarKeeper(user);
    return this.calendar.correctDay(user, date, body);
  }

  @Delete('days/:date')
  @ApiOperation({
    summary: "Remove a date's entry",
    description:
      'The date becomes what its weekday says (a correction: a holiday that is not one); the reason is on record; open issues are re-timed. ' +
      WHO_CHANGES,
  })
  @ApiParam(DATE)
  @ApiOkResponse({ type: CalendarChangeResultDto })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'The caller keeps no calendar.', { ...FORBIDDEN, instance: '/api/v1/calendar/days/2027-03-03' })
  @ApiNotFoundProblem('The date has no entry.', {
    detail: 'There is no calendar day "2027-03-03".',
    instance: '/api/v1/calendar/days/2027-03-03',
  })
  removeDay(
    @CurrentUser() user: AuthenticatedUser,
    @Param('date') date: string,
    @Query() query: RemoveCalendarDayQueryDto,
  ): Promise<CalendarChangeResultDto> {
    requireCalendarKeeper(user);
    return this.calendar.removeDay(user, date, query.reason);
  }
}
