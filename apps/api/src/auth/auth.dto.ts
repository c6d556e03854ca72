import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ACTOR_ROLES } from '@unblock/domain';
import { IsText } from '../infrastructure/text-rule';

export class TokenRequestDto {
  @ApiProperty({ example: 'land_office.staff', description: 'username' })
  @IsString()
  @IsText()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'unblock-demo', description: 'password' })
  @IsString()
  @IsText()
  @Length(1, 200)
  password: string;
}

export class UserDto {
  @ApiProperty({ example: 'land_office_staff' }) id: string;
  @ApiProperty({ example: 'land_office.staff' }) username: string;
  @ApiProperty({ example: '李春梅' }) name: string;
  @ApiProperty({ example: ['staff'], isArray: true, enum: ACTOR_ROLES })
  roles: string[];
  @ApiProperty({ example: 'land_office', nullable: true, type: String }) departmentId: string | null;
}

export class TokenResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' }) accessToken: string;
  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ type: 'integer', example: 28800, description: 'seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class DemoUserDto {
  @ApiProperty({ example: 'land_office.staff' }) username: string;
  @ApiProperty({ example: '李春梅' }) name: string;
  @ApiProperty({ example: '科员', nullable: true, type: String }) title: string | null;
  @ApiProperty({ example: ['staff'], isArray: true, enum: ACTOR_ROLES }) roles: string[];
  @ApiProperty({ example: 'land_office', nullable: true, type: String }) departmentId: string | null;
}

export class DemoUsersDto {
  @ApiProperty({ example: true, description: 'whether this server runs with the demo zone (UNBLOCK_DEMO_DATA)' })
  demo: boolean;
  @ApiProperty({
    example: 'unblock-demo',
    nullable: true,
    type: String,
    description: "the demo users' password, in demo mode",
  })
  password: string | null;
  @ApiProperty({ type: DemoUserDto, isArray: true, description: "the demo zone's people, in demo mode (else none)" })
  users: DemoUserDto[];
}
