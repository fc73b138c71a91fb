// The traction gate: delivery people join a deal only once it shows the traction signals the workspace requires
// (a stage reached, a meeting held, the budget confirmed). Trial tasks are the explicit path before it. Pure rules.
import type { Role } from './roles.ts';

export const tractionSignals = ['stage', 'meeting', 'budget'] as const;
export type TractionSignal = (typeof tractionSignals)[number];

/** The workspace's setting: no signal required means the gate is off. */
export type TractionGate = { signals: TractionSignal[]; stagePosition: number | null };

export const trialTaskCategory = 'trial';
export const trialAcceptances = ['accepted', 'not_accepted'] as const;
export type TrialAcceptance = (typeof trialAcceptances)[number];

/** What a deal shows, as far as the gate is concerned. */
export type DealSignals = {
  stageCategory: 'open' | 'won' | 'lost';
  stagePosition: number;
  /** The name of the stage at the gate's position in the deal's pipeline (for "reaches <stage>"). */
  gateStageName: string | null;
  meetingHeld: boolean;
  budgetConfirmed: boolean;
};

export type SignalState = { signal: TractionSignal; label: string; met: boolean };
export type Traction = {
  /** Whether the workspace requires any signal. */
  gated: boolean;
  /** Delivery people may join: the gate is off, the deal is won, or every required signal is there. */
  met: boolean;
  won: boolean;
  signals: SignalState[];
  /** The required signals not there yet, in words. */
  missing: string[];
};

export function signalLabel(signal: TractionSignal, gateStageName: string | null, stagePosition: number | null): string {
  switch (signal) {
    case 'stage':
      return `the deal reaches ${gateStageName ? `"${gateStageName}"` : `stage ${stagePosition ?? '?'}`}`;
    case 'meeting':
      return 'a meeting with the client is held';
    case 'budget':
      return 'the budget is confirmed';
  }
}

/** The deal's traction against the workspace's gate. A won deal is past the gate whatever it showed. */
export function assessTraction(gate: TractionGate, deal: DealSignals): Traction {
  const won = deal.stageCategory === 'won';
  const signals = tractionSignals
    .filter((s) => gate.signals.includes(s))
    .map((signal): SignalState => {
      const met =
        signal === 'stage'
          ? gate.stagePosition !== null && deal.stageCategory !== 'lost' && deal.stagePosition >= gate.stagePosition
          : signal === 'meeting'
            ? deal.meetingHeld
            : deal.budgetConfirmed;
      return { signal, label: signalLabel(signal, deal.gateStageName, gate.stagePosition), met: won || met };
    });
  const missing = signals.filter((s) => !s.met).map((s) => s.label);
  return { gated: signals.length > 0, met: missing.length === 0, won, signals, missing };
}

/** "the deal reaches "Proposal" and the budget is confirmed". */
export function listInWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The reason an assignment is refused before the gate. */
export function heldReason(personName: string, traction: Traction): string {
  return `${personName} is a delivery person and joins this deal once ${listInWords(traction.missing)}`;
}

/** Roles whose people are delivery people whatever the roster says. */
export const deliveryUserRoles: readonly Role[] = ['pm', 'cs'];
/** Roles whose people are never delivery people: sales sells, admins administer. */
const nonDeliveryRoles: readonly Role[] = ['sales', 'admin'];

/**
 * The one definition of a delivery person: a PM or CS user, or anyone on a delivery role of the team roster (the
 * solution architect, IT...), except sales people and admins.
 */
export function isDeliveryPerson(person: { role: Role }, onRoster: boolean): boolean {
  if (nonDeliveryRoles.includes(person.role)) return false;
  return deliveryUserRoles.includes(person.role) || onRoster;
}
