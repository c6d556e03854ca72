import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/public.decorator';
import { ApiNotFoundProblem } from '../issues/dto/problem.dto';
import { DepartmentListDto, ProjectDetailDto, ProjectListDto } from './directory.dto';
import { DirectoryService } from './directory.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({
    summary: 'Key projects',
    description:
      'Every project, with the number of open issues on it that the caller can see (and how many of them are escalated).',
  })
  @ApiOkResponse({ type: ProjectListDto })
  list(@CurrentUser() user: AuthenticatedUser): Promise<ProjectListDto> {
    return this.directory.listProjects(user);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One project',
    description:
      'The project, its counts, and the first page of its open issues that the caller can see, the nearest handling deadline first.',
  })
  @ApiParam({ name: 'id', example: 'GX-ROAD-01' })
  @ApiOkResponse({ type: ProjectDetailDto })
  @ApiNotFoundProblem('No such project.', {
    detail: 'There is no project "GX-NOWHERE".',
    instance: '/api/v1/projects/GX-NOWHERE',
  })
  detail(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<ProjectDetailDto> {
    return this.directory.project(user, id);
  }
}

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({
    summary: 'Departments',
    description: "The zone's departments (handling departments first), with their open and overdue task counts.",
  })
  @ApiOkResponse({ type: DepartmentListDto })
  list(): Promise<DepartmentListDto> {
    return this.directory.departments();
  }
}
