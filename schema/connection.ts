import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Page } from '../domain/pagination.js';

@ObjectType({ description: 'Where a page sits in its list (Relay cursor connections).' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type `<Name>Connection` with edges, nodes, pageInfo and totalCount. */
export function ConnectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [nodeType], { description: 'The nodes of the edges, for clients that need no cursors.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match the filter, over all pages.' })
    totalCount!: number;
  }
  return Connection;
}

export function toConnection<T>(page: Page<T>, after: string | null | undefined): ConnectionShape<T> {
  return new PageConnection(page, after);
}

/**
 * A page as a connection. Its edges are made when a selection asks for them: a page read through
 * `nodes` encodes no cursor per item. They are the class's accessor, not an object literal's own
 * getter: V8 keeps each literal's own accessor in the old generation, and one closing over the page
 * kept every page, its enterprises and their lists, alive through the next scavenge (BENCHMARKS.md).
 */
class PageConnection<T> implements ConnectionShape<T> {
  readonly nodes: T[];
  readonly pageInfo: PageInfo;
  readonly totalCount: number;
  readonly #page: Page<T>;
  #edges: ConnectionShape<T>['edges'] | undefined;

  constructor(page: Page<T>, after: string | null | undefined) {
    this.#page = page;
    this.nodes = page.items;
    this.pageInfo = {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: page.startCursor,
      endCursor: page.endCursor,
    };
    this.totalCount = page.totalCount;
  }

  get edges(): ConnectionShape<T>['edges'] {
    const page = this.#page;
    return (this.#edges ??= page.items.map((node) => ({ cursor: page.cursorOf(node), node })));
  }
}
