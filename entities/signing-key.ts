import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * An Ed25519 key the hub signs licences with. Rotation retires the active key (it signs nothing
 * more) but keeps it published, so every licence signed with it still verifies.
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  [OptionalProps]?: 'createdAt' | 'retiredAt';

  /** The JWK `kid`. */
  @PrimaryKey({ length: 64 })
  kid!: string;

  @Property({ type: 'json' })
  publicJwk!: Record<string, string>;

  /**
   * PKCS#8 PEM. Only the hub process reads it; no API returns it. A deployment that has an HSM
   * or KMS signs there instead and stores nothing here.
   */
  @Property({ type: 'text', lazy: true })
  privateKeyPem!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  retiredAt?: Date | null = null;
}
