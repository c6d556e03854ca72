// Every text field of a request body carries the text rule (@IsText), and the rule reads the field's kind from its
// name: notes, reasons, descriptions and instructions may run over several lines, nothing else may.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { TEXT_RULE, textKindOf } from '@unblock/domain';
import { TokenRequestDto } from '../../apps/api/src/auth/auth.dto';
import { ACTION_BODIES } from '../../apps/api/src/issues/dto/actions.dto';
import { IntakeRequestDto } from '../../apps/api/src/issues/dto/intake.dto';
import { PersonContactsDto } from '../../apps/api/src/notices/contacts.dto';
import { ReadAllDto } from '../../apps/api/src/notices/inbox-read-marks.dto';
import { CreateNoticeChannelDto, UpdateNoticeChannelDto } from '../../apps/api/src/notices/notice-channels.dto';

/** The DTOs of every request body: intake, sign-in, one per action of the table, and the notices' own. */
const BODIES: Array<new () => object> = [
  IntakeRequestDto,
  TokenRequestDto,
  ...Object.values(ACTION_BODIES),
  CreateNoticeChannelDto,
  UpdateNoticeChannelDto,
  PersonContactsDto,
  ReadAllDto,
];

/** The string fields of a DTO (those with @IsString), each with whether it is an array of strings. */
function stringFields(dto: new () => object): Map<string, { each: boolean; rules: Set<string> }> {
  const fields = new Map<string, { each: boolean; rules: Set<string> }>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const field = fields.get(metadata.propertyName) ?? { each: false, rules: new Set<string>() };
    if (metadata.name) field.rules.add(metadata.name);
    if (metadata.name === 'isString') field.each ||= metadata.each === true;
    fields.set(metadata.propertyName, field);
  }
  for (const [name, field] of fields) if (!field.rules.has('isString')) fields.delete(name);
  return fields;
}

const rulesOn = (dto: new () => object, body: Record<string, unknown>, property: string) =>
  validateSync(plainToInstance(dto, body))
    .filter((error) => error.property === property)
    .flatMap((error) => Object.keys(error.constraints ?? {}));

describe('the text rule on request bodies', () => {
  test('every string field of every body DTO carries @IsText', () => {
    let count = 0;
    for (const dto of BODIES) {
      for (const [name, field] of stringFields(dto)) {
        count += 1;
        assert.ok(field.rules.has(TEXT_RULE), `${dto.name}.${name} has @IsString but not @IsText`);
      }
    }
    assert.ok(count >= 20, `${count} string fields found`);
  });

  test('a NUL is refused in each of them; a line break only where the field is multi-line', () => {
    for (const dto of BODIES) {
      for (const [name, { each }] of stringFields(dto)) {
        const wrap = (text: string) => ({ [name]: each ? [text] : text });
        assert.ok(rulesOn(dto, wrap('a\u0000b'), name).includes(TEXT_RULE), `${dto.name}.${name}: NUL`);
        assert.ok(rulesOn(dto, wrap('\ud800'), name).includes(TEXT_RULE), `${dto.name}.${name}: surrogate`);
        const lineBreak = rulesOn(dto, wrap('a\nb'), name).includes(TEXT_RULE);
        assert.equal(lineBreak, textKindOf(name) === 'single_line', `${dto.name}.${name}: line break`);
      }
    }
  });
});
