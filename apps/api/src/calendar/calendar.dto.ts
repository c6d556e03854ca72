import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const KINDS = ['holiday', 'workday'] as const;
const SOURCES = ['official', 'policy', 'zone'] as const;

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-05', description: 'YYYY-MM-DD' }) date: string;
  @ApiProperty({ enum: KINDS, example: 'holiday', description: '`holiday` 放假, `workday` 调休上班' })
  kind: 'holiday' | 'workday';
  @ApiProperty({ example: '春节' }) name: string;
  @ApiPropertyOptional({ example: '国务院办公厅关于2027年部分节假日安排的通知' }) notice?: string;
  @ApiProperty({
    enum: SOURCES,
    example: 'zone',
    description: '`official`: the built-in data; `policy`: the policy file; `zone`: loaded or corrected by the zone',
  })
  source: 'official' | 'policy' | 'zone';
}

export class CalendarYearDto {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty({ example: true, description: 'an arrangement is loaded: deadlines in this year are confirmed' })
  known: boolean;
  @ApiPropertyOptional({ example: '国务院办公厅关于2027年部分节假日安排的通知' }) notice?: string;
  @ApiPropertyOptional({ enum: SOURCES, example: 'zone' }) source?: 'official' | 'policy' | 'zone';
  @ApiProperty({ example: 28 }) holidays: number;
  @ApiProperty({ example: 6 }) workdays: number;
  @ApiProperty({ type: [CalendarDayDto] }) days: CalendarDayDto[];
}

export class CalendarStatusDto {
  @ApiProperty({ example: 3, description: 'the revision in force' }) revision: number;
  @ApiProperty({ example: '2026-12-02T09:30:00.000Z' }) updatedAt: string;
  @ApiProperty({ example: 'dispatcher' }) updatedBy: string;
  @ApiProperty({ example: '工作日历：载入 2027 年元旦、春节安排（国务院办公厅关于2027年部分节假日安排的通知）' })
  cause: string;
  @ApiProperty({ type: [Number], example: [2025, 2026] }) knownYears: number[];
  @ApiProperty({
    type: [Number],
    example: [2027],
    description: 'the current year if unknown, and from 1 November the next year if unknown',
  })
  missingYears: number[];
  @ApiPropertyOptional({
    example:
      '2027 年放假调休安排尚未载入：落在 2027 年的时限只按周末计算。请督查室或管理员载入：PUT /api/v1/calendar/years/2027',
  })
  advice?: string;
  @ApiProperty({ example: 12, description: 'open issues with a deadline in a year without an arrangement' })
  unconfirmedIssues: number;
  @ApiProperty({ example: 0, description: 'open issues still timed on an earlier revision (re-timing in progress)' })
  issuesOnEarlierRevisions: number;
}

export class ArrangementDayInputDto {
  @ApiProperty({ example: '2027-02-05', description: 'YYYY-MM-DD' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date: string;

  @ApiProperty({ enum: KINDS, example: 'holiday' })
  @IsIn(KINDS)
  kind: 'holiday' | 'workday';

  @ApiProperty({ example: '春节', minLength: 1, maxLength: 32 })
  @IsString()
  @Length(1, 32)
  name: string;
}

export class LoadCalendarYearBodyDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  notice: string;

  @ApiPropertyOptional({ type: [ArrangementDayInputDto], maxItems: 400, description: 'the dates (or `text`)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => ArrangementDayInputDto)
  days?: ArrangementDayInputDto[];

  @ApiPropertyOptional({
    maxLength: 20000,
    description: "the notice's text, one section per holiday (or `days`)",
    example:
      '一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：2月5日（周五）至13日（周六）放假调休，共9天。2月14日（周日）、2月20日（周六）上班。',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  text?: string;
}

export class CorrectCalendarDayBodyDto extends PickType(ArrangementDayInputDto, ['kind', 'name'] as const) {
  @ApiProperty({ example: '区政府通知：2月20日（周六）上班', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class RemoveCalendarDayQueryDto {
  @ApiProperty({ example: '更正：该日不放假', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class CalendarRevisionDto {
  @ApiProperty({ example: 3 }) revision: number;
  @ApiProperty({ example: '2026-12-02T09:30:00.000Z' }) at: string;
  @ApiProperty({ example: 'dispatcher' }) by: string;
  @ApiProperty({ example: '工作日历：载入 2027 年元旦、春节安排（国务院办公厅关于2027年部分节假日安排的通知）' })
  cause: string;
  @ApiProperty({ example: 'year.load', description: '`seed`, `year.load`, `day.correct` or `day.remove`' })
  action: string;
  @ApiPropertyOptional({ type: [Number], example: [2027] }) years?: number[];
  @ApiPropertyOptional({ type: [String], example: ['2027-01-01'] }) added?: string[];
  @ApiPropertyOptional({ type: [String], example: ['2027-02-20'] }) changed?: string[];
  @ApiPropertyOptional({ type: [String], example: ['2027-03-03'] }) removed?: string[];
  @ApiPropertyOptional({ example: '2026-12-02T09:34:10.000Z', description: 'when every open issue had been told' })
  retimedAt?: string;
}

export class CalendarChangeResultDto {
  @ApiProperty({ example: 3 }) revision: number;
  @ApiProperty({ type: [String], example: ['2027-01-01', '2027-02-05'] }) changedDates: string[];
  @ApiPropertyOptional({ example: 'calendar-retiming:3', description: 'the workflow telling the open issues' })
  retimingWorkflowId?: string;
  @ApiProperty({ example: 42, description: 'open issues, each re-timed on the new revision' }) openIssues: number;
}
