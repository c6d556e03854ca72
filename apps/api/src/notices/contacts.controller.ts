import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PersonEntity, RawRow } from '@unblock/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { DatabaseService } from '../infrastructure/database.service';
import { notFound } from '../infrastructure/problems';
import { ApiNotFoundProblem, ApiProblem, ApiProblemResponses } from '../issues/dto/problem.dto';
import { SqlParameters } from '../reads/sql-parameters';
import { PersonContactsDto, PersonContactsReadDto } from './contacts.dto';
import { requireAdministrator } from './notice-access';

type ContactsRow = RawRow<PersonEntity, 'id' | 'name' | 'mobile' | 'email' | 'feishuOpenId'>;

const toContacts = (row: ContactsRow): PersonContactsReadDto => ({
  id: row.id,
  name: row.name,
  mobile: row.mobile,
  email: row.email,
  feishuOpenId: row.feishu_open_id,
});

const PERSON_ID = { name: 'id', description: 'person id', example: 'land_office_head' };
const NOT_FOUND = { detail: 'There is no person "nobody".', instance: '/api/v1/people/nobody/contacts' };

/** How notices reach a person outside the product: mobile number, e-mail, Feishu open_id (administrators). */
@ApiTags('people')
@ApiBearerAuth()
@ApiProblem(403, 'The caller is not an administrator.', {
  type: '/problems/forbidden',
  title: 'Forbidden',
  detail: 'Only an administrator manages contacts.',
  instance: '/api/v1/people/land_office_head/contacts',
  rule: 'access.contacts',
})
@Controller('people')
export class ContactsController {
  constructor(private readonly database: DatabaseService) {}

  @Get(':id/contacts')
  @ApiOperation({ summary: "A person's contacts", description: '**Who:** administrators.' })
  @ApiParam(PERSON_ID)
  @ApiOkResponse({ type: PersonContactsReadDto })
  @ApiNotFoundProblem('No such person.', NOT_FOUND)
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<PersonContactsReadDto> {
    requireAdministrator(user, 'contacts');
    const [row] = (await (
      await this.database.ensureConnected()
    ).query(`SELECT id, name, mobile, email, feishu_open_id FROM people WHERE id = $1`, [id])) as ContactsRow[];
    if (!row) throw notFound('person', id);
    return toContacts(row);
  }

  @Put(':id/contacts')
  @ApiOperation({
    summary: "Set a person's contacts",
    description:
      'Each field left out stays as it is; null removes it. The mobile number is how WeCom and DingTalk robots @-mention the person, ' +
      "the open_id how Feishu does; the e-mail address is for the person's e-mail channel. **Who:** administrators.",
  })
  @ApiParam(PERSON_ID)
  @ApiOkResponse({ type: PersonContactsReadDto, description: "The person's contacts now." })
  @ApiNotFoundProblem('No such person.', NOT_FOUND)
  @ApiProblemResponses(415)
  async put(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: PersonContactsDto,
  ): Promise<PersonContactsReadDto> {
    requireAdministrator(user, 'contacts');
    const p = new SqlParameters();
    const set: string[] = [];
    if (body.mobile !== undefined)
      set.push(`mobile = ${p.add(body.mobile === null ? null : body.mobile.replace(/^\+86/, ''))}`);
    if (body.email !== undefined) set.push(`email = ${p.add(body.email)}`);
    if (body.feishuOpenId !== undefined) set.push(`feishu_open_id = ${p.add(body.feishuOpenId)}`);
    set.push('updated_at = now()');
    const [rows] = (await (
      await this.database.ensureConnected()
    ).query(
      `UPDATE people SET ${set.join(', ')} WHERE id = ${p.add(id)} RETURNING id, name, mobile, email, feishu_open_id`,
      p.values,
    )) as [ContactsRow[], number];
    if (!rows.length) throw notFound('person', id);
    return toContacts(rows[0]);
  }
}
