// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A reference only: another subgraph owns `Business` and resolves its fields. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType({
  description:
    "A Meta business portfolio. This subgraph only references it by ID; the subgraph that owns " +
    "`Business` resolves its other fields.",
})
export class Business {
  @Field((_type) => ID, { description: "Meta's business portfolio ID." })
  id!: string;

  static of(id: string): Business {
    return Object.assign(new Business(), { id });
  }
}
