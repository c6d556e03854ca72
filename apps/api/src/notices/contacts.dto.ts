import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsText } from '../infrastructure/text-rule';
import { IsEmailAddress } from './channel-rules';

/** A mainland mobile number, with or without the +86 prefix (stored without it). */
export const MOBILE = /^(\+86)?1[3-9]\d{9}$/;
/** A Feishu open_id. */
export const FEISHU_OPEN_ID = /^ou_[0-9a-z]{10,64}$/;

/**
 * Body of PUT /people/{id}/contacts: each field left out stays as it is; null removes it. The mobile number is
 * what group robots @-mention a person by (WeCom, DingTalk), the open_id what Feishu does.
 */
export class PersonContactsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '13800000007',
    pattern: MOBILE.source,
    description: 'a mainland mobile number (1[3-9] and nine digits), optionally +86 first (stored without it)',
  })
  @IsOptional()
  @IsString()
  @IsText()
  @Matches(MOBILE, { message: 'mobile must be a mainland mobile number: 1[3-9] and nine digits, optionally +86 first' })
  mobile?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'land_office.head@zone.example.gov.cn',
    maxLength: 254,
    description: 'an e-mail address',
  })
  @IsOptional()
  @IsString()
  @IsText()
  @MaxLength(254)
  @IsEmailAddress()
  email?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'ou_7d8a6e6df7621556ce0d21922b676706',
    pattern: FEISHU_OPEN_ID.source,
    description: "the person's Feishu open_id (ou_ and 10..64 lower-case letters or digits)",
  })
  @IsOptional()
  @IsString()
  @IsText()
  @Matches(FEISHU_OPEN_ID, { message: 'feishuOpenId must be ou_ and 10..64 lower-case letters or digits' })
  feishuOpenId?: string | null;
}

export class PersonContactsReadDto {
  @ApiProperty({ example: 'land_office_head' }) id: string;
  @ApiProperty({ example: '王建国' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: '13800000007' }) mobile: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'land_office.head@zone.example.gov.cn' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) feishuOpenId: string | null;
}
