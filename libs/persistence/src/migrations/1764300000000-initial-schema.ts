import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Departments, people and key projects. */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE departments (
        id varchar(64) PRIMARY KEY,
        name varchar(200) NOT NULL,
        name_en varchar(200) NOT NULL,
        kind varchar(32) NOT NULL CHECK (kind IN ('department', 'leadership', 'dispatch')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE people (
        id varchar(64) PRIMARY KEY,
        username varchar(64) NOT NULL,
        name varchar(100) NOT NULL,
        title varchar(100),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        department_id varchar(64) REFERENCES departments(id) ON DELETE SET NULL,
        organisation varchar(200),
        password_hash varchar(255),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX people_username_key ON people (username)`);
    await queryRunner.query(`CREATE INDEX people_department_idx ON people (department_id)`);
    await queryRunner.query(`CREATE INDEX people_roles_idx ON people USING gin (roles)`);
    await queryRunner.query(`
      CREATE TABLE projects (
        id varchar(64) PRIMARY KEY,
        name varchar(200) NOT NULL,
        kind varchar(32) NOT NULL CHECK (kind IN ('industrial', 'road', 'residential', 'utilities', 'public_service')),
        status varchar(32) NOT NULL CHECK (status IN ('planned', 'under_construction', 'completed', 'suspended')),
        major_industrial boolean NOT NULL DEFAULT false,
        publicly_committed boolean NOT NULL DEFAULT false,
        owner varchar(200),
        location varchar(300),
        planned_completion date,
        responsible_leader_id varchar(64) REFERENCES people(id) ON DELETE SET NULL,
        lead_department_id varchar(64) REFERENCES departments(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX projects_kind_idx ON projects (kind)`);
    await queryRunner.query(`CREATE INDEX projects_responsible_leader_idx ON projects (responsible_leader_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projects`);
    await queryRunner.query(`DROP TABLE people`);
    await queryRunner.query(`DROP TABLE departments`);
  }
}
