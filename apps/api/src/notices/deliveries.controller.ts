import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { ApiNotFoundProblem, ApiProblem } from '../issues/dto/problem.dto';
import { DeliveryDto, DeliveryListDto, ListDeliveriesQueryDto } from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';
import { requireDeliveryReader } from './notice-access';

const WHO = '**Who:** the dispatcher and administrators (403 for anyone else).';

@ApiTags('notice channels')
@ApiBearerAuth()
@ApiProblem(403, 'The caller is neither the dispatcher nor an administrator.', {
  type: '/problems/forbidden',
  title: 'Forbidden',
  detail: 'Only the dispatcher and administrators see the deliveries to notice channels.',
  instance: '/api/v1/notifications/deliveries',
  rule: 'access.deliveries',
})
@Controller('notifications/deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({
    summary: 'Deliveries of notices to channels',
    description: `Each notice on each channel and how sending it went (attempts, the last answer), newest first. ${WHO}`,
  })
  @ApiOkResponse({ type: DeliveryListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListDeliveriesQueryDto): Promise<DeliveryListDto> {
    requireDeliveryReader(user);
    return this.deliveries.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One delivery', description: WHO })
  @ApiParam({ name: 'id', description: 'delivery id', example: 'IS-20261128-7KQ3M2XA5T:3:0>ch_k3f9q2mxa7bd' })
  @ApiOkResponse({ type: DeliveryDto })
  @ApiNotFoundProblem('No such delivery.', {
    detail: 'There is no delivery "test:0>ch_k3f9q2mxa7bd".',
    instance: '/api/v1/notifications/deliveries/test%3A0%3Ech_k3f9q2mxa7bd',
  })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<DeliveryDto> {
    requireDeliveryReader(user);
    return this.deliveries.get(id);
  }
}
