// The operations digest: a day's operational health after handoff, in sections of lines that link to their records.
import { Type, type Static } from 'typebox';
import { IsoDate, Nullable } from './common.ts';

export const DigestQuery = Type.Object({ date: Type.Optional(IsoDate) }, { additionalProperties: false });
export type DigestQuery = Static<typeof DigestQuery>;

export const DigestSendBody = Type.Object({ date: Type.Optional(IsoDate) }, { additionalProperties: false });
export type DigestSendBody = Static<typeof DigestSendBody>;

const DigestLine = Type.Object({ text: Type.String(), href: Type.String({ description: 'the record, as a path of the web app' }) });

export const Digest = Type.Object({
  date: Type.String(),
  title: Type.String(),
  sections: Type.Array(Type.Object({ key: Type.String(), title: Type.String(), lines: Type.Array(DigestLine) })),
});
export type Digest = Static<typeof Digest>;

export const DigestSent = Type.Object({
  date: Type.String(),
  recipients: Type.Integer({ description: "the workspace's active operations people and admins" }),
  alreadySent: Type.Boolean({ description: "this day's digest had gone out before: nobody received it twice" }),
  digest: Digest,
});

export const DigestSchedule = Type.Object(
  { hour: Nullable(Type.Integer({ minimum: 0, maximum: 23, description: "the hour of the workspace's day it goes out; null: on demand only" })) },
  { additionalProperties: false },
);
export type DigestSchedule = Static<typeof DigestSchedule>;
