import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { UnblockConfig } from '../../../../libs/config/src';
import { verifyPassword, type Role } from '../../../../libs/persistence/src';
import { DatabaseService } from '../infrastructure/database.service';
import { CONFIG } from '../infrastructure/tokens';
import type { AuthenticatedUser } from './authenticated-user';

interface PersonRow {
  id: string;
  username: string;
  name: string;
  roles: Role[];
  department_id: string | null;
  password_hash: string | null;
  active: boolean;
}

export interface TokenClaims {
  sub: string;
}

function toUser(row: PersonRow): AuthenticatedUser {
  return { id: row.id, username: row.username, name: row.name, roles: row.roles, departmentId: row.department_id };
}

/** Sign-in with a username and password, and the bearer tokens that prove it. */
@Injectable()
export class AuthService {
  constructor(
    private readonly database: DatabaseService,
    private readonly jwt: JwtService,
    @Inject(CONFIG) private readonly config: UnblockConfig,
  ) {}

  async signIn(username: string, password: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; user: AuthenticatedUser }> {
    const dataSource = await this.database.ensureConnected();
    const [row] = (await dataSource.query(
      `SELECT id, username, name, roles, department_id, password_hash, active FROM people WHERE username = $1`,
      [username],
    )) as PersonRow[];
    // The same answer whether the user is unknown, inactive or the password is wrong.
    if (!row || !row.active || !row.password_hash || !verifyPassword(password, row.password_hash)) {
      throw new UnauthorizedException({ type: '/problems/invalid-credentials', title: 'Invalid credentials', status: 401, detail: 'The username or password is wrong.' });
    }
    const expiresIn = this.config.auth.tokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: row.id } satisfies TokenClaims, { expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn, user: toUser(row) };
  }

  /** The user a valid token names, if they still exist and are active. */
  async userOf(token: string): Promise<AuthenticatedUser | undefined> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return undefined;
    }
    const dataSource = await this.database.ensureConnected();
    const [row] = (await dataSource.query(`SELECT id, username, name, roles, department_id, active FROM people WHERE id = $1`, [claims.sub])) as PersonRow[];
    return row && row.active ? toUser(row) : undefined;
  }
}
