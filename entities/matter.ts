import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { uuidv7 } from '../support/uuid-v7.js';

/**
 * A matter's identity: its stable catalog code (事项编码), which cases and licences refer to. All
 * it says on any day lives in its versions (`MatterVersion`), one per adjustment; this row never
 * changes after it is written.
 */
@Entity({ tableName: 'matter' })
export class Matter {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ length: 64 })
  @Unique()
  code!: string;

  /** The effective date of the adjustment that added it: it does not exist before this day. */
  @Property({ type: 'date' })
  addedOn!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
