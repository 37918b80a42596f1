import { Field, Int, ObjectType } from 'type-graphql';
import { EnterpriseKind } from '../entities/enterprise-kind.js';
import { Enterprise } from '../entities/enterprise.js';
import { Registration } from '../entities/registration.js';
import { ConnectionType } from './connection.js';

@ObjectType({ description: 'The result of a registration act.' })
export class RegistrationPayload {
  @Field(() => Enterprise)
  enterprise!: Enterprise;

  @Field(() => Registration)
  registration!: Registration;

  @Field({ description: 'True when this idempotency key was used before: this is the first request’s result, nothing new was written.' })
  replayed!: boolean;
}

@ObjectType({ description: 'The result of a deregistration (注销).' })
export class DeregistrationPayload extends RegistrationPayload {
  @Field(() => Int, { description: 'Licences that were valid or suspended and are now cancelled.' })
  cancelledLicences!: number;
}

@ObjectType()
export class KindCount {
  @Field(() => EnterpriseKind)
  kind!: EnterpriseKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Registration acts of one day (Asia/Shanghai), for the dashboard.' })
export class RegistrationCountsType {
  @Field({ description: 'YYYY-MM-DD' })
  date!: string;

  @Field(() => Int, { description: 'Establishments (设立).' })
  established!: number;

  @Field(() => Int)
  changes!: number;

  @Field(() => Int)
  deregistrations!: number;

  @Field(() => [KindCount], { description: 'Establishments by kind of entity; every kind, zeros included.' })
  establishedByKind!: KindCount[];
}

export const EnterpriseConnection = ConnectionType('Enterprise', Enterprise);
