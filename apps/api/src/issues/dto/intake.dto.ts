import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ISSUE_CATEGORIES, RISK_LEVELS, type IssueCategory, type RiskLevel } from '@unblock/domain';
import { IsText } from '../../infrastructure/text-rule';

const NOT_BLANK = /\S/;

/** What a reporter files (受理登记). Unknown fields are refused; `location` and `attachments` may be left out but not null. */
export class IntakeRequestDto {
  @ApiProperty({
    example: 'GX-ROAD-01',
    description: 'the key project the issue blocks (must exist)',
    minLength: 1,
    maxLength: 64,
  })
  @IsString()
  @IsText()
  @Length(1, 64)
  projectId: string;

  @ApiProperty({ enum: ISSUE_CATEGORIES, example: 'land_acquisition' })
  @IsIn(ISSUE_CATEGORIES)
  category: IssueCategory;

  @ApiProperty({ enum: RISK_LEVELS, example: 'medium' })
  @IsIn(RISK_LEVELS)
  risk: RiskLevel;

  @ApiProperty({ example: '高新大道K2+300段征地补偿争议', minLength: 1, maxLength: 200 })
  @IsString()
  @IsText()
  @Length(1, 200)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ example: '三户村民对补偿标准有异议，阻止施工队进场。', minLength: 1, maxLength: 4000 })
  @IsString()
  @IsText()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'description must not be blank' })
  description: string;

  @ApiPropertyOptional({ example: '高新大道K2+300', maxLength: 300 })
  @ValidateIf((dto: IntakeRequestDto) => dto.location !== undefined)
  @IsString()
  @IsText()
  @MaxLength(300)
  location?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    example: ['files/2025/09/site-photo-1.jpg'],
    description: 'references to attachments already stored elsewhere (at most 20, each 1..500 characters)',
  })
  @ValidateIf((dto: IntakeRequestDto) => dto.attachments !== undefined)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsText()
  @Length(1, 500, { each: true })
  attachments?: string[];
}

export class IntakeDeadlinesDto {
  @ApiProperty({
    format: 'date-time',
    example: '2025-09-15T06:30:00.000Z',
    nullable: true,
    type: String,
    description: 'the lead task must be accepted (签收) by then',
  })
  accept: string | null;

  @ApiProperty({
    format: 'date-time',
    example: '2025-09-15T09:30:00.000Z',
    nullable: true,
    type: String,
    description: 'the issue must be handled by then (same day on the working calendar)',
  })
  handle: string | null;
}

export class IntakeResponseDto {
  @ApiProperty({
    example: 'IS-20250915-7KQ3M2XA5T',
    description: 'issue id, made by the server: IS-<date in Asia/Shanghai>-<10 random Crockford base-32 characters>',
  })
  id: string;

  @ApiProperty({ example: 'issue:IS-20250915-7KQ3M2XA5T' })
  workflowId: string;

  @ApiProperty({
    example: 'open',
    enum: ['registering', 'open', 'resolved', 'closed', 'withdrawn'],
    description:
      '`registering` (202 only): the workflow started but has not registered the issue yet; it does by itself once a worker runs it',
  })
  status: string;

  @ApiProperty({
    example: 'land_office',
    nullable: true,
    type: String,
    description: 'the lead department (the dispatcher `dispatch` when no routing rule applies)',
  })
  leadDepartment: string | null;

  @ApiProperty({
    example: ['planning', 'utilities'],
    type: [String],
    description: 'the departments that support the issue (协办); on a replay, still listed once it is resolved',
  })
  supportingDepartments: string[];

  @ApiProperty({ type: IntakeDeadlinesDto })
  deadlines: IntakeDeadlinesDto;

  @ApiProperty({
    format: 'date-time',
    example: '2025-09-15T02:12:45.120Z',
    description: 'when the issue was received (its age never restarts)',
  })
  createdAt: string;
}
