import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { UnblockConfig } from '@unblock/config';
import { In } from 'typeorm';
import { DEMO_PASSWORD, DEMO_PEOPLE, PersonEntity, verifyPassword } from '@unblock/persistence';
import { DatabaseService } from '../infrastructure/database.service';
import { CONFIG } from '../infrastructure/tokens';
import type { AuthenticatedUser } from './authenticated-user';

/** What sign-in and every authenticated request read of a person. */
const PERSON_COLUMNS = { id: true, username: true, name: true, roles: true, departmentId: true, active: true } as const;
type PersonRow = Pick<PersonEntity, keyof typeof PERSON_COLUMNS>;

export interface TokenClaims {
  sub: string;
}

function toUser(row: PersonRow): AuthenticatedUser {
  return { id: row.id, username: row.username, name: row.name, roles: row.roles, departmentId: row.departmentId };
}

/** Sign-in with a username and password, and the bearer tokens that prove it. */
@Injectable()
export class AuthService {
  constructor(
    private readonly database: DatabaseService,
    private readonly jwt: JwtService,
    @Inject(CONFIG) private readonly config: UnblockConfig,
  ) {}

  /** The demo zone's people still active, in the demo's order, when the server runs with the demo zone. */
  async demoUsers(): Promise<{
    demo: boolean;
    password: string | null;
    users: Array<Pick<PersonEntity, 'username' | 'name' | 'title' | 'roles' | 'departmentId'>>;
  }> {
    if (!this.config.demoData) return { demo: false, password: null, users: [] };
    const dataSource = await this.database.ensureConnected();
    const order = new Map(DEMO_PEOPLE.map((person, index) => [person.username, index]));
    const rows = await dataSource.getRepository(PersonEntity).find({
      select: { username: true, name: true, title: true, roles: true, departmentId: true },
      where: { username: In([...order.keys()]), active: true },
    });
    rows.sort((a, b) => order.get(a.username)! - order.get(b.username)!);
    return { demo: true, password: DEMO_PASSWORD, users: rows };
  }

  async signIn(
    username: string,
    password: string,
  ): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; user: AuthenticatedUser }> {
    const dataSource = await this.database.ensureConnected();
    const row = await dataSource
      .getRepository(PersonEntity)
      .findOne({ select: { ...PERSON_COLUMNS, passwordHash: true }, where: { username } });
    // The same answer whether the user is unknown, inactive or the password is wrong.
    if (!row || !row.active || !row.passwordHash || !verifyPassword(password, row.passwordHash)) {
      throw new UnauthorizedException({
        type: '/problems/invalid-credentials',
        title: 'Invalid credentials',
        status: 401,
        detail: 'The username or password is wrong.',
      });
    }
    const expiresIn = this.config.auth.tokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ sub: row.id } satisfies TokenClaims, { expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn, user: toUser(row) };
  }

  /** When a token (already verified) stops being valid, in epoch milliseconds; undefined when it does not say. */
  expiryOf(token: string): number | undefined {
    const claims = this.jwt.decode<{ exp?: unknown } | null>(token);
    return typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
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
    const row = await dataSource
      .getRepository(PersonEntity)
      .findOne({ select: PERSON_COLUMNS, where: { id: claims.sub } });
    return row && row.active ? toUser(row) : undefined;
  }
}
