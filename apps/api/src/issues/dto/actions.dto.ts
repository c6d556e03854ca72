// Request bodies of the actions on an issue: one DTO per action of the table in libs/contracts (ACTION_BODIES at
// the end maps each action to its DTO). The person acting (`by`) is never in the body: it is the signed-in user.
// Instants are ISO-8601 date-times with an offset. Every text field keeps the text rule (@IsText: no NUL, unpaired
// surrogate or control character; a single line but for notes, reasons, descriptions and instructions).
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import type { IssueActionBody, IssueActionName } from '@unblock/contracts';
import { DEPARTMENT_CODE_PATTERN } from '@unblock/domain';
import { IsText } from '../../infrastructure/text-rule';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** ISO-8601 duration without years and months (their length varies): P30D, PT48H, P1DT12H, PT30S. */
const ISO_DURATION = /^P(?=\d|T\d)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** An instant as an ISO-8601 date-time with a time zone (`2025-09-16T17:30:00+08:00`), converted to epoch ms for the workflow. */
function IsDateTime(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    IsText(),
    Matches(ISO_DATE_TIME, {
      message: ({ property }) =>
        `${property} must be an ISO-8601 date-time with a time zone, e.g. 2025-09-16T17:30:00+08:00`,
    }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a valid date-time` }),
  );
}

function IsDepartmentCode(each = false): PropertyDecorator {
  return applyDecorators(
    IsString({ each }),
    IsText(),
    Length(1, 64, { each }),
    Matches(DEPARTMENT_CODE_PATTERN, {
      each,
      message: ({ property }) => `${property} must be a department code like "land_office"`,
    }),
  );
}

function Optional<T>(property: keyof T & string): PropertyDecorator {
  return ValidateIf((dto: T) => dto[property] !== undefined);
}

const EXAMPLE_DUE = '2025-09-16T17:30:00+08:00';

/** 签收: the department's staff or head takes its task. No fields. */
export class AcceptDto {}

export class ProgressDto {
  @ApiProperty({ example: '已约谈三户村民，补偿方案复核中', minLength: 1, maxLength: 2000 })
  @IsString()
  @IsText()
  @Length(1, 2000)
  note: string;
}

export class TransferDto {
  @ApiProperty({ example: 'approval', description: 'the receiving department' })
  @IsDepartmentCode()
  to: string;

  @ApiProperty({
    example: '属于报建手续问题',
    minLength: 1,
    maxLength: 1000,
    description: 'why (counted against the department that transfers)',
  })
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason: string;
}

export class AssistDto {
  @ApiProperty({
    example: ['finance', 'economic'],
    type: [String],
    minItems: 1,
    maxItems: 10,
    description: 'departments asked to join (协办)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsDepartmentCode(true)
  departments: string[];

  @ApiPropertyOptional({ example: '外电接入费用需财政和经发配合', maxLength: 1000 })
  @Optional<AssistDto>('reason')
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason?: string;

  @ApiPropertyOptional({
    example: EXAMPLE_DUE,
    format: 'date-time',
    description: "a deadline for the assisting tasks (the policy's when left out)",
  })
  @Optional<AssistDto>('due')
  @IsDateTime()
  due?: string;
}

export class RouteDto {
  @ApiProperty({ example: 'land_office', description: 'the department the dispatcher names as lead (final)' })
  @IsDepartmentCode()
  lead: string;

  @ApiPropertyOptional({ example: ['approval'], type: [String], maxItems: 10 })
  @Optional<RouteDto>('supporting')
  @IsArray()
  @ArrayMaxSize(10)
  @IsDepartmentCode(true)
  supporting?: string[];

  @ApiProperty({ example: '征地补偿是主因，报建配合', minLength: 1, maxLength: 1000 })
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason: string;
}

export class RequestExtensionDto {
  @ApiProperty({ example: '需等待第三方评估报告', minLength: 1, maxLength: 1000 })
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason: string;

  @ApiProperty({ example: EXAMPLE_DUE, format: 'date-time', description: 'the handling deadline asked for' })
  @IsDateTime()
  until: string;
}

export class GrantExtensionDto {
  @ApiPropertyOptional({
    example: 't1',
    maxLength: 32,
    description: 'the task whose request is granted (the lead task when left out)',
  })
  @Optional<GrantExtensionDto>('taskId')
  @IsString()
  @IsText()
  @Length(1, 32)
  taskId?: string;

  @ApiProperty({
    example: EXAMPLE_DUE,
    format: 'date-time',
    description: 'the new handling deadline (the original is kept beside it)',
  })
  @IsDateTime()
  until: string;
}

export class RefuseExtensionDto {
  @ApiPropertyOptional({
    example: 't1',
    maxLength: 32,
    description: 'the task whose request is refused (the lead task when left out)',
  })
  @Optional<RefuseExtensionDto>('taskId')
  @IsString()
  @IsText()
  @Length(1, 32)
  taskId?: string;

  @ApiProperty({ example: '现有期限内可以办结', minLength: 1, maxLength: 1000 })
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason: string;
}

export class InstructDto {
  @ApiPropertyOptional({
    example: 't1',
    maxLength: 32,
    description: 'the task instructed (the lead task when left out)',
  })
  @Optional<InstructDto>('taskId')
  @IsString()
  @IsText()
  @Length(1, 32)
  taskId?: string;

  @ApiProperty({
    example: '请征地办会同规划局明日前拿出补偿方案',
    minLength: 1,
    maxLength: 2000,
    description: 'the instruction (批示)',
  })
  @IsString()
  @IsText()
  @Length(1, 2000)
  text: string;

  @ApiProperty({ example: EXAMPLE_DUE, format: 'date-time', description: 'the deadline the instruction sets' })
  @IsDateTime()
  due: string;
}

export class AcknowledgeDto {
  @ApiProperty({ example: 'i1', minLength: 1, maxLength: 64, description: 'the instruction acknowledged' })
  @IsString()
  @IsText()
  @Length(1, 64)
  instructionId: string;
}

export class ResolveDto {
  @ApiProperty({ example: '按新标准补偿到位，施工队已进场', minLength: 1, maxLength: 4000 })
  @IsString()
  @IsText()
  @Length(1, 4000)
  description: string;
}

export class VerifyDto {
  @ApiProperty({ enum: ['confirm', 'reject'], example: 'confirm' })
  @IsIn(['confirm', 'reject'])
  outcome: 'confirm' | 'reject';

  @ApiPropertyOptional({
    type: 'integer',
    example: 5,
    minimum: 1,
    maximum: 5,
    description: 'required to confirm: 1 (unsatisfied) to 5 (very satisfied), a whole number',
  })
  @Optional<VerifyDto>('satisfaction')
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number;

  @ApiPropertyOptional({ example: '补偿款仍未到账', maxLength: 1000, description: 'required to reject' })
  @Optional<VerifyDto>('reason')
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason?: string;
}

export class WithdrawDto {
  @ApiProperty({ example: '已与村民自行协商解决', minLength: 1, maxLength: 1000 })
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason: string;
}

export class StatutoryExtensionDto {
  @ApiProperty({ example: '情况复杂，需多部门会商', minLength: 1, maxLength: 1000 })
  @IsString()
  @IsText()
  @Length(1, 1000)
  reason: string;

  @ApiProperty({
    example: 'P30D',
    description: "ISO-8601 duration added to the legal conclusion deadline (at most the statute's maximum, once)",
  })
  @IsString()
  @IsText()
  @Length(2, 32)
  @Matches(ISO_DURATION, { message: 'extension must be an ISO-8601 duration without years or months, e.g. P30D' })
  extension: string;
}

/**
 * The DTO that checks each action's body (validation, and the body schema of its OpenAPI operation). An action of
 * the table without a DTO here, or a DTO without a field of the action's body, does not compile.
 */
export const ACTION_BODIES: { readonly [N in IssueActionName]: new () => IssueActionBody<N> } = {
  accept: AcceptDto,
  progress: ProgressDto,
  transfer: TransferDto,
  assist: AssistDto,
  requestExtension: RequestExtensionDto,
  grantExtension: GrantExtensionDto,
  refuseExtension: RefuseExtensionDto,
  instruct: InstructDto,
  acknowledge: AcknowledgeDto,
  resolve: ResolveDto,
  verify: VerifyDto,
  withdraw: WithdrawDto,
  route: RouteDto,
  extendStatutoryTerm: StatutoryExtensionDto,
};

export class RejectionNoticeDto {
  @ApiProperty({ example: 'transfer.back_to_previous_holder' }) rule: string;
  @ApiProperty({
    example: 'approval cannot hand the issue back to land_office, a former holder; the dispatcher decides',
  })
  message: string;
}

/** What the workflow did. */
export class IssueActionRecordedDto {
  @ApiProperty({ example: 'IS-20250915-7KQ3M2XA5T' }) issueId: string;
  @ApiProperty({ enum: [true], example: true, description: "the action is in the issue's history, to be applied" })
  recorded: true;
  @ApiProperty({ example: 'accept:5d41402abc4b2a76b9719d911017c592', description: 'the update that carries it' })
  updateId: string;
  @ApiProperty({
    example:
      "The action is recorded in the issue's history and will be applied in its turn; GET /api/v1/issues/IS-20250915-7KQ3M2XA5T shows it once applied.",
  })
  detail: string;
}

export class IssueActionResultDto {
  @ApiProperty({ example: 'IS-20250915-7KQ3M2XA5T' }) issueId: string;
  @ApiProperty({ example: 'open', enum: ['open', 'resolved', 'closed', 'withdrawn'] }) status: string;
  @ApiProperty({ type: 'integer', example: 4, description: 'sequence number of the last event recorded' })
  sequence: number;
  @ApiPropertyOptional({
    type: RejectionNoticeDto,
    description: 'set when the action was taken but not as asked (a transfer sent to the dispatcher)',
  })
  notice?: RejectionNoticeDto;
}
