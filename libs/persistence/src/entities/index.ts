import { DepartmentEntity } from './department.entity';
import { PersonEntity } from './person.entity';
import { ProjectEntity } from './project.entity';

export * from './department.entity';
export * from './person.entity';
export * from './project.entity';

/** Every entity of the read model and record. */
export const ENTITIES = [DepartmentEntity, PersonEntity, ProjectEntity];
