// What every part of the brief page shares: the brief, who the user is to it, the people to pick, and the source view.
import { createContext, useContext, type ReactNode } from 'react';
import type { WorkspaceUser } from '../../users/api/users.api.ts';
import type { Brief, Evidence } from '../api/brief.api.ts';

export type BriefContextValue = {
  brief: Brief;
  /** Replaces the brief with the one an action answered. */
  onBrief: (brief: Brief) => void;
  /** The user may change the brief (brief.write) and it is still open. */
  mayWrite: boolean;
  /** The user may record the kickoff and first value (brief.write), which goes on after acceptance. */
  mayRecord: boolean;
  /** The user acts as the brief's account executive (or is an admin). */
  isAe: boolean;
  /** The user acts as the brief's CSM (or is an admin). */
  isCsm: boolean;
  userId: string;
  timeZone: string;
  people: WorkspaceUser[] | undefined;
  /** Selects the quote's source in the source column, scrolls to the quote and highlights it. */
  showEvidence: (evidence: Evidence) => void;
};

const BriefContext = createContext<BriefContextValue | null>(null);

export function BriefProvider({ value, children }: { value: BriefContextValue; children: ReactNode }) {
  return <BriefContext.Provider value={value}>{children}</BriefContext.Provider>;
}

export function useBriefContext(): BriefContextValue {
  const value = useContext(BriefContext);
  if (!value) throw new Error('useBriefContext must be used inside <BriefProvider>');
  return value;
}

/** The title of a source by its id, as the brief lists them. */
export function sourceTitleOf(brief: Brief, sourceId: string): string {
  return brief.sources.find((s) => s.id === sourceId)?.title ?? 'A source no longer on the deal';
}
