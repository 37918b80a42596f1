import { OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../support/uuid-v7.js';
import { Role } from './role.js';
import { Clerk } from './clerk.js';
import { Department } from './department.js';

/**
 * An API credential of a department system or a clerk. The secret is shown once when issued and
 * only its SHA-256 is stored: secrets are 256 random bits, so a slow password hash adds nothing.
 */
@Entity({ tableName: 'api_credential' })
export class ApiCredential {
  [OptionalProps]?: 'id' | 'createdAt' | 'revokedAt' | 'clerk' | 'enterpriseUscc';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The public half of the token, used to find the row without revealing anything. */
  @Property({ length: 32 })
  @Unique()
  keyId!: string;

  @Property({ length: 64 })
  secretSha256!: string;

  @ManyToOne(() => Department)
  @Index()
  department!: Rel<Department>;

  @ManyToOne(() => Clerk, { nullable: true })
  @Index()
  clerk?: Rel<Clerk> | null;

  @Enum({ items: () => Role, array: true })
  roles!: Role[];

  @Property({ length: 100 })
  label!: string;

  /** The enterprise an ENTERPRISE credential acts for (its USCC); null for department credentials. */
  @Property({ length: 18, nullable: true })
  enterpriseUscc?: string | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null = null;
}
