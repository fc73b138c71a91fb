// The operations digest: a day's sections (lines linking to their records), and sending it now.
import { http } from '../../../ui/http.ts';
import type { Digest, DigestSendBody } from '../../../../../src/schemas/digest.ts';

export type { Digest };
export type DigestSent = { date: string; recipients: number; alreadySent: boolean; digest: Digest };

/** A day's digest; today's in the workspace's time zone without a date. */
export const getDigest = (date: string) => http.get<Digest>('/api/digest', date ? { date } : {});

export const sendDigest = (body: DigestSendBody) => http.post<DigestSent>('/api/digest/send', body);
