// Accounts, contacts, activities and sequence enrolments: what the API takes and answers.
import { Type, type Static } from 'typebox';
import { accountStatuses, buyingRoles } from '../domain/opportunity.ts';
import { IsoDateTime, Nullable, oneOf, PageQuery, Uuid } from './common.ts';

export const activityKinds = ['note', 'call', 'email', 'meeting'] as const;
export const enrolmentStatuses = ['active', 'stopped', 'completed'] as const;

const optionalText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
const name = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

export const AccountStatus = oneOf(accountStatuses);
export type AccountStatus = Static<typeof AccountStatus>;
export const BuyingRole = oneOf(buyingRoles);
export type BuyingRole = Static<typeof BuyingRole>;
export const ActivityKind = oneOf(activityKinds);
export type ActivityKind = Static<typeof ActivityKind>;
export const EnrolmentStatus = oneOf(enrolmentStatuses);
export type EnrolmentStatus = Static<typeof EnrolmentStatus>;

export const Account = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  status: AccountStatus,
  ownerId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  csmId: Nullable(Type.String()),
  csmName: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Account = Static<typeof Account>;

export const Contact = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  title: Nullable(Type.String()),
  buyingRole: Nullable(BuyingRole),
  createdAt: Type.String(),
});
export type Contact = Static<typeof Contact>;

export const Activity = Type.Object({
  id: Type.String(),
  kind: ActivityKind,
  subject: Nullable(Type.String()),
  body: Type.String(),
  occurredAt: Type.String(),
  authorId: Nullable(Type.String()),
  authorName: Nullable(Type.String()),
  accountId: Type.String(),
  opportunityId: Nullable(Type.String()),
  contactId: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Activity = Static<typeof Activity>;

export const Enrolment = Type.Object({
  id: Type.String(),
  sequenceId: Type.String(),
  sequenceName: Type.String(),
  contactId: Type.String(),
  contactName: Type.String(),
  accountId: Type.String(),
  opportunityId: Nullable(Type.String()),
  status: EnrolmentStatus,
  stoppedReason: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
  enrolledAt: Type.String(),
});
export type Enrolment = Static<typeof Enrolment>;

export const Sequence = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  steps: Type.Integer(),
  active: Type.Boolean(),
});
export type Sequence = Static<typeof Sequence>;

export const AccountListQuery = Type.Object(
  { status: Type.Optional(AccountStatus), ownerId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
  { additionalProperties: false },
);
export type AccountListQuery = Static<typeof AccountListQuery>;

const accountFields = {
  name: name(200),
  domain: optionalText(253),
  industry: optionalText(100),
  status: Type.Optional(AccountStatus),
  ownerId: Type.Optional(Nullable(Uuid)),
  csmId: Type.Optional(Nullable(Uuid)),
};
export const NewAccount = Type.Object(accountFields, { additionalProperties: false });
export type NewAccount = Static<typeof NewAccount>;
export const AccountChange = Type.Object({ ...accountFields, name: Type.Optional(accountFields.name) }, { additionalProperties: false, minProperties: 1 });
export type AccountChange = Static<typeof AccountChange>;

export const ContactListQuery = Type.Object(
  { accountId: Type.Optional(Uuid), q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
  { additionalProperties: false },
);
export type ContactListQuery = Static<typeof ContactListQuery>;

export const NewContact = Type.Object(
  {
    accountId: Uuid,
    firstName: name(100),
    lastName: name(100),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
    phone: optionalText(50),
    title: optionalText(200),
    buyingRole: Type.Optional(Nullable(BuyingRole)),
  },
  { additionalProperties: false },
);
export type NewContact = Static<typeof NewContact>;

export const ContactChange = Type.Object(
  {
    firstName: Type.Optional(name(100)),
    lastName: Type.Optional(name(100)),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
    phone: optionalText(50),
    title: optionalText(200),
    buyingRole: Type.Optional(Nullable(BuyingRole)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ContactChange = Static<typeof ContactChange>;

export const ActivityListQuery = Type.Object(
  { opportunityId: Type.Optional(Uuid), accountId: Type.Optional(Uuid), kind: Type.Optional(ActivityKind), ...PageQuery },
  { additionalProperties: false },
);
export type ActivityListQuery = Static<typeof ActivityListQuery>;

export const NewActivity = Type.Object(
  {
    kind: ActivityKind,
    body: Type.String({ minLength: 1, maxLength: 200_000, pattern: '\\S' }),
    subject: optionalText(300),
    occurredAt: Type.Optional(IsoDateTime),
    opportunityId: Type.Optional(Uuid),
    accountId: Type.Optional(Uuid),
    contactId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
export type NewActivity = Static<typeof NewActivity>;

export const NewSequence = Type.Object(
  { name: name(200), description: optionalText(2000), steps: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
);
export type NewSequence = Static<typeof NewSequence>;

export const EnrolmentListQuery = Type.Object(
  {
    accountId: Type.Optional(Uuid),
    opportunityId: Type.Optional(Uuid),
    contactId: Type.Optional(Uuid),
    status: Type.Optional(EnrolmentStatus),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type EnrolmentListQuery = Static<typeof EnrolmentListQuery>;

export const NewEnrolment = Type.Object({ sequenceId: Uuid, contactId: Uuid, opportunityId: Type.Optional(Nullable(Uuid)) }, { additionalProperties: false });
export type NewEnrolment = Static<typeof NewEnrolment>;

export const StopEnrolment = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false });
export type StopEnrolment = Static<typeof StopEnrolment>;
