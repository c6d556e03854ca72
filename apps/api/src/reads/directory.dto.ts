import { ApiProperty } from '@nestjs/swagger';
import { DepartmentRefDto, IssueListDto, PersonRefDto } from './issues.dto';

export class ProjectDto {
  @ApiProperty({ example: 'GX-ROAD-01' }) id: string;
  @ApiProperty({ example: '高新大道' }) name: string;
  @ApiProperty({ example: 'road', enum: ['industrial', 'road', 'residential', 'utilities', 'public_service'] })
  kind: string;
  @ApiProperty({ example: 'under_construction', enum: ['planned', 'under_construction', 'completed', 'suspended'] })
  status: string;
  @ApiProperty({ example: false }) majorIndustrial: boolean;
  @ApiProperty({ example: true }) publiclyCommitted: boolean;
  @ApiProperty({ example: '高新区城投公司', nullable: true, type: String }) owner: string | null;
  @ApiProperty({ example: '高新区', nullable: true, type: String }) location: string | null;
  @ApiProperty({ example: '2026-12-31', nullable: true, type: String }) plannedCompletion: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true, example: { id: 'leader_construction', name: '马骏' } })
  responsibleLeader: PersonRefDto | null;
  @ApiProperty({ type: DepartmentRefDto, nullable: true, example: { id: 'planning', name: '规划建设局' } })
  leadDepartment: DepartmentRefDto | null;
  @ApiProperty({ type: 'integer', example: 3, description: 'open issues on the project that the caller can see' })
  openIssues: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'of those, escalated ones (escalation level above 0)' })
  escalatedOpenIssues: number;
}

export class ProjectListDto {
  @ApiProperty({ type: ProjectDto, isArray: true }) items: ProjectDto[];
}

export class ProjectDetailDto extends ProjectDto {
  @ApiProperty({
    type: IssueListDto,
    description:
      'the open issues the caller can see, the nearest handling deadline first (first page; continue with GET /issues?projectId=…&status=open&sort=handleDue&cursor=…)',
  })
  openIssuesPage: IssueListDto;
}

export class DepartmentDto {
  @ApiProperty({ example: 'land_office' }) id: string;
  @ApiProperty({ example: '征地拆迁办公室' }) name: string;
  @ApiProperty({ example: 'Land acquisition and demolition office' }) nameEn: string;
  @ApiProperty({ example: 'department', enum: ['department', 'leadership', 'dispatch'] }) kind: string;
  @ApiProperty({ type: 'integer', example: 4, description: 'tasks assigned or accepted now' }) openTasks: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'of those, past a deadline now' }) overdueTasks: number;
}

export class DepartmentListDto {
  @ApiProperty({ type: DepartmentDto, isArray: true }) items: DepartmentDto[];
}
